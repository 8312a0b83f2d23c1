/**
 * An independent DHIP search client for tests (netns only), built from dahua.md §2/§3 rather than
 * from the lab's codec: one socket on 127.0.0.1, the probe sent to the group, a broadcast address
 * or a device, replies collected for a while.
 */
import { createSocket } from 'node:dgram';

export interface DhipReply {
  address: string;
  port: number;
  raw: Buffer;
}

/** The 32-byte header + JSON of a search; `layout` 'all' writes the length at 16, 20, 24, 28. */
export function searchDatagram(
  body: object = { method: 'DHDiscover.search', params: { mac: '', uni: 1 } },
  layout: 'canonical' | 'all' = 'canonical',
): Buffer {
  const json = Buffer.from(JSON.stringify(body));
  const h = Buffer.alloc(32);
  h.write('\x20\x00\x00\x00DHIP', 0, 'latin1');
  for (const at of layout === 'all' ? [16, 20, 24, 28] : [16, 24]) h.writeUInt32LE(json.length, at);
  return Buffer.concat([h, json]);
}

/** Sends `datagrams` to `to`:37810 and collects what comes back for `waitMs`. */
export function dhipProbe(datagrams: Buffer[], to: string, waitMs = 400): Promise<DhipReply[]> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    const replies: DhipReply[] = [];
    s.on('message', (raw, r) => replies.push({ address: r.address, port: r.port, raw }));
    s.once('error', reject);
    s.bind({ address: '127.0.0.1', port: 0 }, () => {
      s.setBroadcast(true);
      s.setMulticastInterface('127.0.0.1');
      for (const d of datagrams) s.send(d, 37810, to);
      setTimeout(() => s.close(() => resolve(replies)), waitMs);
    });
  });
}

/** The parts of a client.notifyDevInfo the tests read. */
export interface NotifyDevInfo {
  mac: string;
  method: string;
  params: { deviceInfo: { Init: number; IPv4Address: { IPAddress: string } } };
}

/** The JSON of a reply, located by its first `{` and trimmed of `\n`/NUL as clients do. */
export function replyJson(raw: Buffer): NotifyDevInfo {
  return JSON.parse(
    raw
      .subarray(raw.indexOf('{'))
      .toString('utf8')
      .replace(/[\n\0]+$/, ''),
  );
}
