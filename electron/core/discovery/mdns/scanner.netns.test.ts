/**
 * The real sockets end to end: the lab publishes its assumed adverts with bonjour-service on
 * loopback, the scanner browses from a socket pinned to 127.0.0.1, and a bystander socket on the
 * group records every query it sent. Multicast only inside the private network namespace.
 */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFleet } from '../../../../lab/fleet/presets';
import { startLab, type Lab } from '../../../../lab/lab';
import { resolveInterfaces } from '../../net/interfaces';
import type { RawSighting, ScanWarning } from '../types';
import { MDNS_GROUP, MDNS_PORT } from './pinned-bonjour';
import { MdnsScanner } from './scanner';

const RANGE = '127.0.120.';
const fleet = {
  name: 'mdns-scanner-test',
  devices: generateFleet('mdns-scanner-test', [
    { template: 'generic', count: 2, factoryDefault: 1 },
    { template: 'hilook', count: 1, factoryDefault: 0 },
  ]),
};

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('MdnsScanner on loopback (netns)', () => {
  let lab: Lab;
  let bystander: dgram.Socket;
  const queriesFrom: string[] = [];

  beforeAll(async () => {
    lab = await startLab({
      fleet,
      loopbackOnly: true,
      firstAddress: `${RANGE}1`,
      wsDiscovery: false,
      mdns: true,
    });
    bystander = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((r) => bystander.bind(MDNS_PORT, '0.0.0.0', r));
    bystander.addMembership(MDNS_GROUP, '127.0.0.1');
    bystander.on('message', (data, rinfo) => {
      // A query has the QR bit clear; ours asks for one of the browsed types.
      if ((data[2]! & 0x80) === 0 && data.includes('_http')) queriesFrom.push(rinfo.address);
    });
  });

  afterAll(async () => {
    bystander?.close();
    await lab?.stop();
  });

  it('finds exactly the advertising lab cameras, at their own addresses', async () => {
    const interfaces = resolveInterfaces(undefined, { loopbackOnly: true });
    const sightings: RawSighting[] = [];
    const warnings: ScanWarning[] = [];
    const reports = await new MdnsScanner().sweep({
      interfaces,
      durationMs: 2500,
      signal: new AbortController().signal,
      onSighting: (s) => sightings.push(s),
      onWarning: (w) => warnings.push(w),
    });
    expect(warnings).toEqual([]);
    expect(reports).toMatchObject([{ address: '127.0.0.1', ok: true, probesSent: 8 }]);
    const ours = sightings.filter((s) => s.address.startsWith(RANGE));
    const expected = lab.manifest.devices.filter((d) => d.mdns?.length);
    expect(expected).toHaveLength(2);
    expect(ours.map((s) => s.address).sort()).toEqual(expected.map((d) => d.ip).sort());
    for (const d of expected) {
      const s = ours.find((x) => x.address === d.ip)!;
      expect(s).toMatchObject({
        protocol: 'mdns',
        port: d.ports.http,
        facts: { mac: d.mac, vendor: d.vendor, model: d.model, httpPort: d.ports.http },
      });
    }
    // Every query left through loopback (the namespace has nothing else, and the socket is pinned).
    expect(queriesFrom.length).toBeGreaterThanOrEqual(2);
    expect(queriesFrom.every((a) => a.startsWith('127.'))).toBe(true);
  });

  it('refuses a non-loopback interface outright under CUSTODIAN_LOOPBACK_ONLY', async () => {
    const fake = {
      name: 'eth9',
      address: '10.20.30.40',
      netmask: '255.255.255.0',
      mac: null,
      internal: false,
    };
    const reports = await new MdnsScanner().sweep({
      interfaces: [fake],
      durationMs: 200,
      signal: new AbortController().signal,
      onSighting: () => {},
      onWarning: () => {},
    });
    expect(reports).toEqual([
      {
        name: 'eth9',
        address: '10.20.30.40',
        ok: false,
        error: 'NON_LOOPBACK_REFUSED eth9 10.20.30.40',
        probesSent: 0,
        replies: 0,
      },
    ]);
  });
});
