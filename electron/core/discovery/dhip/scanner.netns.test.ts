/**
 * The real sockets end to end: searches leave through loopback's multicast route and the
 * loopback subnet broadcast, a tiny responder answers unicast from its own 127.0.50.x address,
 * and the scanner finds it. Runs only inside the private network namespace
 * (scripts/in-netns.sh), never on a real network. Other test files may answer on 37810 in the
 * same namespace, so only replies from 127.0.50.x are counted.
 */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInterfaces } from '../../net/interfaces';
import { openUdpSocket, type UdpOpener } from '../../net/udp';
import type { RawSighting, ScanWarning } from '../types';
import { decodeDhipMessage } from './codec';
import { DHIP_MULTICAST_ADDRESS, DHIP_PORT } from './constants';
import { DHIP_ROUNDS_MS, SWEEP_MS } from '../timing';
import { DhipScanner } from './scanner';
import { fixtureWith } from './test-support';

const DEVICE_ADDRESS = '127.0.50.2';
const OURS = /^127\.0\.50\./;

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('DhipScanner on loopback (netns)', () => {
  let listener: dgram.Socket;
  let replier: dgram.Socket;
  const searchesFrom = new Map<number, number>();

  beforeAll(async () => {
    // The factory-fresh fixture, re-addressed to the responder's own loopback address.
    const reply = fixtureWith('notify-uninitialized.json', (json) =>
      json.replace('"IPAddress":"192.168.1.108"', `"IPAddress":"${DEVICE_ADDRESS}"`),
    );
    replier = dgram.createSocket('udp4');
    await new Promise<void>((r) => replier.bind(0, DEVICE_ADDRESS, r));
    listener = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((r) => listener.bind(DHIP_PORT, '0.0.0.0', r));
    listener.addMembership(DHIP_MULTICAST_ADDRESS, '127.0.0.1');
    listener.on('message', (data, rinfo) => {
      if (decodeDhipMessage(data).kind !== 'search') return;
      searchesFrom.set(rinfo.port, (searchesFrom.get(rinfo.port) ?? 0) + 1);
      replier.send(reply, rinfo.port, rinfo.address);
    });
  });

  afterAll(() => {
    listener?.close();
    replier?.close();
  });

  it('finds the responder through multicast and the subnet broadcast', async () => {
    const interfaces = resolveInterfaces(undefined, { loopbackOnly: true });
    expect(interfaces.map((i) => i.address)).toEqual(['127.0.0.1']);
    let localPort = 0;
    const opener: UdpOpener = async (options) => {
      const opened = await openUdpSocket(options);
      if (opened.ok) localPort = opened.socket.localPort;
      return opened;
    };
    const sightings: RawSighting[] = [];
    const warnings: ScanWarning[] = [];
    const reports = await new DhipScanner({ openSocket: opener }).sweep({
      interfaces,
      durationMs: SWEEP_MS, // the default schedule within the recommended sweep
      signal: new AbortController().signal,
      onSighting: (s) => sightings.push(s),
      onWarning: (w) => warnings.push(w),
    });

    expect(warnings.filter((w) => OURS.test(w.address ?? ''))).toEqual([]);
    expect(reports).toEqual([
      expect.objectContaining({ address: '127.0.0.1', ok: true, probesSent: 8 }),
    ]);
    // Four rounds, each heard once by multicast and once by broadcast.
    expect(DHIP_ROUNDS_MS).toHaveLength(4);
    expect(searchesFrom.get(localPort)).toBe(8);
    const ours = sightings.filter((s) => OURS.test(s.address));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({
      protocol: 'dhip',
      address: DEVICE_ADDRESS,
      facts: { family: 'dahua', account: 'inactive', mac: '3c:ef:8c:12:34:56' },
    });
  });
});
