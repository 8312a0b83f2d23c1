/**
 * The real sockets end to end, inside the private network namespace only (scripts/in-netns.sh):
 * the inquiry leaves through loopback's multicast route; one tiny responder answers unicast to
 * the sender (RBZX/CAMN behaviour), another multicasts its reply to the group (the TSC clone).
 * Other test files may share port 37020 in the namespace, so this file uses its own addresses
 * (127.0.40.x), answers only its own scanner, and counts only replies from its responders.
 */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetInterface } from '../../../shared/dto';
import type { RawSighting, ScanWarning } from '../types';
import { decodeSadpMessage } from './codec';
import { SADP_MULTICAST_ADDRESS, SADP_PORT } from './constants';
import { SadpScanner } from './scanner';
import { loadFixture, withField, withUuid } from './test-support';

const SCANNER = '127.0.40.1';
const UNICAST_DEVICE = '127.0.40.2';
const MULTICAST_DEVICE = '127.0.40.3';
const OURS = /^127\.0\.40\./;

const bind = (sock: dgram.Socket, port: number, address: string): Promise<void> =>
  new Promise((resolve) => sock.bind(port, address, resolve));

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('SadpScanner on loopback (netns)', () => {
  const sockets: dgram.Socket[] = [];
  const inquiries: string[] = [];

  beforeAll(async () => {
    const camera = withField(
      loadFixture('probe-match-ds-2cd2320d-i.xml'),
      'IPv4Address',
      UNICAST_DEVICE,
    );
    const intercom = loadFixture('probe-match-ds-kh6210-l.xml'); // 192.0.0.60: a foreign subnet
    const unicast = dgram.createSocket('udp4');
    const multicast = dgram.createSocket('udp4');
    const listener = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    sockets.push(unicast, multicast, listener);
    await bind(unicast, 0, UNICAST_DEVICE);
    await bind(multicast, 0, MULTICAST_DEVICE);
    multicast.setMulticastInterface(MULTICAST_DEVICE);
    multicast.setMulticastTTL(1);
    await bind(listener, SADP_PORT, '0.0.0.0');
    listener.addMembership(SADP_MULTICAST_ADDRESS, '127.0.0.1');
    listener.on('message', (data, rinfo) => {
      const probe = decodeSadpMessage(data);
      // Only our scanner's inquiries. Both copies of a round (group and 127.255.255.255) are
      // answered, as a device hearing both would; the scanner must report each device once.
      if (probe.kind !== 'probe' || rinfo.address !== SCANNER || !probe.uuid) return;
      inquiries.push(probe.uuid);
      unicast.send(withUuid(camera, probe.uuid), rinfo.port, rinfo.address);
      multicast.send(withUuid(intercom, probe.uuid), SADP_PORT, SADP_MULTICAST_ADDRESS);
    });
  });

  afterAll(() => {
    for (const s of sockets) s.close();
  });

  it('finds a unicast responder and a multicast responder through the SADP group', async () => {
    const lo: NetInterface = {
      name: 'lo',
      address: SCANNER,
      netmask: '255.0.0.0',
      mac: null,
      internal: true,
    };
    const sightings: RawSighting[] = [];
    const warnings: ScanWarning[] = [];
    const reports = await new SadpScanner({ roundsAtMs: [0, 100, 200], jitterMs: 20 }).sweep({
      interfaces: [lo],
      durationMs: 800,
      signal: new AbortController().signal,
      onSighting: (s) => sightings.push(s),
      onWarning: (w) => warnings.push(w),
    });

    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ name: 'lo', address: SCANNER, ok: true, probesSent: 6 });
    expect(reports[0]!.error).toBeUndefined();
    // Each round reaches the responder twice (group and 127.255.255.255), with one Uuid.
    expect(new Set(inquiries).size).toBe(3);
    expect(warnings.filter((w) => OURS.test(w.address ?? ''))).toEqual([]);
    const ours = sightings.filter((s) => OURS.test(s.address));
    expect(ours.map((s) => [s.address, s.facts.model]).sort()).toEqual([
      [UNICAST_DEVICE, 'DS-2CD2320D-I'],
      [MULTICAST_DEVICE, 'DS-KH6210-L'],
    ]);
    expect(ours.every((s) => s.protocol === 'sadp' && s.iface === lo)).toBe(true);
  });
});
