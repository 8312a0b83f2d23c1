/**
 * The DVRIP/NETIP frame (xiongmai.md §2): a 20-byte little-endian header, then JSON ending in
 * `\n\0`. Pure codec over Buffer: sockets live in netip-server.ts and search-responder.ts.
 */
import { XM_MAX_PAYLOAD } from './constants';

export const HEADER_LENGTH = 20;
/** §2: senders append `0x0A 0x00`; the length field counts it. */
const TRAILER = Buffer.from([0x0a, 0x00]);

export interface XmHeader {
  /** Byte 1: devices reply with 1; clients send 0 or 1. */
  version: number;
  /** Bytes 2-3: 0, or 254 in IP_SET 1532. */
  reserved: number;
  session: number;
  sequence: number;
  totalPackets: number;
  currentPacket: number;
  msgId: number;
  length: number;
}

export interface XmFrame extends XmHeader {
  payload: Buffer;
}

/** A frame around `payload` (already carrying its trailer, if any). */
export function encodeFrame(h: Partial<XmHeader> & { msgId: number }, payload: Buffer): Buffer {
  const b = Buffer.alloc(HEADER_LENGTH);
  b.writeUInt8(0xff, 0);
  b.writeUInt8(h.version ?? 1, 1);
  b.writeUInt16LE(h.reserved ?? 0, 2);
  b.writeUInt32LE(h.session ?? 0, 4);
  b.writeUInt32LE(h.sequence ?? 0, 8);
  b.writeUInt8(h.totalPackets ?? 0, 12);
  b.writeUInt8(h.currentPacket ?? 0, 13);
  b.writeUInt16LE(h.msgId, 14);
  b.writeUInt32LE(payload.length, 16);
  return Buffer.concat([b, payload]);
}

/** JSON text plus the `\n\0` trailer every sender appends. */
export function jsonPayload(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), TRAILER]);
}

/** The header at the start of `buf`, or null when it is short or lacks the 0xFF head flag. */
export function decodeHeader(buf: Buffer): XmHeader | null {
  if (buf.length < HEADER_LENGTH || buf[0] !== 0xff) return null;
  return {
    version: buf.readUInt8(1),
    reserved: buf.readUInt16LE(2),
    session: buf.readUInt32LE(4),
    sequence: buf.readUInt32LE(8),
    totalPackets: buf.readUInt8(12),
    currentPacket: buf.readUInt8(13),
    msgId: buf.readUInt16LE(14),
    length: buf.readUInt32LE(16),
  };
}

/** A whole datagram as one frame (search, IP set); null when it is not one. */
export function decodeDatagram(buf: Buffer): XmFrame | null {
  const h = decodeHeader(buf);
  if (!h || h.length > XM_MAX_PAYLOAD || buf.length < HEADER_LENGTH + h.length) return null;
  return { ...h, payload: buf.subarray(HEADER_LENGTH, HEADER_LENGTH + h.length) };
}

/** Parses a payload's JSON after dropping trailing `\n`/NUL bytes; null for anything else. */
export function parseJsonPayload(payload: Buffer): Record<string, unknown> | null {
  let end = payload.length;
  while (end > 0 && (payload[end - 1] === 0 || payload[end - 1] === 0x0a)) end--;
  if (end === 0) return {};
  try {
    const v: unknown = JSON.parse(payload.subarray(0, end).toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Reassembles frames from a TCP byte stream. A bad head flag or an oversized length means the
 * stream can no longer be framed: the caller closes the connection, as there is no resync marker.
 */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  /** Appends bytes; returns complete frames, or 'corrupt' once the stream cannot be framed. */
  push(chunk: Buffer): XmFrame[] | 'corrupt' {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: XmFrame[] = [];
    while (this.buf.length >= HEADER_LENGTH) {
      const h = decodeHeader(this.buf);
      if (!h || h.length > XM_MAX_PAYLOAD) return 'corrupt';
      if (this.buf.length < HEADER_LENGTH + h.length) break;
      const payload = this.buf.subarray(HEADER_LENGTH, HEADER_LENGTH + h.length);
      out.push({ ...h, payload: Buffer.from(payload) });
      this.buf = this.buf.subarray(HEADER_LENGTH + h.length);
    }
    return out;
  }
}

/**
 * JSON in the spacing the captured login reply uses (`{ "Ret" : 100, "SessionID" : "0x…" }`,
 * alexshpilkin/dvrip test_dvrip.py); clients that compare bytes or split on `" : "` see the real
 * layout.
 */
export function dvripJson(value: unknown): string {
  if (Array.isArray(value)) return `[ ${value.map(dvripJson).join(', ')} ]`;
  if (value !== null && typeof value === 'object') {
    const body = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)} : ${dvripJson(v)}`)
      .join(', ');
    return `{ ${body} }`;
  }
  return JSON.stringify(value);
}
