/**
 * DHIP framing (dahua.md §2): a 32-byte little-endian header (`20 00 00 00`, `DHIP`, session,
 * request id, body length, 0, total length, 0) before a JSON body. Replies end the JSON with
 * `\n`, counted in the length, as the real TCP capture shows. Requests are accepted in both
 * length layouts seen in public clients (len,0,len,0 and len,len,len,len) and with a trailing
 * `\n` or NUL.
 */

export const DHIP_HEADER_LENGTH = 32;
export const DHIP_MAGIC = Buffer.from('DHIP', 'ascii');
/** Discovery datagrams are under 1 KB; a bigger one is not a request this lab answers. */
export const MAX_DHIP_DATAGRAM = 8 * 1024;

export interface DhipFrame {
  session: number;
  id: number;
  /** The JSON body with trailing `\n`/NUL trimmed. */
  json: string;
}

/** Frames `body` (JSON text) with the canonical header and a trailing `\n`. */
export function encodeDhip(body: string, session = 0, id = 0): Buffer {
  const json = Buffer.from(`${body}\n`, 'utf8');
  const header = Buffer.alloc(DHIP_HEADER_LENGTH);
  header.writeUInt32LE(DHIP_HEADER_LENGTH, 0);
  DHIP_MAGIC.copy(header, 4);
  header.writeUInt32LE(session >>> 0, 8);
  header.writeUInt32LE(id >>> 0, 12);
  header.writeUInt32LE(json.length, 16);
  header.writeUInt32LE(json.length, 24);
  return Buffer.concat([header, json]);
}

/**
 * Reads one DHIP datagram; null when it is not one (no header, wrong magic, length past the end).
 * Bare JSON gets no reply from real devices, so it is not a frame here either.
 */
export function decodeDhip(datagram: Buffer): DhipFrame | null {
  if (datagram.length <= DHIP_HEADER_LENGTH || datagram.length > MAX_DHIP_DATAGRAM) return null;
  if (datagram.readUInt32LE(0) !== DHIP_HEADER_LENGTH) return null;
  if (!datagram.subarray(4, 8).equals(DHIP_MAGIC)) return null;
  const length = datagram.readUInt32LE(16);
  if (length === 0 || DHIP_HEADER_LENGTH + length > datagram.length) return null;
  let end = DHIP_HEADER_LENGTH + length;
  while (end > DHIP_HEADER_LENGTH && (datagram[end - 1] === 0x0a || datagram[end - 1] === 0)) end--;
  return {
    session: datagram.readUInt32LE(8),
    id: datagram.readUInt32LE(12),
    json: datagram.subarray(DHIP_HEADER_LENGTH, end).toString('utf8'),
  };
}
