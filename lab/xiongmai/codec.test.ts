import { describe, expect, it } from 'vitest';
import { MSG } from './constants';
import { decodeDatagram, dvripJson, encodeFrame, FrameReader, jsonPayload } from './frame';
import { searchReply } from './net-common';
import { ipToXmHex, sofiaHash, xmHexToIp } from './sofia';
import { XmDeviceState } from './state';
import { fakeContext } from './testing/fake-context';
import { xmTestDevice } from './testing/devices';
import { clientSofia } from './testing/netip-client';

// xiongmai.md §6.1: the real 1531 reply of an XM530 IPC (KostasEreksonas fixture).
const CAPTURED_1531 = {
  'NetWork.NetCommon': {
    BuildDate: '2020-11-24 16:47:14',
    ChannelNum: 1,
    DeviceType: 24,
    GateWay: '0x0101A8C0',
    HostIP: '0x6701A8C0',
    HostName: 'camera_743c',
    HttpPort: 80,
    MAC: 'dc:29:19:e2:74:3c',
    MonMode: 'TCP',
    NetConnectState: 1,
    OtherFunction: 'D=2026-04-15 19:43:27 V=6cda3ed5d320dc8',
    SN: '09d53d540f99b818',
    SSLPort: 8443,
    Submask: '0x00FFFFFF',
    TCPMaxConn: 10,
    TCPPort: 34567,
    UDPPort: 34568,
    UseHSDownLoad: false,
    Version: 'V5.00.R02.00030747.10010.349f17.0000000',
  },
  Ret: 100,
  SessionID: '0x00000000',
};

function shape(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
}

describe('Sofia hash (xiongmai.md §5 test vectors)', () => {
  it.each([
    ['', 'tlJwpbo6'],
    ['admin', '6QNMIQGe'],
    ['password', 'mF95aD4o'],
  ])('%j -> %s, in the lab and in the test client', (pw, hash) => {
    expect(sofiaHash(pw)).toBe(hash);
    expect(clientSofia(pw)).toBe(hash);
  });

  it('writes addresses as little-endian hex, as the capture does', () => {
    expect(ipToXmHex('192.168.1.103')).toBe('0x6701A8C0');
    expect(xmHexToIp('0x00FFFFFF')).toBe('255.255.255.0');
    expect(xmHexToIp('0x6701a8c0')).toBe('192.168.1.103');
    expect(xmHexToIp('6701A8C0')).toBeNull();
  });
});

describe('NETIP frame', () => {
  it('reproduces the captured login reply byte for byte (alexshpilkin test_dvrip.py)', () => {
    const body = {
      AliveInterval: 21,
      ChannelNum: 4,
      DataUseAES: false,
      'DeviceType ': 'HVR',
      ExtraChannel: 0,
      Ret: 100,
      SessionID: '0x00000057',
    };
    const f = encodeFrame({ msgId: 1001, session: 0x57 }, jsonPayload(dvripJson(body)));
    expect(f.subarray(0, 20).toString('hex')).toBe('ff01000057000000000000000000e90396000000');
    expect(f.subarray(20).toString()).toBe(
      '{ "AliveInterval" : 21, "ChannelNum" : 4, "DataUseAES" : false, "DeviceType " : "HVR", "ExtraChannel" : 0, "Ret" : 100, "SessionID" : "0x00000057" }\n\0',
    );
  });

  it('reassembles frames split across TCP chunks', () => {
    const a = encodeFrame({ msgId: 1006 }, jsonPayload('{"Name":"KeepAlive"}'));
    const b = encodeFrame({ msgId: 1042 }, jsonPayload('{"Name":"General.PwdSafety"}'));
    const all = Buffer.concat([a, b]);
    const r = new FrameReader();
    expect(r.push(all.subarray(0, 7))).toEqual([]);
    const frames = r.push(all.subarray(7, 30)) as { msgId: number }[];
    const rest = r.push(all.subarray(30)) as { msgId: number }[];
    expect([...frames, ...rest].map((f) => f.msgId)).toEqual([1006, 1042]);
    expect(new FrameReader().push(Buffer.alloc(20, 1))).toBe('corrupt');
  });
});

describe('1531 search reply against the captured reply', () => {
  const ctx = fakeContext();
  const state = new XmDeviceState(xmTestDevice('127.0.90', 7), ctx);
  const bytes = searchReply(state);

  it('has the 20-byte header of a device reply and a length that counts the \\n\\0', () => {
    expect(bytes.subarray(0, 14).toString('hex')).toBe('ff0100000000000000000000' + '0000');
    expect(bytes.readUInt16LE(14)).toBe(MSG.ipSearchReply);
    expect(bytes.readUInt32LE(16)).toBe(bytes.length - 20);
    expect(bytes.subarray(-2).toString('hex')).toBe('0a00');
  });

  it('carries the same keys, in the same order, with the same types', () => {
    const body = JSON.parse(decodeDatagram(bytes)!.payload.subarray(0, -2).toString());
    expect(Object.keys(body['NetWork.NetCommon'])).toEqual(
      Object.keys(CAPTURED_1531['NetWork.NetCommon']),
    );
    expect(shape(body)).toEqual(shape(CAPTURED_1531));
    expect(xmHexToIp(body['NetWork.NetCommon'].HostIP)).toBe('127.0.90.7');
    expect(body['NetWork.NetCommon'].HostName).toBe('camera_7407');
    expect(body['NetWork.NetCommon'].OtherFunction).toMatch(
      /^D=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d V=[0-9a-f]{15}$/,
    );
  });

  it('parses the way go2rtc (drop the last byte) and python-dvr (strip NULs) parse it', () => {
    expect(() => JSON.parse(bytes.subarray(20, bytes.length - 1).toString())).not.toThrow();
    const len = bytes.readUInt32LE(16);
    expect(() =>
      JSON.parse(
        bytes
          .subarray(20, 20 + len)
          .toString()
          .replace(/\0/g, ''),
      ),
    ).not.toThrow();
  });
});
