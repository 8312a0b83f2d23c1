/** Test helper: sends one WS-Discovery datagram and collects what comes back. Run in the netns only. */
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { NS, WSD_GROUP, WSD_PORT } from './namespaces';

export interface Reply {
  address: string;
  port: number;
  xml: string;
}

/** A Probe with the given Types text (null: no Types element). */
export function probeXml(types: string | null, messageId = `urn:uuid:${randomUUID()}`): string {
  return (
    `<s:Envelope xmlns:s="${NS.soap}" xmlns:a="${NS.wsa}" xmlns:d="${NS.wsd}" xmlns:dn="${NS.dn}" xmlns:tds="${NS.tds}">` +
    `<s:Header><a:MessageID>${messageId}</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>` +
    `<a:Action>${NS.wsd}/Probe</a:Action></s:Header><s:Body><d:Probe>` +
    (types === null ? '' : `<d:Types>${types}</d:Types>`) +
    '</d:Probe></s:Body></s:Envelope>'
  );
}

/** Sends `payloads` from one socket bound to 127.0.0.1 and collects replies for `waitMs`. */
export function probe(
  payloads: (string | Buffer)[],
  waitMs = 800,
  to = WSD_GROUP,
): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    const replies: Reply[] = [];
    s.on('message', (m, r) =>
      replies.push({ address: r.address, port: r.port, xml: m.toString('utf8') }),
    );
    s.once('error', reject);
    s.bind({ address: '127.0.0.1', port: 0 }, () => {
      s.setRecvBufferSize(8 * 1024 * 1024);
      s.setMulticastInterface('127.0.0.1');
      for (const p of payloads) s.send(p, WSD_PORT, to);
      setTimeout(() => s.close(() => resolve(replies)), waitMs);
    });
  });
}

/** Listens on the group (as a passive client would) and collects announcements. */
export async function listenGroup(): Promise<{ messages: Reply[]; close(): Promise<void> }> {
  const s = createSocket({ type: 'udp4', reuseAddr: true });
  const messages: Reply[] = [];
  s.on('message', (m, r) =>
    messages.push({ address: r.address, port: r.port, xml: m.toString('utf8') }),
  );
  await new Promise<void>((done) => s.bind({ address: '0.0.0.0', port: WSD_PORT }, () => done()));
  s.addMembership(WSD_GROUP, '127.0.0.1');
  return { messages, close: () => new Promise<void>((done) => s.close(() => done())) };
}
