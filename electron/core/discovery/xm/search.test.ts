import { describe, expect, it } from 'vitest';
import { factsFromXmSearch, normalizeXmMac, xmNetworkFacts } from './facts';
import { encodeXmFrame } from './netip';
import {
  decodeXmSearchDatagram,
  encodeXmSearchRequest,
  ipToXmHex,
  xmHexToIp,
  type XmSearchReply,
} from './search';
import { loadXmFixture, xmSearchReplyFrame } from './test-support';

function reply(frame: Buffer): XmSearchReply {
  const msg = decodeXmSearchDatagram(frame);
  if (msg.kind !== 'reply') throw new Error(`expected a reply, got ${JSON.stringify(msg)}`);
  return msg.reply;
}

describe('XM search codec', () => {
  it('encodes the 1530 request byte for byte as captured', () => {
    expect(encodeXmSearchRequest()).toEqual(loadXmFixture('search-request.hex'));
    expect(decodeXmSearchDatagram(encodeXmSearchRequest())).toEqual({ kind: 'request' });
  });

  it.each(['newline-nul', 'nuls', 'none'] as const)(
    'decodes the captured ICSee 1531 reply (trailer: %s)',
    (trailer) => {
      const r = reply(xmSearchReplyFrame(loadXmFixture('search-reply-icsee.json'), trailer));
      expect(r).toMatchObject({
        ret: 100,
        hostName: 'camera_743c',
        hostIp: '192.168.1.103',
        submask: '255.255.255.0',
        gateway: '192.168.1.1',
        mac: 'dc:29:19:e2:74:3c',
        serial: '09d53d540f99b818',
        tcpPort: 34567,
        httpPort: 80,
        sslPort: 8443,
        udpPort: 34568,
        channelNum: 1,
        deviceType: 24,
        version: 'V5.00.R02.00030747.10010.349f17.0000000',
        buildDate: '2020-11-24 16:47:14',
      });
      expect(r.header).toMatchObject({ messageId: 1531, version: 1 });
      expect(r.netCommon.OtherFunction).toBe('D=2026-04-15 19:43:27 V=6cda3ed5d320dc8');
    },
  );

  it('decodes an older DVR reply that has no SN and no MAC', () => {
    const r = reply(xmSearchReplyFrame(loadXmFixture('search-reply-dvr.json')));
    expect(r).toMatchObject({ hostIp: '192.168.10.10', mac: null, serial: null, channelNum: 4 });
    expect(r.netCommon.TransferPlan).toBe('AutoAdapt');
  });

  it('turns broken datagrams into reasons', () => {
    const good = xmSearchReplyFrame(loadXmFixture('search-reply-icsee.json'));
    const cases: [Buffer, RegExp][] = [
      [good.subarray(0, 10), /short/],
      [good.subarray(0, good.length - 40), /truncated/],
      [Buffer.concat([Buffer.from([0x7b]), good.subarray(1)]), /head flag/],
      [xmSearchReplyFrame('{"NetWork.NetCommon":'), /not JSON/],
      [xmSearchReplyFrame({ Ret: 100 }), /no NetWork.NetCommon/],
      [xmSearchReplyFrame({ 'NetWork.NetCommon': [], Ret: 100 }), /no NetWork.NetCommon/],
      [xmSearchReplyFrame({ 'NetWork.NetCommon': {}, Ret: 103 }), /Ret 103/],
      [Buffer.alloc(9000, 0xff), /over/],
    ];
    for (const [data, reason] of cases) {
      expect(decodeXmSearchDatagram(data)).toMatchObject({ kind: 'invalid', reason });
    }
  });

  it('ignores IP_SET traffic on the same port', () => {
    const set = encodeXmFrame({ messageId: 1533, version: 1 }, Buffer.from('{"Ret":100}\n\0'));
    expect(decodeXmSearchDatagram(set)).toMatchObject({ kind: 'ignored' });
  });

  it('uses only the declared length and ignores padding after it', () => {
    const frame = Buffer.concat([xmSearchReplyFrame({ 'NetWork.NetCommon': {} }), Buffer.alloc(8)]);
    expect(decodeXmSearchDatagram(frame).kind).toBe('reply');
  });

  it('maps mistyped fields to null instead of trusting them', () => {
    const r = reply(
      xmSearchReplyFrame({
        'NetWork.NetCommon': { HostIP: 'nope', TCPPort: '34567', SN: 5, DeviceType: 'IPC' },
      }),
    );
    expect(r).toMatchObject({ hostIp: null, tcpPort: null, serial: null, deviceType: 'IPC' });
  });
});

describe('XM hex addresses', () => {
  it('reads u32 little-endian hex, as the devices send it', () => {
    expect(xmHexToIp('0x6701A8C0')).toBe('192.168.1.103');
    expect(xmHexToIp('0x00FFFFFF')).toBe('255.255.255.0');
    expect(xmHexToIp('0x0100007F')).toBe('127.0.0.1');
    expect(xmHexToIp('10.1.2.3')).toBe('10.1.2.3');
    for (const bad of ['0x123456789', '0xG', '300.1.1.1', 17, null]) {
      expect(xmHexToIp(bad)).toBeNull();
    }
  });

  it('writes the same form back', () => {
    expect(ipToXmHex('192.168.1.103')).toBe('0x6701A8C0');
    expect(ipToXmHex('255.255.255.0')).toBe('0x00FFFFFF');
    expect(ipToXmHex('1.2.3')).toBeNull();
  });
});

describe('facts from a search reply', () => {
  const icsee = reply(xmSearchReplyFrame(loadXmFixture('search-reply-icsee.json')));

  it('gives family, vendor (OEM), serial, MAC and firmware', () => {
    expect(factsFromXmSearch(icsee, '192.168.1.103')).toEqual({
      family: 'xiongmai',
      vendor: 'Xiongmai',
      serial: '09d53d540f99b818',
      mac: 'dc:29:19:e2:74:3c',
      firmware: 'V5.00.R02.00030747.10010.349f17.0000000',
      claimedAddress: '192.168.1.103',
      claimedNetmask: '255.255.255.0',
      httpPort: 80,
      tcpPort: 34567,
    });
  });

  it('leaves out absent, zero and junk identity fields', () => {
    const dvr = reply(xmSearchReplyFrame(loadXmFixture('search-reply-dvr.json')));
    expect(factsFromXmSearch(dvr, '192.168.10.10')).toEqual({
      family: 'xiongmai',
      vendor: 'Xiongmai',
      firmware: 'V4.02.R11.00000142.10010.131600.00000',
      claimedAddress: '192.168.10.10',
      claimedNetmask: '255.255.255.0',
      httpPort: 80,
      tcpPort: 34567,
    });
    const zero = reply(
      xmSearchReplyFrame({ 'NetWork.NetCommon': { SN: '0000', MAC: '00:00:00:00:00:00' } }),
    );
    expect(factsFromXmSearch(zero, '10.0.0.1')).toEqual({ family: 'xiongmai', vendor: 'Xiongmai' });
    expect(normalizeXmMac('DC-29-19-E2-74-3C')).toBe('dc:29:19:e2:74:3c');
  });

  it('tells a device on the interface subnet from one left on a foreign subnet', () => {
    const lan = { address: '192.168.1.10', netmask: '255.255.255.0' };
    expect(xmNetworkFacts(icsee, '192.168.1.103', lan)).toEqual({
      hostIp: '192.168.1.103',
      submask: '255.255.255.0',
      gateway: '192.168.1.1',
      tcpPort: 34567,
      httpPort: 80,
      onInterfaceSubnet: true,
      foreignSubnet: false,
      sourceMismatch: false,
    });
    const other = { address: '10.0.0.5', netmask: '255.255.255.0' };
    expect(xmNetworkFacts(icsee, '192.168.1.103', other)).toMatchObject({
      onInterfaceSubnet: false,
      foreignSubnet: true,
    });
    expect(xmNetworkFacts(icsee, '192.168.1.200', lan).sourceMismatch).toBe(true);
  });
});
