import { describe, expect, it } from 'vitest';
import {
  decodeDeviceInformation,
  decodeFault,
  decodeNetworkInterfaces,
  decodeScopes,
  decodeSystemDateAndTime,
  decodeUsers,
  parseEnvelope,
} from './codec';
import { isNotAuthorizedFault, OnvifFaultError } from './errors';
import { fixture } from './test-device';
import { assumedLocalDateTimeToUtc } from './time';
import { decodeXmlText } from './xml';

const wrap = (body: string): string =>
  '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" ' +
  'xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema">' +
  `<e:Body>${body}</e:Body></e:Envelope>`;

describe('decodeSystemDateAndTime', () => {
  it('reads UTCDateTime', () => {
    expect(decodeSystemDateAndTime(fixture('GetSystemDateAndTime.xml'))).toEqual({
      utc: new Date('2024-03-05T09:15:42Z'),
      source: 'UTCDateTime',
      dateTimeType: 'NTP',
      timeZone: 'CST-8:00:00',
      daylightSavings: false,
    });
  });

  it('falls back to LocalDateTime with the POSIX zone and says so', () => {
    const t = decodeSystemDateAndTime(fixture('GetSystemDateAndTime.no-utc.xml'));
    expect(t.source).toBe('LocalDateTime');
    expect(t.utc.toISOString()).toBe('2024-03-05T09:15:42.000Z');
  });

  it('converts POSIX zones with inverted signs, and leaves unknown zones as UTC', () => {
    const local = Date.UTC(2024, 0, 1, 12);
    expect(assumedLocalDateTimeToUtc(local, 'EST5EDT')).toBe(Date.UTC(2024, 0, 1, 17));
    expect(assumedLocalDateTimeToUtc(local, 'GMT-05:30')).toBe(Date.UTC(2024, 0, 1, 6, 30));
    expect(assumedLocalDateTimeToUtc(local, 'Europe/Berlin')).toBe(local);
    expect(assumedLocalDateTimeToUtc(local, null)).toBe(local);
  });

  it('rejects an impossible clock and a reply with neither time', () => {
    const bad = wrap(
      '<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:UTCDateTime>' +
        '<tt:Time><tt:Hour>1</tt:Hour><tt:Minute>0</tt:Minute><tt:Second>0</tt:Second></tt:Time>' +
        '<tt:Date><tt:Year>2024</tt:Year><tt:Month>2</tt:Month><tt:Day>31</tt:Day></tt:Date>' +
        '</tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>',
    );
    expect(() => decodeSystemDateAndTime(bad)).toThrow(/could not read/);
    const none = wrap('<tds:GetSystemDateAndTimeResponse/>');
    expect(() => decodeSystemDateAndTime(none)).toThrowError(
      expect.objectContaining({ code: 'DEVICE_BAD_REPLY' }),
    );
  });
});

describe('decodeDeviceInformation', () => {
  it('reads the Hikvision-style reply', () => {
    expect(decodeDeviceInformation(fixture('GetDeviceInformation.hikvision.xml'))).toEqual({
      manufacturer: 'HIKVISION',
      model: 'DS-2CD2143G2-I',
      firmwareVersion: 'V5.7.3 build 220112',
      serialNumber: 'DS-2CD2143G2-I20220318AAWRJ12345678',
      hardwareId: '88',
    });
  });

  it('reads the mockup reply, keeps serial 00000000 a string and ignores the header', () => {
    expect(decodeDeviceInformation(fixture('GetDeviceInformation.mockup.xml'))).toEqual({
      manufacturer: 'Mockup Manufacturer',
      model: 'Mockup Model',
      firmwareVersion: 'Mockup_15_14_13',
      serialNumber: '00000000',
      hardwareId: 'MOCKUP',
    });
  });

  it('decodes predefined entities once, never twice', () => {
    const info = decodeDeviceInformation(
      wrap(
        '<tds:GetDeviceInformationResponse><tds:Manufacturer>A&amp;B &#x41;&amp;lt;</tds:Manufacturer>' +
          '<tds:Model/></tds:GetDeviceInformationResponse>',
      ),
    );
    expect(info.manufacturer).toBe('A&B A&lt;');
    expect(info.model).toBeNull();
    expect(decodeXmlText('&#0;&#xD800;&bogus;')).toBe('\uFFFD\uFFFD&bogus;');
  });
});

describe('decodeScopes', () => {
  it('reads every scope with its definition', () => {
    const scopes = decodeScopes(fixture('GetScopes.xml'));
    expect(scopes).toHaveLength(8);
    expect(scopes[0]).toEqual({ def: 'Fixed', item: 'onvif://www.onvif.org/type/video_encoder' });
    expect(scopes.at(-1)).toEqual({
      def: 'Configurable',
      item: 'onvif://www.onvif.org/location/city/hangzhou',
    });
  });

  it('handles a single scope (no array) and an empty list', () => {
    const one = wrap(
      '<tds:GetScopesResponse><tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef>' +
        '<tt:ScopeItem>onvif://www.onvif.org/Profile/Q/FactoryDefault</tt:ScopeItem></tds:Scopes>' +
        '</tds:GetScopesResponse>',
    );
    expect(decodeScopes(one)).toEqual([
      { def: 'Fixed', item: 'onvif://www.onvif.org/Profile/Q/FactoryDefault' },
    ]);
    expect(decodeScopes(wrap('<tds:GetScopesResponse/>'))).toEqual([]);
  });
});

describe('decodeNetworkInterfaces', () => {
  it('reads name, MAC, MTU and the IPv4 address', () => {
    expect(decodeNetworkInterfaces(fixture('GetNetworkInterfaces.xml'))).toEqual([
      {
        token: 'eth0',
        enabled: true,
        name: 'eth0',
        hwAddress: '44:19:b6:12:34:56',
        mtu: 1500,
        ipv4Enabled: true,
        dhcp: false,
        ipv4: [{ address: '192.168.1.64', prefixLength: 24, origin: 'manual' }],
      },
    ]);
  });
});

describe('decodeUsers', () => {
  it('reads a Core-conformant list', () => {
    expect(decodeUsers(fixture('GetUsers.xml'))).toEqual({
      users: [
        { username: 'admin', level: 'Administrator' },
        { username: 'installer', level: 'Operator' },
        { username: 'viewer', level: 'User' },
      ],
      passwordsDropped: false,
    });
  });

  it('drops Password elements and only flags that they were there', () => {
    const result = decodeUsers(fixture('GetUsers.with-password.xml'));
    expect(result.passwordsDropped).toBe(true);
    expect(result.users).toEqual([
      { username: 'admin', level: 'Administrator' },
      { username: 'guest', level: 'User' },
    ]);
    expect(JSON.stringify(result)).not.toMatch(/Leaked/);
  });
});

describe('SOAP faults', () => {
  it('reads env:Sender / ter:NotAuthorized', () => {
    const fault = decodeFault(fixture('Fault.NotAuthorized.xml'));
    expect(fault).toEqual({
      code: 'env:Sender',
      subcodes: ['ter:NotAuthorized'],
      reason: 'Sender not Authorized',
    });
    expect(isNotAuthorizedFault(fault!)).toBe(true);
  });

  it('reads nested subcodes, and decoders turn a fault into OnvifFaultError', () => {
    const xml = fixture('Fault.ActionNotSupported.xml');
    expect(decodeFault(xml)?.subcodes).toEqual(['ter:ActionNotSupported', 'ter:NoSuchService']);
    expect(() => decodeDeviceInformation(xml)).toThrow(OnvifFaultError);
    expect(() => decodeDeviceInformation(xml)).toThrowError(
      expect.objectContaining({ code: 'DEVICE_BAD_REPLY', detail: 'SOAP fault ter:NoSuchService' }),
    );
  });

  it('reads a SOAP 1.1 fault', () => {
    const xml =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>' +
      '<faultcode>ter:NotAuthorized</faultcode><faultstring>no</faultstring></s:Fault></s:Body></s:Envelope>';
    const fault = decodeFault(xml)!;
    expect(fault).toEqual({ code: 'ter:NotAuthorized', subcodes: [], reason: 'no' });
    expect(isNotAuthorizedFault(fault)).toBe(true);
  });

  it('is null for a normal reply', () => {
    expect(decodeFault(fixture('GetUsers.xml'))).toBeNull();
  });
});

describe('hostile and broken input', () => {
  const code = (fn: () => unknown): string => {
    try {
      fn();
      return 'returned';
    } catch (err) {
      return (err as { code?: string }).code ?? 'raw';
    }
  };

  it('refuses a DOCTYPE (entity bomb) before parsing', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>' +
      wrap('<tds:GetScopesResponse>&lol2;</tds:GetScopesResponse>');
    expect(() => parseEnvelope(bomb)).toThrowError(
      expect.objectContaining({ detail: 'DOCTYPE refused' }),
    );
  });

  it('caps the size', () => {
    const big = wrap(`<tds:GetScopesResponse>${'a'.repeat(1024)}</tds:GetScopesResponse>`);
    expect(code(() => parseEnvelope(big, 512))).toBe('DEVICE_BAD_REPLY');
  });

  it('rejects truncation, deep nesting, non-SOAP and prototype names', () => {
    const xml = fixture('GetUsers.xml');
    expect(code(() => decodeUsers(xml.slice(0, xml.length / 2)))).toBe('DEVICE_BAD_REPLY');
    expect(code(() => parseEnvelope('<a>'.repeat(5000) + '</a>'.repeat(5000)))).toBe(
      'DEVICE_BAD_REPLY',
    );
    expect(code(() => parseEnvelope('<html><body>nope</body></html>'))).toBe('DEVICE_BAD_REPLY');
    expect(code(() => decodeScopes(wrap('<__proto__><x>1</x></__proto__>')))).toBe(
      'DEVICE_BAD_REPLY',
    );
    expect(code(() => decodeScopes(wrap('<tds:GetUsersResponse/>')))).toBe('DEVICE_BAD_REPLY');
  });
});
