/**
 * Hostile and broken input: the decoder must answer every datagram with a result, never an
 * exception, and must never expand an entity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWsdMessage } from './codec';
import { FIXTURES, loadFixture } from './test-support';

const KINDS = ['probeMatches', 'hello', 'bye', 'probe', 'ignored', 'invalid'];

function decodesSafely(input: Buffer | string): ReturnType<typeof decodeWsdMessage> {
  const result = decodeWsdMessage(input); // a throw fails the property
  expect(KINDS).toContain(result.kind);
  return result;
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"><s:Body><d:Hello><a:EndpointReference><a:Address>&lol9;</a:Address></a:EndpointReference><d:Scopes>onvif://www.onvif.org/name/&lol9;</d:Scopes></d:Hello></s:Body></s:Envelope>`;

describe('decodeWsdMessage under fuzzing', () => {
  it('never throws on random bytes, and random bytes are never a device', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        expect(['invalid', 'ignored']).toContain(decodesSafely(Buffer.from(bytes)).kind);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random XML-ish text', () => {
    const xmlish = fc
      .array(
        fc.constantFrom(
          '<',
          '>',
          '/',
          ':',
          '=',
          '"',
          '&',
          ';',
          '!',
          '?',
          'a',
          's:Envelope',
          'Body',
          ' ',
          '\n',
          '<![CDATA[',
          ']]>',
          '<!--',
          '-->',
          '&#x0;',
          '&amp;',
        ),
        { maxLength: 200 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(xmlish, (text) => void decodesSafely(text)),
      { numRuns: 500 },
    );
  });

  it.each(FIXTURES)('every truncation of %s is invalid until the root element closes', (name) => {
    const full = loadFixture(name);
    const rootClosedAt = full.toString('utf8').trimEnd().length;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: full.length }), (cut) => {
        const result = decodesSafely(full.subarray(0, cut));
        if (cut < rootClosedAt) expect(result.kind).toBe('invalid');
      }),
      { numRuns: 300 },
    );
  });

  it.each(FIXTURES)('random byte corruption of %s never throws', (name) => {
    const full = loadFixture(name);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(full.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (edits) => {
          const copy = Buffer.from(full);
          for (const [at, byte] of edits) copy[at] = byte;
          decodesSafely(copy);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('decodeWsdMessage limits', () => {
  it('refuses input over 64 KiB before parsing it', () => {
    const padding = ' '.repeat(64 * 1024);
    const big = loadFixture('probe-matches-hikvision.xml')
      .toString()
      .replace('<env:Body>', `<env:Body>${padding}`);
    const result = decodeWsdMessage(big);
    expect(result).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/^too large/) });
  });

  it('honours a lower maxBytes, but never a higher one', () => {
    const fixture = loadFixture('probe-matches-hikvision.xml');
    expect(decodeWsdMessage(fixture, { maxBytes: 100 }).kind).toBe('invalid');
    const huge = Buffer.alloc(70 * 1024, 0x20);
    expect(decodeWsdMessage(huge, { maxBytes: 1024 * 1024 })).toMatchObject({
      reason: expect.stringMatching(/limit 65536/),
    });
  });

  it('refuses the billion laughs without expanding anything', () => {
    const started = performance.now();
    const result = decodeWsdMessage(BILLION_LAUGHS);
    expect(result).toEqual({ kind: 'invalid', reason: 'DOCTYPE/ENTITY refused' });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each([
    ['a lower-case doctype', BILLION_LAUGHS.replace('<!DOCTYPE', '<!doctype')],
    ['a doctype after a BOM', '\uFEFF' + BILLION_LAUGHS],
    [
      'an external entity (XXE)',
      '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>',
    ],
    ['a bare ENTITY declaration', '<x><!ENTITY a "b"></x>'],
  ])('refuses %s', (_name, xml) => {
    expect(decodeWsdMessage(xml)).toEqual({ kind: 'invalid', reason: 'DOCTYPE/ENTITY refused' });
  });

  it('leaves an undeclared entity reference unexpanded', () => {
    const xml = loadFixture('hello.xml').toString().replace('name/IPC-HDW1230T1', 'name/&lol9;');
    const result = decodeWsdMessage(xml);
    if (result.kind === 'hello')
      expect(result.match.scopes).toContain('onvif://www.onvif.org/name/&lol9;');
    else expect(result.kind).toBe('invalid');
  });

  it('refuses absurd nesting without overflowing the stack', () => {
    const depth = 5000;
    const xml = '<a>'.repeat(depth) + '</a>'.repeat(depth);
    expect(decodeWsdMessage(xml).kind).toBe('invalid');
  });
});
