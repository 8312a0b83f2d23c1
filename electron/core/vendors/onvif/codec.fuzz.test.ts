/**
 * Property tests: whatever bytes a device sends, a decoder returns or throws a CustodianError.
 * Anything else (TypeError, RangeError, a parser's own Error) would end a scan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustodianError } from '../../../shared/errors';
import * as codec from './codec';
import { fixture } from './test-device';

const DECODERS: Array<[string, (xml: string) => unknown]> = [
  ['parseEnvelope', (x) => codec.parseEnvelope(x)],
  ['decodeFault', (x) => codec.decodeFault(x)],
  ['decodeSystemDateAndTime', (x) => codec.decodeSystemDateAndTime(x)],
  ['decodeDeviceInformation', (x) => codec.decodeDeviceInformation(x)],
  ['decodeScopes', (x) => codec.decodeScopes(x)],
  ['decodeNetworkInterfaces', (x) => codec.decodeNetworkInterfaces(x)],
  ['decodeUsers', (x) => codec.decodeUsers(x)],
];

const FIXTURES = [
  'GetSystemDateAndTime.xml',
  'GetSystemDateAndTime.no-utc.xml',
  'GetDeviceInformation.hikvision.xml',
  'GetDeviceInformation.mockup.xml',
  'GetScopes.xml',
  'GetNetworkInterfaces.xml',
  'GetUsers.xml',
  'GetUsers.with-password.xml',
  'Fault.NotAuthorized.xml',
  'Fault.ActionNotSupported.xml',
].map(fixture);

/** True when `fn` returns, or throws only a CustodianError. */
function onlyCustodianErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (err) {
    return err instanceof CustodianError;
  }
}

const every = (xml: string): boolean =>
  DECODERS.every(([, d]) => onlyCustodianErrors(() => d(xml)));

const fixtureArb = fc.constantFrom(...FIXTURES);
const xmlish = fc.array(
  fc.oneof(
    fc.constantFrom('<', '>', '/', '</', '/>', '<![CDATA[', ']]>', '<?xml ?>', '&', '&amp;', '&#'),
    fc.constantFrom('Envelope', 'Body', 'Fault', 'Code', 'Subcode', 'Value', 'User', 'Password'),
    fc.constantFrom('__proto__', 'constructor', 'env:', 'tt:', 'tds:', '="', '"', ' ', 'xmlns'),
    fc.string({ maxLength: 8 }),
  ),
  { maxLength: 60 },
);

describe('decoders under fuzz', () => {
  it('random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), every), { numRuns: 300 });
  });

  it('XML-ish token soup', () => {
    fc.assert(
      fc.property(xmlish, (parts) => every(parts.join(''))),
      { numRuns: 400 },
    );
  });

  it('every truncation point of every fixture family', () => {
    fc.assert(
      fc.property(fixtureArb, fc.nat(), (xml, cut) => every(xml.slice(0, cut % (xml.length + 1)))),
      { numRuns: 300 },
    );
  });

  it('fixtures with a random span replaced by junk', () => {
    fc.assert(
      fc.property(
        fixtureArb,
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 20 }),
        (xml, a, b, junk) => {
          const i = a % xml.length;
          const j = i + (b % 40);
          return every(xml.slice(0, i) + junk + xml.slice(j));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('bombs: entity expansion, deep nesting, wide fan-out, oversize', () => {
    const lol = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`,
    );
    const bombs = [
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY l0 "lol">${lol.join('')}]><x>&l9;</x>`,
      '<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>',
      '<a>'.repeat(50_000),
      `<a>${'<b/>'.repeat(50_000)}</a>`,
      `<e:Envelope xmlns:e="x"><e:Body>${'x'.repeat(1024 * 1024)}</e:Body></e:Envelope>`,
    ];
    for (const xml of bombs) {
      for (const [name, decode] of DECODERS) {
        expect(
          onlyCustodianErrors(() => decode(xml)),
          `${name} on a bomb`,
        ).toBe(true);
      }
    }
  });
});
