import { describe, expect, it } from 'vitest';
import { decodeDhipMessage, encodeDhipSearch } from './codec';
import { decodeDhipFrame, encodeDhipFrame } from './frame';
import { frameBody, frameFixture, loadSearchProbe, type FixtureName } from './test-support';

function devInfo(frame: Buffer) {
  const msg = decodeDhipMessage(frame);
  if (msg.kind !== 'devInfo') throw new Error(`expected devInfo, got ${JSON.stringify(msg)}`);
  return msg.info;
}

describe('encodeDhipSearch', () => {
  it('produces exactly the probe bytes dahua.md gives (header 20 00 00 00 DHIP … 0x40)', () => {
    expect(encodeDhipSearch().equals(loadSearchProbe())).toBe(true);
  });

  it('is a search the lab responder recognises', () => {
    expect(decodeDhipMessage(encodeDhipSearch())).toMatchObject({ kind: 'search', mac: null });
  });
});

describe('decodeDhipMessage on captured replies', () => {
  it('reads every field of the IPC-HDW5421S reply (spaced JSON, escaped slashes)', () => {
    const info = devInfo(frameFixture('notify-ipc-hdw5421s.json'));
    expect(info).toEqual({
      mac: '4c:11:bf:c2:0b:9d',
      deviceClass: 'IPC',
      deviceType: 'IPC-HDW5421S',
      machineName: '1F006E4PAX00075',
      serial: '1F006E4PAX00075',
      vendor: 'Dahua',
      manufacturer: 'Private',
      version: '2.400.0.8',
      httpPort: 80,
      port: 37777,
      ipv4: {
        address: '192.168.1.108',
        mask: '255.255.255.0',
        gateway: '192.168.1.1',
        dhcp: false,
      },
      ipv6: {
        address: '2001:db8:3000:1::1:2/112',
        linkLocal: 'fe80::4e11:bfff:fec2:0b9d/64',
        gateway: '2001:db8:3000:1::1:1',
      },
      videoInputChannels: 1,
      initState: 'unknown',
      resetWays: [],
    });
  });

  it('reads Init, Find, FindVersion and UnLoginFuncMask from the Lorex reply', () => {
    const info = devInfo(frameFixture('notify-lorex-w461asc.json'));
    expect(info).toMatchObject({
      deviceType: 'W461ASC',
      port: 35000,
      init: 1162,
      initState: 'initialized',
      find: 'BC',
      resetWays: ['email', 'fileExport'],
      findVersion: 1,
      unLoginFuncMask: 1,
      deviceId: 'ND0123456789ABC',
      ipv4: { dhcp: true, address: '192.168.86.81' },
    });
  });

  it.each<[FixtureName, string]>([
    ['notify-vto2000a.json', 'initialized'],
    ['notify-intelbras-vip1230.json', 'initialized'],
    ['notify-uninitialized.json', 'uninitialized'],
    ['notify-bcs-general.json', 'unknown'],
  ])('%s: init state %s', (name, state) => {
    expect(devInfo(frameFixture(name)).initState).toBe(state);
  });

  it.each([
    { trailer: '\n' as const },
    { trailer: '\0' as const },
    { trailer: '\n\0' as const, trailerOutsideLength: true },
    { layout: 's15' as const, trailer: '\n' as const },
  ])('accepts the framing variants real firmware sends (%o)', (options) => {
    expect(devInfo(frameFixture('notify-vto2000a.json', options)).serial).toBe('3C06520PAN00001');
  });
});

describe('decodeDhipMessage refuses bad input with a reason', () => {
  const good = frameFixture('notify-vto2000a.json');
  const patched = (value: number, ...offsets: number[]): Buffer => {
    const copy = Buffer.from(good);
    for (const offset of offsets) copy.writeUInt32LE(value, offset);
    return copy;
  };

  it.each<[string, Buffer, RegExp]>([
    ['bare JSON', Buffer.from('{"method":"client.notifyDevInfo"}'), /no DHIP magic|too short/],
    ['a short datagram', Buffer.from([0xff]), /too short/],
    ['the magic written LE-packed ("PIHD")', Buffer.from(good).fill('PIHD', 4, 8), /magic/],
    ['a wrong header length', patched(0x24, 0), /header length 36/],
    ['a length past the end', patched(good.length, 16, 24), /truncated/],
    ['a split message', patched(5000, 24), /split message/],
    ['a total below the body length', patched(10, 24), /total length 10 below/],
    ['junk in the reserved fields', patched(7, 20), /reserved/],
    ['an empty body', encodeDhipFrame(''), /empty body/],
    ['a body that is not an object', encodeDhipFrame('[1,2]'), /not a JSON object/],
    ['broken JSON', encodeDhipFrame('{"mac":'), /not valid JSON/],
    ['bytes after the body', Buffer.concat([good, Buffer.from('xx')]), /2 bytes after the body/],
    ['an oversize datagram', Buffer.concat([good, Buffer.alloc(20_000)]), /too large/],
    [
      'notifyDevInfo without deviceInfo',
      frameBody('{"method":"client.notifyDevInfo"}'),
      /deviceInfo/,
    ],
    [
      'notifyDevInfo that identifies nothing',
      frameBody('{"method":"client.notifyDevInfo","params":{"deviceInfo":{"HttpPort":80}}}'),
      /without MAC, serial or model/,
    ],
  ])('%s', (_name, input, reason) => {
    const msg = decodeDhipMessage(input);
    expect(msg.kind).toBe('invalid');
    expect(msg.kind === 'invalid' && msg.reason).toMatch(reason);
  });

  it('honours a lower size cap', () => {
    expect(decodeDhipFrame(good, { maxBytes: 100 })).toMatchObject({ ok: false });
  });

  it('ignores DHIP that is not discovery', () => {
    const reply = frameBody('{"error":{"code":268632079},"id":2,"session":2147483234}\n');
    expect(decodeDhipMessage(reply)).toMatchObject({ kind: 'ignored' });
  });

  it('drops wrong-typed and oversize fields instead of failing the reply', () => {
    const info = devInfo(
      frameBody(
        JSON.stringify({
          mac: 'not-a-mac',
          method: 'client.notifyDevInfo',
          params: {
            deviceInfo: {
              Mac: '3C-EF-8C-00-00-01',
              DeviceType: 'x'.repeat(500),
              SerialNo: 'AB\u0000C\u001b[31m',
              HttpPort: 70000,
              Port: '37777',
              IPv4Address: { IPAddress: '999.1.1.1', SubnetMask: 5 },
              Init: -1,
            },
          },
        }),
      ),
    );
    expect(info).toEqual({
      mac: '3c:ef:8c:00:00:01',
      serial: 'ABC[31m',
      port: 37777,
      initState: 'unknown',
      resetWays: [],
    });
  });

  it('reads a targeted search with the MAC at the top level or in params', () => {
    const top = frameBody('{"method":"DHDiscover.search","mac":"98:F9:CC:AF:59:0D","params":{}}');
    const inParams = frameBody('{"method":"DHDiscover.search","params":{"mac":"98f9ccaf590d"}}');
    expect(decodeDhipMessage(top)).toMatchObject({ kind: 'search', mac: '98:f9:cc:af:59:0d' });
    expect(decodeDhipMessage(inParams)).toMatchObject({ mac: '98:f9:cc:af:59:0d' });
  });

  it('carries session and request ids from the header', () => {
    const frame = encodeDhipFrame('{"method":"DHDiscover.search"}', {
      sessionId: 0x7ffffe62,
      requestId: 2,
    });
    expect(decodeDhipMessage(frame)).toMatchObject({
      header: { sessionId: 2147483234, requestId: 2, bodyLength: 30, totalLength: 30 },
    });
  });
});
