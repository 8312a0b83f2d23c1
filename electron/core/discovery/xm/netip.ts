/**
 * Xiongmai NETIP ("DVRIP") framing: a 20-byte little-endian header and a JSON body that senders end
 * with `\n\0` (xiongmai.md §2). Pure functions over Buffer, shared by the UDP 34569 search codec
 * and the TCP 34567 client. Decoders never throw: a bad frame is a value with a reason.
 */

/** Size of the fixed header. */
export const XM_HEADER_BYTES = 20;
/** Byte 0 of every frame. */
export const XM_HEAD_FLAG = 0xff;
/**
 * One packet's payload limit. The protocol fragments control payloads at 16 KiB (doc §2);
 * alexshpilkin/dvrip caps a packet at 32 KiB. We allow 64 KiB so a firmware that sends a large
 * config unfragmented is still read, while a garbage length cannot make us buffer megabytes.
 */
export const XM_MAX_PACKET_DATA = 64 * 1024;

/** Message ids Custodian uses (doc §3; reply = request + 1, as devices do). */
export const XM_MSG = {
  LOGIN_REQ: 1000,
  LOGIN_RSP: 1001,
  LOGOUT_REQ: 1002,
  LOGOUT_RSP: 1003,
  KEEPALIVE_REQ: 1006,
  KEEPALIVE_RSP: 1007,
  CONFIG_GET_REQ: 1042,
  CONFIG_GET_RSP: 1043,
  IPSEARCH_REQ: 1530,
  IPSEARCH_RSP: 1531,
  IP_SET_REQ: 1532,
  IP_SET_RSP: 1533,
} as const;

/** The decoded 20-byte header. */
export interface XmHeader {
  /** 1 in the official document and in device replies; clients commonly send 0. */
  version: number;
  /** Bytes 2-3; 0 except in IP_SET (254). */
  reserved: number;
  sessionId: number;
  sequence: number;
  /** Control frames: packet count (0 or 1 = single). Media frames: channel. */
  totalPackets: number;
  /** Control frames: 0-based packet index. Media frames: end flag. */
  currentPacket: number;
  messageId: number;
  /** Payload length as declared, including the trailing `\n\0`. */
  dataLength: number;
}

export type XmHeaderResult = { ok: true; header: XmHeader } | { ok: false; reason: string };

/**
 * Reads and validates a header at the start of `data`: head flag, a known version (0 or 1, the
 * values senders and devices use), and a declared length within `maxDataBytes`.
 */
export function decodeXmHeader(data: Buffer, maxDataBytes = XM_MAX_PACKET_DATA): XmHeaderResult {
  if (data.length < XM_HEADER_BYTES) {
    return { ok: false, reason: `short frame: ${data.length} of ${XM_HEADER_BYTES} header bytes` };
  }
  const flag = data.readUInt8(0);
  if (flag !== XM_HEAD_FLAG) return { ok: false, reason: `bad head flag 0x${hex2(flag)}` };
  const version = data.readUInt8(1);
  if (version > 1) return { ok: false, reason: `unknown NETIP version ${version}` };
  const header: XmHeader = {
    version,
    reserved: data.readUInt16LE(2),
    sessionId: data.readUInt32LE(4),
    sequence: data.readUInt32LE(8),
    totalPackets: data.readUInt8(12),
    currentPacket: data.readUInt8(13),
    messageId: data.readUInt16LE(14),
    dataLength: data.readUInt32LE(16),
  };
  if (header.dataLength > maxDataBytes) {
    return { ok: false, reason: `declared length ${header.dataLength} over ${maxDataBytes}` };
  }
  return { ok: true, header };
}

/** The fields a sender chooses; the rest default to a single-packet frame. */
export interface XmFrameInput {
  messageId: number;
  sessionId?: number;
  sequence?: number;
  /**
   * Default 0: what python-dvr and go2rtc send and devices accept (doc §2). The document says 1;
   * the decoder accepts both.
   */
  version?: number;
  reserved?: number;
  totalPackets?: number;
  currentPacket?: number;
}

/** Header plus payload as one frame. The payload goes as given (see `encodeXmJson`). */
export function encodeXmFrame(input: XmFrameInput, payload: Buffer = Buffer.alloc(0)): Buffer {
  const frame = Buffer.alloc(XM_HEADER_BYTES + payload.length);
  frame.writeUInt8(XM_HEAD_FLAG, 0);
  frame.writeUInt8(input.version ?? 0, 1);
  frame.writeUInt16LE(input.reserved ?? 0, 2);
  frame.writeUInt32LE((input.sessionId ?? 0) >>> 0, 4);
  frame.writeUInt32LE((input.sequence ?? 0) >>> 0, 8);
  frame.writeUInt8(input.totalPackets ?? 0, 12);
  frame.writeUInt8(input.currentPacket ?? 0, 13);
  frame.writeUInt16LE(input.messageId, 14);
  frame.writeUInt32LE(payload.length, 16);
  payload.copy(frame, XM_HEADER_BYTES);
  return frame;
}

/** A JSON body with the `\n\0` trailer every known sender appends (python-dvr, go2rtc). */
export function encodeXmJson(body: unknown): Buffer {
  return Buffer.concat([Buffer.from(JSON.stringify(body), 'utf8'), Buffer.from([0x0a, 0x00])]);
}

export type XmJsonResult =
  { ok: true; body: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Parses a payload as one JSON object. Trailing NULs, `\n`, `\r` and spaces are stripped first:
 * devices end with `\n\0`, search replies pad with several NULs, and some senders omit the trailer
 * (doc §2, §6.1). Anything else (not JSON, not an object) is a reason, never an exception.
 */
export function decodeXmJson(payload: Buffer): XmJsonResult {
  let end = payload.length;
  while (end > 0 && [0x00, 0x0a, 0x0d, 0x20, 0x09].includes(payload[end - 1]!)) end -= 1;
  if (end === 0) return { ok: false, reason: 'empty JSON body' };
  const text = payload.subarray(0, end).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `body is not JSON (${(err as Error).message.slice(0, 80)})` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, reason: 'JSON body is not an object' };
  }
  return { ok: true, body: parsed as Record<string, unknown> };
}

/** `"0x00000057"` as sent in JSON bodies; python-dvr's width of 8 hex digits. */
export function formatXmSessionId(sessionId: number): string {
  return `0x${(sessionId >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/**
 * Parses a JSON `SessionID`. Both the usual 8 hex digits and the 10-digit form some firmware sends
 * (`"0x0000000000"`, doc §2) are accepted; values beyond 32 bits are refused (the header field is
 * a u32). Returns null when it is not a hex session id.
 */
export function parseXmSessionId(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^0x([0-9a-f]{1,16})$/i.exec(value.trim());
  if (!m) return null;
  const n = Number.parseInt(m[1]!, 16);
  return Number.isSafeInteger(n) && n <= 0xffffffff ? n : null;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
