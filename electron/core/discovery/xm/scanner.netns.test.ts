/**
 * The real sockets end to end: the 1530 search leaves as a subnet broadcast on loopback, two tiny
 * responders answer from 127.0.60.x (one broadcasts its reply to port 34569, as the public clients
 * expect; one answers the sender's port), and the scanner finds both. Broadcasts only run inside
 * the private network namespace (scripts/in-netns.sh), never on a real network.
 */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInterfaces } from '../../net/interfaces';
import type { RawSighting, ScanWarning } from '../types';
import { XmScanner } from './scanner';
import { XM_SEARCH_PORT, decodeXmSearchDatagram } from './search';
import { xmReplyBody, xmSearchReplyFrame } from './test-support';

// Our own range: other test files in the namespace may answer searches too.
const OURS = '127.0.60.';
const BROADCASTER = '127.0.60.1';
const UNICASTER = '127.0.60.2';

function bind(sock: dgram.Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, address, () => resolve());
  });
}

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('XmScanner on loopback (netns)', () => {
  let listener: dgram.Socket;
  const repliers: dgram.Socket[] = [];
  let searchesSeen = 0;

  beforeAll(async () => {
    const reply = (ip: string, mac: string) =>
      xmSearchReplyFrame(
        xmReplyBody('search-reply-icsee.json', { hostIp: ip, mac, netmask: '255.0.0.0' }),
        'nuls',
      );
    const broadcaster = dgram.createSocket('udp4');
    const unicaster = dgram.createSocket('udp4');
    repliers.push(broadcaster, unicaster);
    await bind(broadcaster, 0, BROADCASTER);
    broadcaster.setBroadcast(true);
    await bind(unicaster, 0, UNICASTER);
    // The devices' own search socket: broadcasts arrive only on INADDR_ANY, shared by reuseAddr.
    listener = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    await bind(listener, XM_SEARCH_PORT, '0.0.0.0');
    listener.on('message', (data, rinfo) => {
      if (decodeXmSearchDatagram(data).kind !== 'request' || rinfo.address !== '127.0.0.1') return;
      searchesSeen += 1;
      broadcaster.send(reply(BROADCASTER, 'dc:29:19:60:00:01'), XM_SEARCH_PORT, '127.255.255.255');
      unicaster.send(reply(UNICASTER, 'dc:29:19:60:00:02'), rinfo.port, rinfo.address);
    });
  });

  afterAll(() => {
    listener?.close();
    for (const r of repliers) r.close();
  });

  it('finds a broadcasting and a unicasting responder through the subnet broadcast', async () => {
    const interfaces = resolveInterfaces(undefined, { loopbackOnly: true });
    expect(interfaces.map((i) => i.address)).toEqual(['127.0.0.1']);
    const sightings: RawSighting[] = [];
    const warnings: ScanWarning[] = [];
    const reports = await new XmScanner({ roundsAtMs: [0, 100, 200], jitterMs: 20 }).sweep({
      interfaces,
      durationMs: 700,
      signal: new AbortController().signal,
      onSighting: (s) => s.address.startsWith(OURS) && sightings.push(s),
      onWarning: (w) => (w.address ?? OURS).startsWith(OURS) && warnings.push(w),
    });

    expect(warnings).toEqual([]);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ ok: true, probesSent: 3 });
    expect(reports[0]!.error).toBeUndefined();
    expect(reports[0]!.replies).toBeGreaterThanOrEqual(6);
    expect(searchesSeen).toBeGreaterThanOrEqual(3);
    expect(sightings.map((s) => [s.address, s.facts.mac]).sort()).toEqual([
      [BROADCASTER, 'dc:29:19:60:00:01'],
      [UNICASTER, 'dc:29:19:60:00:02'],
    ]);
    expect(sightings.every((s) => s.protocol === 'xm' && s.facts.family === 'xiongmai')).toBe(true);
  });
});
