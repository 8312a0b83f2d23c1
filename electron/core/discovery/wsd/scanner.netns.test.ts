/**
 * The real sockets end to end: a Probe leaves through loopback's multicast route, a tiny responder
 * answers unicast from another loopback address, and the scanner finds it. Multicast only runs
 * inside the private network namespace (scripts/in-netns.sh), never on a real network.
 */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInterfaces } from '../../net/interfaces';
import type { RawSighting, ScanWarning } from '../types';
import { decodeWsdMessage } from './codec';
import { WSD_MULTICAST_ADDRESS, WSD_PORT } from './namespaces';
import { SWEEP_MS } from '../timing';
import { WsdScanner } from './scanner';
import { loadFixture, withRelatesTo } from './test-support';

const DEVICE_ADDRESS = '127.0.0.2';

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('WsdScanner on loopback (netns)', () => {
  let listener: dgram.Socket;
  let replier: dgram.Socket;
  const probesSeen: string[] = [];

  beforeAll(async () => {
    // The reply advertises the device's own loopback address plus a link-local decoy.
    const reply = loadFixture('probe-matches-hikvision.xml')
      .toString()
      .replace('http://192.168.1.64/', `http://${DEVICE_ADDRESS}/`);
    replier = dgram.createSocket('udp4');
    await new Promise<void>((r) => replier.bind(0, DEVICE_ADDRESS, r));
    listener = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((r) => listener.bind(WSD_PORT, '0.0.0.0', r));
    listener.addMembership(WSD_MULTICAST_ADDRESS, '127.0.0.1');
    listener.on('message', (data, rinfo) => {
      const probe = decodeWsdMessage(data);
      if (probe.kind !== 'probe' || !probe.messageId) return;
      probesSeen.push(probe.types.join(' '));
      replier.send(withRelatesTo(reply, probe.messageId), rinfo.port, rinfo.address);
    });
  });

  afterAll(() => {
    listener?.close();
    replier?.close();
  });

  it('finds the responder through multicast on the loopback interface', async () => {
    const interfaces = resolveInterfaces(undefined, { loopbackOnly: true });
    expect(interfaces.map((i) => i.address)).toEqual(['127.0.0.1']);
    const sightings: RawSighting[] = [];
    const warnings: ScanWarning[] = [];
    const reports = await new WsdScanner().sweep({
      interfaces,
      durationMs: SWEEP_MS, // the default schedule within the recommended sweep
      signal: new AbortController().signal,
      onSighting: (s) => sightings.push(s),
      onWarning: (w) => warnings.push(w),
    });

    expect(warnings).toEqual([]);
    expect(reports).toEqual([
      { name: interfaces[0]!.name, address: '127.0.0.1', ok: true, probesSent: 7, replies: 7 },
    ]);
    expect(probesSeen).toHaveLength(7);
    expect(new Set(probesSeen)).toEqual(new Set(['dn:NetworkVideoTransmitter', 'tds:Device']));
    expect(sightings).toHaveLength(1);
    expect(sightings[0]).toMatchObject({
      protocol: 'wsd',
      address: DEVICE_ADDRESS,
      facts: {
        endpoint: 'urn:uuid:3c2f7e00-1d44-11b4-8a3c-bcad284f11e0',
        model: 'DS-2CD2143G2-I',
        xaddrs: [`http://${DEVICE_ADDRESS}/onvif/device_service`],
      },
    });
  });
});
