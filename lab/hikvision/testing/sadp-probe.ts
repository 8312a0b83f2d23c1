/**
 * Test helper: an independent SADP client, as the Java/Go tools do it (hikvision.md §1): an
 * ephemeral socket on 127.0.0.1, the Probe sent to the group, replies collected. Netns only.
 */
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';

export interface Datagram {
  address: string;
  port: number;
  xml: string;
}

/** SADPTool's inquiry, as captured (§2). */
export function inquiry(uuid = randomUUID().toUpperCase()): string {
  return `<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>${uuid}</Uuid><Types>inquiry</Types></Probe>`;
}

/** Sends `payloads` to `to`:37020 and collects what arrives for `waitMs`. */
export function sadpSend(
  payloads: string[],
  waitMs = 400,
  to = '239.255.255.250',
): Promise<Datagram[]> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    const got: Datagram[] = [];
    s.on('message', (m, r) =>
      got.push({ address: r.address, port: r.port, xml: m.toString('utf8') }),
    );
    s.once('error', reject);
    s.bind({ address: '127.0.0.1', port: 0 }, () => {
      s.setMulticastInterface('127.0.0.1');
      s.setMulticastTTL(2);
      if (to === '255.255.255.255') s.setBroadcast(true);
      for (const p of payloads) s.send(p, 37020, to);
      setTimeout(() => s.close(() => resolve(got)), waitMs);
    });
  });
}

/** Joins the group on 37020 (reuseAddr) to hear Hellos, as a passive client would. */
export async function sadpListen(): Promise<{ heard: Datagram[]; close(): Promise<void> }> {
  const s = createSocket({ type: 'udp4', reuseAddr: true });
  const heard: Datagram[] = [];
  s.on('message', (m, r) =>
    heard.push({ address: r.address, port: r.port, xml: m.toString('utf8') }),
  );
  await new Promise<void>((done) => s.bind({ address: '0.0.0.0', port: 37020 }, () => done()));
  s.addMembership('239.255.255.250', '127.0.0.1');
  return { heard, close: () => new Promise<void>((done) => s.close(() => done())) };
}
