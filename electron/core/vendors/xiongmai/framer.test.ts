import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeXmFrame, encodeXmJson } from '../../discovery/xm/netip';
import { XmFrameReader } from './framer';

const LOGIN_REPLY = Buffer.from(
  readFileSync(new URL('./fixtures/login-reply-hvr.hex', import.meta.url), 'utf8').trim(),
  'hex',
);

function frame(messageId: number, body: object, extra: object = {}): Buffer {
  return encodeXmFrame({ messageId, ...extra }, encodeXmJson(body));
}

describe('XmFrameReader', () => {
  it('reads the captured login reply whole', () => {
    const read = new XmFrameReader().push(LOGIN_REPLY);
    expect(read.ok && read.messages.map((m) => [m.header.messageId, m.header.sessionId])).toEqual([
      [1001, 0x57],
    ]);
    expect(read.ok && read.messages[0]!.payload.toString()).toContain('"DeviceType "');
  });

  it('reassembles a frame delivered one byte at a time', () => {
    const reader = new XmFrameReader();
    const out = [];
    for (const byte of LOGIN_REPLY) {
      const read = reader.push(Buffer.from([byte]));
      expect(read.ok).toBe(true);
      if (read.ok) out.push(...read.messages);
    }
    expect(out).toHaveLength(1);
    expect(out[0]!.payload.length).toBe(150);
  });

  it('splits several frames arriving in one read, and a frame cut across reads', () => {
    const all = Buffer.concat([frame(1504, { a: 1 }), LOGIN_REPLY, frame(1007, { Ret: 100 })]);
    const reader = new XmFrameReader();
    const first = reader.push(all.subarray(0, 60));
    const second = reader.push(all.subarray(60));
    expect(first.ok && first.messages.map((m) => m.header.messageId)).toEqual([1504]);
    expect(second.ok && second.messages.map((m) => m.header.messageId)).toEqual([1001, 1007]);
  });

  it('joins a fragmented reply (total packets 3, 0-based index)', () => {
    const payload = encodeXmJson({ Name: 'X', X: 'y'.repeat(100) });
    const parts = [0, 1, 2].map((i) =>
      encodeXmFrame(
        { messageId: 1043, totalPackets: 3, currentPacket: i },
        payload.subarray(i * 40, i === 2 ? undefined : (i + 1) * 40),
      ),
    );
    const read = new XmFrameReader().push(Buffer.concat(parts));
    expect(read.ok && read.messages).toHaveLength(1);
    expect(read.ok && read.messages[0]!.payload).toEqual(payload);
    expect(read.ok && read.messages[0]!.header.dataLength).toBe(payload.length);
  });

  it('fails, and stays failed, on a bad head flag', () => {
    const reader = new XmFrameReader();
    const bad = Buffer.from(LOGIN_REPLY);
    bad[0] = 0;
    expect(reader.push(bad)).toMatchObject({ ok: false, reason: /head flag/ });
    expect(reader.push(LOGIN_REPLY)).toMatchObject({ ok: false });
  });

  it('refuses a declared length over the packet cap before buffering it', () => {
    const reader = new XmFrameReader({ maxPacketBytes: 100 });
    expect(reader.push(LOGIN_REPLY.subarray(0, 20))).toMatchObject({
      ok: false,
      reason: /declared length 150 over 100/,
    });
  });

  it('refuses a reassembled message over the message cap', () => {
    const reader = new XmFrameReader({ maxMessageBytes: 50 });
    const part = (i: number) =>
      encodeXmFrame({ messageId: 1043, totalPackets: 3, currentPacket: i }, Buffer.alloc(30, 0x20));
    expect(reader.push(Buffer.concat([part(0), part(1)]))).toMatchObject({
      ok: false,
      reason: /over 50/,
    });
  });

  it('refuses out-of-order and interleaved fragments', () => {
    const p = (id: number, i: number) =>
      encodeXmFrame({ messageId: id, totalPackets: 2, currentPacket: i }, Buffer.from('{}'));
    expect(new XmFrameReader().push(p(1043, 1))).toMatchObject({
      ok: false,
      reason: /where 0 was due/,
    });
    expect(new XmFrameReader().push(Buffer.concat([p(1043, 0), p(1021, 1)]))).toMatchObject({
      ok: false,
      reason: /interleaved/,
    });
    expect(new XmFrameReader().push(Buffer.concat([p(1043, 0), frame(1007, {})]))).toMatchObject({
      ok: false,
      reason: /inside a fragmented/,
    });
  });
});
