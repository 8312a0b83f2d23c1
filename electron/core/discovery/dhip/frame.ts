/**
 * DHIP framing: a 32-byte little-endian header, then a JSON body (dahua.md §2). Pure functions;
 * `decodeDhipFrame` never throws, because one bad datagram must not end a scan.
 */
import { DHIP_HEADER_BYTES, DHIP_MAGIC, DHIP_MAX_DATAGRAM_BYTES } from './constants';

/** The header fields Custodian reads. */
export interface DhipHeader {
  /** 0 before login and for discovery. */
  sessionId: number;
  /** Echoes the JSON `id` (0 for discovery). */
  requestId: number;
  /** Body bytes in this packet (offset 16). */
  bodyLength: number;
  /** Body bytes of the whole message (offset 24); larger than `bodyLength` when split. */
  totalLength: number;
}

export type DhipFrame =
  { ok: true; header: DhipHeader; json: unknown; bodyText: string } | { ok: false; reason: string };

export interface EncodeFrameOptions {
  sessionId?: number;
  requestId?: number;
}

/**
 * Frames a JSON body in the canonical layout `len, 0, len, 0` at offsets 16..31 (S1, S5, S13),
 * which every public client sends and devices answer.
 */
export function encodeDhipFrame(body: string | Buffer, options: EncodeFrameOptions = {}): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const header = Buffer.alloc(DHIP_HEADER_BYTES);
  header.writeUInt32LE(DHIP_HEADER_BYTES, 0);
  DHIP_MAGIC.copy(header, 4);
  header.writeUInt32LE((options.sessionId ?? 0) >>> 0, 8);
  header.writeUInt32LE((options.requestId ?? 0) >>> 0, 12);
  header.writeUInt32LE(payload.length, 16);
  header.writeUInt32LE(payload.length, 24);
  return Buffer.concat([header, payload]);
}

export interface DecodeFrameOptions {
  /** Refuse larger input before reading it; defaults to 16 KiB and can only be lowered. */
  maxBytes?: number;
}

// Devices end the body with `\n` (TCP capture, counted in the length) or NUL (UDP, S14), and
// some clients pad; none of these are part of the JSON.
const TRAILER = /[\0\r\n\t ]+$/;

/** Reads a header and its JSON body. Never throws: failures are `{ ok: false, reason }`. */
export function decodeDhipFrame(input: Buffer, options: DecodeFrameOptions = {}): DhipFrame {
  try {
    const cap = Math.min(options.maxBytes ?? DHIP_MAX_DATAGRAM_BYTES, DHIP_MAX_DATAGRAM_BYTES);
    if (input.length > cap) return fail(`too large: ${input.length} bytes (limit ${cap})`);
    if (input.length < DHIP_HEADER_BYTES) return fail(`too short: ${input.length} bytes`);
    if (!input.subarray(4, 8).equals(DHIP_MAGIC)) return fail('no DHIP magic');
    const headerLength = input.readUInt32LE(0);
    if (headerLength !== DHIP_HEADER_BYTES) return fail(`header length ${headerLength}, not 32`);

    const header: DhipHeader = {
      sessionId: input.readUInt32LE(8),
      requestId: input.readUInt32LE(12),
      bodyLength: input.readUInt32LE(16),
      totalLength: input.readUInt32LE(24),
    };
    const reserved = [input.readUInt32LE(20), input.readUInt32LE(28)];
    // One client writes the length at 20 and 28 as well and devices accept it (S15): allow it.
    if (reserved.some((r) => r !== 0 && r !== header.bodyLength)) {
      return fail(`reserved header fields ${reserved.join('/')} are neither 0 nor the length`);
    }
    const available = input.length - DHIP_HEADER_BYTES;
    if (header.bodyLength === 0) return fail('empty body');
    if (header.totalLength > header.bodyLength) {
      return fail(`split message (${header.bodyLength} of ${header.totalLength} bytes)`);
    }
    if (header.totalLength < header.bodyLength && header.totalLength !== 0) {
      return fail(`total length ${header.totalLength} below body length ${header.bodyLength}`);
    }
    if (header.bodyLength > available) {
      return fail(`truncated: header says ${header.bodyLength} body bytes, ${available} arrived`);
    }
    const extra = input.subarray(DHIP_HEADER_BYTES + header.bodyLength);
    if (!extra.every((b) => b === 0 || b === 0x0a || b === 0x0d || b === 0x20)) {
      return fail(`${extra.length} bytes after the body`);
    }

    const body = input.subarray(DHIP_HEADER_BYTES, DHIP_HEADER_BYTES + header.bodyLength);
    const bodyText = body.toString('utf8').replace(TRAILER, '');
    if (!bodyText.startsWith('{')) return fail('body is not a JSON object');
    let json: unknown;
    try {
      json = JSON.parse(bodyText);
    } catch {
      return fail('body is not valid JSON');
    }
    return { ok: true, header, json, bodyText };
  } catch (err) {
    return fail(`decoder error: ${err instanceof Error ? err.message : 'unknown'}`);
  }
}

function fail(reason: string): DhipFrame {
  return { ok: false, reason };
}
