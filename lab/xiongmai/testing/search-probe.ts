/**
 * An XM search client for netns tests, written from xiongmai.md §6: it binds UDP 34569 with
 * SO_REUSEADDR and SO_BROADCAST as python-dvr does, broadcasts the 20-byte 1530 header that
 * go2rtc sends, and collects every datagram it hears. Run only inside scripts/in-netns.sh.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createHash } from 'node:crypto';

/** go2rtc's probe: magic 0xFF, version 0, msg 1530, no payload. */
export const PROBE_1530 = Buffer.from('ff00000000000000000000000000fa0500000000', 'hex');
export const BROADCAST = '127.255.255.255';

export interface Heard {
  address: string;
  port: number;
  msgId: number;
  bytes: Buffer;
  body: Record<string, unknown> | null;
}

export interface SearchClient {
  heard: Heard[];
  send(bytes: Buffer, address?: string, port?: number): Promise<void>;
  close(): Promise<void>;
}

/** Binds `address:port` (0.0.0.0:34569 hears the devices' broadcast replies). */
export function openSearchClient(address = '0.0.0.0', port = 34569): Promise<SearchClient> {
  const s: Socket = createSocket({ type: 'udp4', reuseAddr: true });
  const heard: Heard[] = [];
  s.on('message', (bytes, r) => {
    if (bytes.length < 20) return;
    const len = bytes.readUInt32LE(16);
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(
        bytes
          .subarray(20, 20 + len)
          .toString()
          .replace(/\0/g, ''),
      ) as Record<string, unknown>;
    } catch {
      body = null;
    }
    heard.push({ address: r.address, port: r.port, msgId: bytes.readUInt16LE(14), bytes, body });
  });
  return new Promise((resolve) =>
    s.bind({ address, port }, () => {
      s.setBroadcast(true);
      resolve({
        heard,
        send: (bytes, to = BROADCAST, toPort = 34569) =>
          new Promise<void>((res, rej) => s.send(bytes, toPort, to, (e) => (e ? rej(e) : res()))),
        close: () => new Promise<void>((res) => s.close(() => res())),
      });
    }),
  );
}

/** A 1532 IP-set datagram as python-dvr ConfigXM builds it (reserved = 254). */
export function ipSetDatagram(fields: Record<string, unknown>): Buffer {
  const json = Buffer.from(JSON.stringify(fields) + '\n\0');
  const h = Buffer.alloc(20);
  h[0] = 0xff;
  h.writeUInt16LE(254, 2);
  h.writeUInt16LE(1532, 14);
  h.writeUInt32LE(json.length, 16);
  return Buffer.concat([h, json]);
}

/** `a.b.c.d` as the XM little-endian hex, written independently of the lab's helper. */
export function hexIp(ip: string): string {
  const b = Buffer.from(ip.split('.').map(Number));
  return '0x' + b.readUInt32LE(0).toString(16).toUpperCase().padStart(8, '0');
}

/** Sofia hash again, kept local so this probe depends on nothing in the lab. */
export function probeSofia(pw: string): string {
  const d = createHash('md5').update(pw).digest();
  const c = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let i = 0; i < 16; i += 2) out += c[(d[i]! + d[i + 1]!) % 62];
  return out;
}

export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
