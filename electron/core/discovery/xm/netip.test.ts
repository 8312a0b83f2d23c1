import { describe, expect, it } from 'vitest';
import {
  XM_HEADER_BYTES,
  XM_MSG,
  decodeXmHeader,
  decodeXmJson,
  encodeXmFrame,
  encodeXmJson,
  formatXmSessionId,
  parseXmSessionId,
} from './netip';

// The login reply header quoted byte for byte from alexshpilkin/dvrip test_dvrip.py (xiongmai.md §2).
const LOGIN_REPLY_HEADER = Buffer.from('ff01000057000000000000000000e90396000000', 'hex');

describe('NETIP header', () => {
  it('decodes the captured login reply header, little-endian', () => {
    const result = decodeXmHeader(LOGIN_REPLY_HEADER);
    expect(result).toEqual({
      ok: true,
      header: {
        version: 1,
        reserved: 0,
        sessionId: 0x57,
        sequence: 0,
        totalPackets: 0,
        currentPacket: 0,
        messageId: XM_MSG.LOGIN_RSP,
        dataLength: 0x96,
      },
    });
  });

  it('encodes every field at its offset and round-trips', () => {
    const frame = encodeXmFrame(
      {
        messageId: 1042,
        sessionId: 0x11223344,
        sequence: 7,
        version: 1,
        reserved: 254,
        totalPackets: 2,
        currentPacket: 1,
      },
      Buffer.from('ab', 'utf8'),
    );
    expect(frame.subarray(0, XM_HEADER_BYTES).toString('hex')).toBe(
      'ff01fe0044332211070000000201120402000000',
    );
    const back = decodeXmHeader(frame);
    expect(back.ok && back.header).toMatchObject({ sessionId: 0x11223344, sequence: 7 });
  });

  it('rejects short frames, a bad head flag, unknown versions and oversize lengths', () => {
    expect(decodeXmHeader(Buffer.alloc(19))).toMatchObject({ ok: false, reason: /short/ });
    const bad = Buffer.from(LOGIN_REPLY_HEADER);
    bad[0] = 0xfe;
    expect(decodeXmHeader(bad)).toMatchObject({ ok: false, reason: /head flag 0xfe/ });
    const v2 = Buffer.from(LOGIN_REPLY_HEADER);
    v2[1] = 2;
    expect(decodeXmHeader(v2)).toMatchObject({ ok: false, reason: /version 2/ });
    const huge = Buffer.from(LOGIN_REPLY_HEADER);
    huge.writeUInt32LE(0x7fffffff, 16);
    expect(decodeXmHeader(huge)).toMatchObject({ ok: false, reason: /declared length/ });
  });
});

describe('NETIP JSON body', () => {
  it('appends \\n\\0 when encoding', () => {
    expect([...encodeXmJson({ Name: 'KeepAlive' }).subarray(-2)]).toEqual([0x0a, 0x00]);
  });

  it.each([
    ['\\n\\0', '{"Ret":100}\n\0'],
    ['several NULs', '{"Ret":100}\0\0\0\0'],
    ['no trailer', '{"Ret":100}'],
    ['CRLF and spaces', '{"Ret":100} \r\n'],
  ])('tolerates a body ending in %s', (_, text) => {
    expect(decodeXmJson(Buffer.from(text, 'binary'))).toEqual({ ok: true, body: { Ret: 100 } });
  });

  it('keeps the "DeviceType " key with its trailing space (login reply quirk)', () => {
    const r = decodeXmJson(Buffer.from('{ "DeviceType " : "HVR", "Ret" : 100 }\n\0'));
    expect(r.ok && r.body['DeviceType ']).toBe('HVR');
  });

  it.each([
    ['empty', ''],
    ['only NULs', '\0\0'],
    ['not JSON', '{"Ret":'],
    ['an array', '[1,2]'],
    ['a string', '"x"'],
    ['null', 'null'],
  ])('reports %s as a reason, without throwing', (_, text) => {
    expect(decodeXmJson(Buffer.from(text, 'binary'))).toMatchObject({ ok: false });
  });
});

describe('session ids', () => {
  it('formats as 0x%08X and parses 8 or 10 hex digits', () => {
    expect(formatXmSessionId(0x57)).toBe('0x00000057');
    expect(parseXmSessionId('0x00000057')).toBe(0x57);
    expect(parseXmSessionId('0x0000000000')).toBe(0);
    expect(parseXmSessionId('0x1A2b')).toBe(0x1a2b);
  });

  it('refuses non-hex and values past 32 bits', () => {
    for (const v of ['57', '0x', '0xZZ', 87, null, '0x100000000']) {
      expect(parseXmSessionId(v)).toBeNull();
    }
  });
});
