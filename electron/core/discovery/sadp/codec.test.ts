import { describe, expect, it } from 'vitest';
import { decodeSadpMessage, encodeInquiry, type SadpMatch } from './codec';
import { loadFixture } from './test-support';

function device(name: Parameters<typeof loadFixture>[0]): SadpMatch {
  const msg = decodeSadpMessage(loadFixture(name));
  if (msg.kind !== 'probeMatch' && msg.kind !== 'hello') throw new Error(JSON.stringify(msg));
  return msg.match;
}

describe('encodeInquiry', () => {
  it('writes the inquiry byte for byte as SADPTool sends it', () => {
    const probe = encodeInquiry({ uuid: '13A888A9-F1B1-4020-AE9F-05607682D23B' });
    expect(probe.equals(loadFixture('inquiry-sadptool.xml'))).toBe(true);
  });

  it('upper-cases the Uuid and puts a target MAC between Uuid and Types', () => {
    const probe = encodeInquiry({
      uuid: '7621a503-49e6-4fba-b3f8-cbe1f18e55f4',
      mac: '44-47-cc-37-ce-81',
      types: 'inquiry_v32',
    }).toString();
    expect(probe).toContain(
      '<Probe><Uuid>7621A503-49E6-4FBA-B3F8-CBE1F18E55F4</Uuid><MAC>44-47-cc-37-ce-81</MAC><Types>inquiry_v32</Types></Probe>',
    );
  });

  it('refuses a Uuid or MAC that would put markup into the datagram', () => {
    expect(() => encodeInquiry({ uuid: '</Uuid><x>' })).toThrow(TypeError);
    expect(() =>
      encodeInquiry({ uuid: '13A888A9-F1B1-4020-AE9F-05607682D23B', mac: 'a<b' }),
    ).toThrow(TypeError);
  });
});

describe('decodeSadpMessage on captured replies', () => {
  it('reads the V5.5.6 ProbeMatch (fixture B) field by field', () => {
    const m = device('probe-match-ds-2cd2320d-i.xml');
    expect(m).toMatchObject({
      uuid: 'F93CF8DC-DF53-424B-98A7-9FC0536E1083',
      deviceType: 142378,
      model: 'DS-2CD2320D-I',
      serial: 'DS-2CD2320D-I20180919AACHC52932642',
      mac: '44:47:cc:37:ce:81',
      softwareVersion: 'V5.5.6build 180326',
      dspVersion: 'V7.3 build 180326',
      bootTime: '2024-09-18 09:21:28',
      analogChannels: 0,
      digitalChannels: 1,
      diskNumber: 0,
      oemInfo: null,
      network: {
        ipv4Address: '192.168.1.112',
        ipv4SubnetMask: '255.255.255.0',
        ipv4Gateway: '192.168.1.1',
        ipv6Address: '240e:361:c0a:2a00:4647:ccff:fe37:ce81',
        ipv6MaskLen: 64,
        dhcp: true,
        commandPort: 8000,
        httpPort: 80,
      },
      account: {
        activated: true,
        passwordResetAbility: true,
        passwordResetModeSecond: true,
        supportSecurityQuestion: true,
        supportMailBox: null,
        resetAbility: false,
        supportHCPlatform: true,
        hcPlatformEnable: false, // the firmware wrote `flase`
        isModifyVerificationCode: true,
        encrypt: true,
        deviceLock: true,
        salt: 'fc5237457341362c0d8810a4bfba0b85ed13421d1d553c62544a7df15948947a',
      },
    });
    expect(m.fields.HCPlatformEnable).toBe('flase');
    expect(Object.getPrototypeOf(m.fields)).toBeNull();
  });

  it('reads the pre-activation firmware reply (A): no Activated, Uuid not ours', () => {
    const m = device('probe-match-ds-2cd2432f-iw.xml');
    expect(m.account.activated).toBeNull();
    expect(m).toMatchObject({
      model: 'DS-2CD2432F-IW',
      mac: 'c0:56:e3:fe:42:92',
      deviceType: 38930,
    });
    expect(m.network).toMatchObject({ ipv4Address: '10.1.1.251', dhcp: false, ipv6Address: '::' });
  });

  it('reads the intercom reply (C): no IPv6, OEMInfo, upper-case MAC, odd serial', () => {
    const m = device('probe-match-ds-kh6210-l.xml');
    expect(m).toMatchObject({
      mac: 'aa:bb:cc:aa:bb:cc',
      serial: 'DS-KH6210-serial_number',
      oemInfo: 'N/A',
      network: { ipv4SubnetMask: '255.255.0.0', ipv6Address: null, ipv6MaskLen: null },
      account: { activated: true, passwordResetAbility: true, deviceLock: true },
    });
  });

  it('reads a boot-time Hello with CRLF line ends and no Uuid', () => {
    const msg = decodeSadpMessage(loadFixture('hello-inactive.xml'));
    expect(msg.kind).toBe('hello');
    if (msg.kind !== 'hello') return;
    expect(msg.match).toMatchObject({
      uuid: null,
      mac: '44:47:cc:37:ce:81',
      account: { activated: false },
    });
  });

  it('classifies probes, including our own looped back', () => {
    expect(decodeSadpMessage(loadFixture('inquiry-multiline.xml'))).toEqual({
      kind: 'probe',
      uuid: '7621A503-49E6-4FBA-B3F8-CBE1F18E55F4',
      types: 'inquiry',
      mac: null,
    });
  });

  it('keeps command replies apart from discovery, trimming the verb', () => {
    expect(decodeSadpMessage(loadFixture('activate-reply.xml'))).toEqual({
      kind: 'commandReply',
      uuid: '44037D7F-7D48-4DB0-8893-05705C4AE965',
      types: 'activate',
      result: 'failed',
    });
  });
});

describe('decodeSadpMessage on bad input', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['a truncated datagram', loadFixture('truncated-probe-match.xml'), /malformed XML/],
    ['binary junk', Buffer.from([0, 1, 2, 0xff]), /not XML/],
    ['an empty datagram', Buffer.alloc(0), /not XML/],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><ProbeMatch/>', /DOCTYPE/],
    ['two roots', '<ProbeMatch/><ProbeMatch/>', /root|malformed/],
    ['an oversize datagram', `<ProbeMatch>${'x'.repeat(17_000)}</ProbeMatch>`, /too large/],
    [
      'a ProbeMatch naming no device',
      '<ProbeMatch><Types>inquiry</Types><MAC>N/A</MAC></ProbeMatch>',
      /without a usable MAC or DeviceSN/,
    ],
  ];
  it.each(cases)('refuses %s with a reason', (_what, input, reason) => {
    const msg = decodeSadpMessage(input);
    expect(msg.kind).toBe('invalid');
    if (msg.kind === 'invalid') expect(msg.reason).toMatch(reason);
  });

  it('lowers the size cap on request but never raises it', () => {
    const reply = loadFixture('probe-match-ds-2cd2320d-i.xml');
    expect(decodeSadpMessage(reply, { maxBytes: 100 }).kind).toBe('invalid');
    expect(decodeSadpMessage(`<Hello>${'y'.repeat(20_000)}</Hello>`, { maxBytes: 1e9 }).kind).toBe(
      'invalid',
    );
  });

  it('refuses element names that could pollute a prototype', () => {
    const msg = decodeSadpMessage(
      '<ProbeMatch><DeviceSN>X1</DeviceSN><__proto__>p</__proto__></ProbeMatch>',
    );
    expect(msg.kind).toBe('invalid');
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it('ignores well-formed XML that is not SADP', () => {
    expect(decodeSadpMessage('<Envelope/>')).toEqual({
      kind: 'ignored',
      reason: 'not SADP: <Envelope>',
    });
  });

  it('turns values that do not parse into null but keeps their text', () => {
    const msg = decodeSadpMessage(
      '<ProbeMatch><Types>inquiry</Types><DeviceSN>X1</DeviceSN><HttpPort>99999</HttpPort>' +
        '<IPv4Address>300.1.1.1</IPv4Address><Activated>maybe</Activated></ProbeMatch>',
    );
    expect(msg.kind).toBe('probeMatch');
    if (msg.kind !== 'probeMatch') return;
    expect(msg.match.network.httpPort).toBeNull();
    expect(msg.match.network.ipv4Address).toBeNull();
    expect(msg.match.account.activated).toBeNull();
    expect(msg.match.fields.IPv4Address).toBe('300.1.1.1');
  });
});
