import { describe, expect, it } from 'vitest';
import { decodeWsdMessage, encodeProbe, sameMessageId, type WsdMessage } from './codec';
import { NS, WSD_TO } from './namespaces';
import { FIXTURE_PROBE_ID, loadFixture, withRelatesTo } from './test-support';

function expectKind<K extends WsdMessage['kind']>(
  msg: WsdMessage,
  kind: K,
): Extract<WsdMessage, { kind: K }> {
  expect(msg, JSON.stringify(msg)).toMatchObject({ kind });
  return msg as Extract<WsdMessage, { kind: K }>;
}

describe('encodeProbe', () => {
  it('builds a SOAP 1.2, WS-Discovery 2005/04 Probe that our own decoder reads back', () => {
    const buf = encodeProbe({ messageId: 'urn:uuid:1234', types: ['dn:NetworkVideoTransmitter'] });
    const xml = buf.toString('utf8');
    expect(xml).toContain(`xmlns:s="${NS.soap12}"`);
    expect(xml).toContain(`xmlns:a="${NS.addressing}"`);
    expect(xml).toContain(`xmlns:d="${NS.discovery}"`);
    expect(xml).toContain(`xmlns:dn="${NS.onvifNetwork}"`);
    expect(xml).toContain(`<a:To s:mustUnderstand="true">${WSD_TO}</a:To>`);
    expect(xml).toContain(`${NS.discovery}/Probe</a:Action>`);
    const probe = expectKind(decodeWsdMessage(buf), 'probe');
    expect(probe).toMatchObject({ messageId: 'urn:uuid:1234', dialect: '2005/04' });
    expect(probe.types).toEqual(['dn:NetworkVideoTransmitter']);
  });

  it('declares the namespace of every type it lists', () => {
    const xml = encodeProbe({ messageId: 'urn:uuid:1', types: ['tds:Device'] }).toString();
    expect(xml).toContain(`xmlns:tds="${NS.onvifDevice}"`);
    expect(xml).not.toContain('xmlns:dn=');
    expect(xml).toContain('<d:Types>tds:Device</d:Types>');
  });

  it('escapes the MessageID so a hostile id cannot change the document', () => {
    const buf = encodeProbe({ messageId: 'urn:uuid:</a:MessageID><x>', types: ['tds:Device'] });
    const probe = expectKind(decodeWsdMessage(buf), 'probe');
    expect(probe.messageId).toBe('urn:uuid:</a:MessageID><x>');
  });
});

describe('decodeWsdMessage on the fixtures', () => {
  it('probe-matches-mockup: agsh mock-up shape with a uuid: endpoint', () => {
    const msg = expectKind(
      decodeWsdMessage(loadFixture('probe-matches-mockup.xml')),
      'probeMatches',
    );
    expect(msg.dialect).toBe('2005/04');
    expect(msg.relatesTo).toBe(FIXTURE_PROBE_ID);
    expect(msg.matches).toEqual([
      {
        endpoint: 'uuid:5a1e3b7c-90d2-4f68-a1b3-0c9d8e7f6a5b',
        types: ['dn:NetworkVideoTransmitter', 'tds:Device'],
        scopes: expect.arrayContaining([
          'onvif://www.onvif.org/hardware/HD_PREDATOR',
          'onvif://www.onvif.org/name/PREDATOR',
          'onvif://www.onvif.org/location/',
        ]),
        xaddrs: ['http://192.168.0.90:8000/onvif/device_service'],
        metadataVersion: 1,
      },
    ]);
  });

  it('probe-matches-hikvision: env:/wsadis:/d: prefixes, three XAddrs as sent', () => {
    const msg = expectKind(
      decodeWsdMessage(loadFixture('probe-matches-hikvision.xml')),
      'probeMatches',
    );
    expect(msg.messageId).toBe('urn:uuid:3c2f7e00-1d44-11b4-8a3c-bcad284f11e0');
    expect(msg.matches).toHaveLength(1);
    expect(msg.matches[0]).toMatchObject({
      endpoint: 'urn:uuid:3c2f7e00-1d44-11b4-8a3c-bcad284f11e0',
      metadataVersion: 10,
      xaddrs: [
        'http://169.254.24.117/onvif/device_service',
        'http://192.168.1.64/onvif/device_service',
        'http://[fe80::bead:28ff:fe4f:11e0]/onvif/device_service',
      ],
    });
    expect(msg.matches[0]!.scopes).toContain(
      'onvif://www.onvif.org/name/HIKVISION%20DS-2CD2143G2-I',
    );
  });

  it('probe-matches-2009: the OASIS 2009/01 dialect with WS-Addressing 1.0', () => {
    const msg = expectKind(decodeWsdMessage(loadFixture('probe-matches-2009.xml')), 'probeMatches');
    expect(msg.dialect).toBe('2009/01');
    expect(msg.relatesTo).toBe(FIXTURE_PROBE_ID);
    expect(msg.matches[0]).toMatchObject({
      endpoint: 'urn:uuid:a7c3e5f1-2b4d-4e6f-8a0b-00120c3d4e5f',
      types: ['tdn:NetworkVideoTransmitter'],
      xaddrs: ['http://192.168.1.10:8899/onvif/device_service'],
    });
  });

  it('hello: one match with its endpoint, types, scopes and XAddrs', () => {
    const msg = expectKind(decodeWsdMessage(loadFixture('hello.xml')), 'hello');
    expect(msg.match).toMatchObject({
      endpoint: 'uuid:e3b0c442-98fc-1c14-9afb-3c8e5a0b1d2f',
      xaddrs: ['http://192.168.1.108/onvif/device_service'],
      metadataVersion: 1,
    });
  });

  it('bye: the endpoint that left', () => {
    const msg = expectKind(decodeWsdMessage(loadFixture('bye.xml')), 'bye');
    expect(msg.endpoint).toBe('uuid:e3b0c442-98fc-1c14-9afb-3c8e5a0b1d2f');
  });

  it('fault: invalid, with the fault code, subcode and reason', () => {
    const msg = expectKind(decodeWsdMessage(loadFixture('fault.xml')), 'invalid');
    expect(msg.reason).toBe(
      'SOAP Fault: SOAP-ENV:Sender/wsdd:MatchingRuleNotSupported: the matching rule specified is not supported',
    );
  });

  it('windows-wsd-probe-matches: a PC is ignored, not mistaken for tds:Device', () => {
    const msg = expectKind(
      decodeWsdMessage(loadFixture('windows-wsd-probe-matches.xml')),
      'ignored',
    );
    expect(msg.reason).toContain('wsdp:Device pub:Computer');
  });

  it('truncated-probe-matches: invalid, with a short reason', () => {
    const msg = expectKind(decodeWsdMessage(loadFixture('truncated-probe-matches.xml')), 'invalid');
    expect(msg.reason).toMatch(/^malformed XML/);
    expect(msg.reason.length).toBeLessThan(220);
  });

  it('withRelatesTo makes a fixture answer a given probe', () => {
    const msg = decodeWsdMessage(
      withRelatesTo(loadFixture('probe-matches-2009.xml'), 'urn:uuid:x'),
    );
    expect(expectKind(msg, 'probeMatches').relatesTo).toBe('urn:uuid:x');
  });
});

const HIK = loadFixture('probe-matches-hikvision.xml').toString('utf8');

describe('decodeWsdMessage tolerance', () => {
  it('reads the same facts whatever prefixes the firmware chose', () => {
    const reference = expectKind(decodeWsdMessage(HIK), 'probeMatches').matches;
    const variants = [
      HIK.replaceAll('env:', 'SOAP-ENV:').replaceAll('xmlns:env=', 'xmlns:SOAP-ENV='),
      HIK.replaceAll('<d:', '<wsdd:')
        .replaceAll('</d:', '</wsdd:')
        .replace('xmlns:d=', 'xmlns:wsdd='),
      // default namespace instead of a prefix for the envelope
      HIK.replaceAll('<env:', '<').replaceAll('</env:', '</').replace('xmlns:env=', 'xmlns='),
    ];
    for (const xml of variants) {
      expect(expectKind(decodeWsdMessage(xml), 'probeMatches').matches).toEqual(reference);
    }
  });

  it('accepts a SOAP 1.1 envelope', () => {
    const xml = HIK.replace(`xmlns:env="${NS.soap12}"`, `xmlns:env="${NS.soap11}"`);
    expect(decodeWsdMessage(xml).kind).toBe('probeMatches');
  });

  it('reports a SOAP 1.1 Fault with its faultstring', () => {
    const xml = `<e:Envelope xmlns:e="${NS.soap11}"><e:Body><e:Fault><faultcode>e:Client</faultcode><faultstring>xml format error</faultstring></e:Fault></e:Body></e:Envelope>`;
    expect(decodeWsdMessage(xml)).toEqual({
      kind: 'invalid',
      reason: 'SOAP Fault: e:Client: xml format error',
    });
  });

  it('treats undeclared dn:/tds: prefixes as ONVIF (cheap firmware forgets the xmlns)', () => {
    const xml = HIK.replace(/ xmlns:dn="[^"]+"/, '').replace(/ xmlns:tds="[^"]+"/, '');
    expect(decodeWsdMessage(xml).kind).toBe('probeMatches');
  });

  it('keeps only the ONVIF matches of a mixed ProbeMatches', () => {
    const win =
      '<d:ProbeMatch><wsadis:EndpointReference><wsadis:Address>urn:uuid:pc</wsadis:Address></wsadis:EndpointReference><d:Types>wsdp:Device</d:Types></d:ProbeMatch>';
    const xml = HIK.replace('<d:ProbeMatches>', `<d:ProbeMatches>${win}`).replace(
      '<env:Envelope ',
      '<env:Envelope xmlns:wsdp="http://schemas.xmlsoap.org/ws/2006/02/devprof" ',
    );
    const msg = expectKind(decodeWsdMessage(xml), 'probeMatches');
    expect(msg.matches.map((m) => m.endpoint)).toEqual([
      'urn:uuid:3c2f7e00-1d44-11b4-8a3c-bcad284f11e0',
    ]);
  });

  it('decodes the predefined XML entities in values', () => {
    const xml = HIK.replace(
      'http://192.168.1.64/onvif/device_service',
      'http://192.168.1.64/onvif/device_service?a=1&amp;b=2',
    );
    const msg = expectKind(decodeWsdMessage(xml), 'probeMatches');
    expect(msg.matches[0]!.xaddrs).toContain('http://192.168.1.64/onvif/device_service?a=1&b=2');
  });

  it.each([
    ['JSON', '{"not":"xml"}', 'invalid'],
    ['non-SOAP XML', '<root/>', 'invalid'],
    ['two roots', '<a/><b/>', 'invalid'],
    [
      'a Body without payload',
      `<s:Envelope xmlns:s="${NS.soap12}"><s:Body/></s:Envelope>`,
      'invalid',
    ],
    ['no Body', `<s:Envelope xmlns:s="${NS.soap12}"><s:Header/></s:Envelope>`, 'invalid'],
    [
      'a foreign body element',
      `<s:Envelope xmlns:s="${NS.soap12}"><s:Body><x:Y xmlns:x="urn:y"/></s:Body></s:Envelope>`,
      'ignored',
    ],
    [
      'a Resolve',
      `<s:Envelope xmlns:s="${NS.soap12}" xmlns:d="${NS.discovery}"><s:Body><d:Resolve/></s:Body></s:Envelope>`,
      'ignored',
    ],
    [
      'an empty ProbeMatches',
      `<s:Envelope xmlns:s="${NS.soap12}" xmlns:d="${NS.discovery}"><s:Body><d:ProbeMatches/></s:Body></s:Envelope>`,
      'ignored',
    ],
    [
      'a ProbeMatch without endpoint',
      `<s:Envelope xmlns:s="${NS.soap12}" xmlns:d="${NS.discovery}"><s:Body><d:ProbeMatches><d:ProbeMatch><d:Types>dn:NetworkVideoTransmitter</d:Types></d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>`,
      'invalid',
    ],
  ])('classifies %s', (_name, xml, kind) => {
    expect(decodeWsdMessage(xml).kind).toBe(kind);
  });
});

describe('sameMessageId', () => {
  it('matches ids echoed with other case or without urn:', () => {
    expect(sameMessageId('urn:uuid:ABC-1', 'uuid:abc-1')).toBe(true);
    expect(sameMessageId('urn:uuid:abc-1', 'urn:uuid:abc-2')).toBe(false);
    expect(sameMessageId(null, 'urn:uuid:abc-1')).toBe(false);
  });
});
