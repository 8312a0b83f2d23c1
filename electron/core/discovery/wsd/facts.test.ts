import { describe, expect, it } from 'vitest';
import { assumedVendorFromScopeName } from './assumptions';
import { decodeWsdMessage } from './codec';
import type { WsdMatch } from './match';
import {
  factsFromMatch,
  normalizeEndpoint,
  normalizeMac,
  orderXaddrs,
  parseOnvifScope,
} from './facts';
import { loadFixture, type FixtureName } from './test-support';

function firstMatch(name: FixtureName): WsdMatch {
  const msg = decodeWsdMessage(loadFixture(name));
  if (msg.kind !== 'probeMatches') throw new Error(`${name}: ${msg.kind}`);
  return msg.matches[0]!;
}

function match(scopes: string[], xaddrs: string[] = []): WsdMatch {
  return { endpoint: 'urn:uuid:1', types: [], scopes, xaddrs, metadataVersion: 1 };
}

const S = 'onvif://www.onvif.org/';

describe('parseOnvifScope', () => {
  it('splits category and value and percent-decodes each segment', () => {
    expect(parseOnvifScope(`${S}name/HIKVISION%20DS-2CD2143G2-I`)).toEqual({
      category: 'name',
      value: 'HIKVISION DS-2CD2143G2-I',
    });
    expect(parseOnvifScope(`${S}location/city/hangzhou`)).toEqual({
      category: 'location',
      value: 'city/hangzhou',
    });
  });

  it('compares the category and host case-insensitively', () => {
    expect(parseOnvifScope('ONVIF://www.ONVIF.org/Hardware/X1')?.category).toBe('hardware');
    expect(parseOnvifScope(`${S}Profile/Q/FactoryDefault`)).toEqual({
      category: 'profile',
      value: 'Q/FactoryDefault',
    });
  });

  it('folds the assumed aliases serial and mac into the spec categories', () => {
    expect(parseOnvifScope(`${S}serial/ABC`)?.category).toBe('serialnumber');
    expect(parseOnvifScope(`${S}MAC/aa:bb:cc:dd:ee:ff`)?.category).toBe('macaddress');
  });

  it('keeps a malformed percent escape rather than dropping the scope', () => {
    expect(parseOnvifScope(`${S}name/100%25%zz`)?.value).toBe('100%%zz');
  });

  it('returns null outside the ONVIF scheme and for an empty category', () => {
    expect(parseOnvifScope('http://example.com/x')).toBeNull();
    expect(parseOnvifScope(S)).toBeNull();
  });
});

describe('normalizers', () => {
  it.each([
    ['BC:AD:28:4F:11:E0', 'bc:ad:28:4f:11:e0'],
    ['bc-ad-28-4f-11-e0', 'bc:ad:28:4f:11:e0'],
    ['bcad284f11e0', 'bc:ad:28:4f:11:e0'],
    ['bcad.284f.11e0', 'bc:ad:28:4f:11:e0'],
    ['00:00:00:00:00:00', null],
    ['ff:ff:ff:ff:ff:ff', null],
    ['****************', null],
    ['bc:ad:28', null],
  ])('normalizeMac(%s) = %s', (input, expected) => {
    expect(normalizeMac(input)).toBe(expected);
  });

  it('writes every UUID endpoint as urn:uuid:<lower case>', () => {
    expect(normalizeEndpoint('uuid:5A1E3B7C-90D2-4F68-A1B3-0C9D8E7F6A5B')).toBe(
      'urn:uuid:5a1e3b7c-90d2-4f68-a1b3-0c9d8e7f6a5b',
    );
    expect(normalizeEndpoint(' urn:uuid:JetsonONVIF-001 ')).toBe('urn:uuid:JetsonONVIF-001');
  });
});

describe('orderXaddrs', () => {
  const v4 = 'http://192.168.1.64/onvif/device_service';
  const other = 'http://10.0.0.7/onvif/device_service';
  const ll4 = 'http://169.254.24.117/onvif/device_service';
  const ll6 = 'http://[fe80::1]/onvif/device_service';
  const v6 = 'http://[2001:db8::7]/onvif/device_service';

  it('puts the XAddr on the reply source first and drops link-local', () => {
    expect(orderXaddrs([ll4, other, v6, v4, ll6], '192.168.1.64')).toEqual([v4, other, v6]);
  });

  it('keeps link-local when nothing else is offered', () => {
    expect(orderXaddrs([ll6, ll4], '192.168.1.64')).toEqual([ll6, ll4]);
  });

  it('keeps a link-local XAddr that is where the reply came from, first', () => {
    expect(orderXaddrs([other, ll4], '169.254.24.117')).toEqual([ll4, other]);
  });

  it('keeps the order of equals (https after http as sent), drops duplicates and non-URLs', () => {
    const https = 'https://192.168.1.64/onvif/device_service';
    expect(
      orderXaddrs([v4, 'SERVICE_URI', https, v4, 'ftp://192.168.1.64/'], '192.168.1.64'),
    ).toEqual([v4, https]);
  });
});

describe('factsFromMatch', () => {
  it('Hikvision: model, MAC, vendor from the name, the usable XAddr', () => {
    expect(factsFromMatch(firstMatch('probe-matches-hikvision.xml'), '192.168.1.64')).toEqual({
      endpoint: 'urn:uuid:3c2f7e00-1d44-11b4-8a3c-bcad284f11e0',
      xaddrs: ['http://192.168.1.64/onvif/device_service'],
      scopes: expect.arrayContaining([`${S}Profile/G`]),
      model: 'DS-2CD2143G2-I',
      mac: 'bc:ad:28:4f:11:e0',
      vendor: 'Hikvision',
    });
  });

  it('agsh mock-up: model from hardware, no vendor from a name that is not a brand', () => {
    const facts = factsFromMatch(firstMatch('probe-matches-mockup.xml'), '192.168.0.90');
    expect(facts).toMatchObject({
      endpoint: 'urn:uuid:5a1e3b7c-90d2-4f68-a1b3-0c9d8e7f6a5b',
      model: 'HD_PREDATOR',
    });
    expect(facts.vendor).toBeUndefined();
  });

  it('2009 dialect: Profile Q factory default', () => {
    const facts = factsFromMatch(firstMatch('probe-matches-2009.xml'), '192.168.1.10');
    expect(facts).toMatchObject({ model: 'IPC-3MP', profileQ: 'factoryDefault' });
  });

  it('reads serial, MAC and firmware under either spelling', () => {
    const facts = factsFromMatch(
      match([
        `${S}SerialNumber/DS-2CD2143G2-I20210101AAWRF12345678`,
        `${S}MacAddress/BC-AD-28-4F-11-E0`,
        `${S}firmware/V5.7.3%20build%20220112`,
        `${S}Profile/Q/Operational`,
      ]),
      '192.168.1.64',
    );
    expect(facts).toMatchObject({
      serial: 'DS-2CD2143G2-I20210101AAWRF12345678',
      mac: 'bc:ad:28:4f:11:e0',
      firmware: 'V5.7.3 build 220112',
      profileQ: 'operational',
    });
    expect(
      factsFromMatch(match([`${S}serial/X1`, `${S}mac/aabbccddeeff`]), '1.2.3.4'),
    ).toMatchObject({
      serial: 'X1',
      mac: 'aa:bb:cc:dd:ee:ff',
    });
  });

  it('skips empty and unusable values instead of setting blanks', () => {
    const facts = factsFromMatch(match([`${S}hardware/`, `${S}mac/none`, `${S}name/`]), '1.2.3.4');
    expect(facts.model).toBeUndefined();
    expect(facts.mac).toBeUndefined();
    expect(facts.vendor).toBeUndefined();
  });
});

describe('assumedVendorFromScopeName', () => {
  it.each([
    ['HIKVISION DS-2CD2143G2-I', 'Hikvision'],
    ['hikvision', 'Hikvision'],
    ['Dahua_IPC', 'Dahua'],
    ['AXIS P3245-LV', 'Axis'],
    ['PREDATOR', undefined],
    ['IPC-HDW1230T1', undefined],
    ['Front door', undefined],
    ['', undefined],
  ])('%s -> %s', (name, vendor) => {
    expect(assumedVendorFromScopeName(name)).toBe(vendor);
  });
});
