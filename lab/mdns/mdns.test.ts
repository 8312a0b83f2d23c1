import { Bonjour, type ServiceConfig, type Service } from 'bonjour-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFleet } from '../fleet/presets';
import { startLab, type Lab } from '../lab';
import { labAdverts } from './lab-mdns';
import { LOOPBACK_MDNS_OPTIONS } from './mdns-adverts';

// Multicast: only inside the namespace. A fleet of its own (own seed, own names) in its own
// 127.0.7.x range, so labs of other test files advertising at the same time do not count.
const FIRST = '127.0.7.1';
const fleet = {
  name: 'mdns-test',
  devices: generateFleet('mdns-test', [
    { template: 'generic', count: 2, factoryDefault: 1 },
    { template: 'hilook', count: 1, factoryDefault: 0 },
    { template: 'atix-nvr', count: 1, factoryDefault: 0 },
  ]),
};

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('mDNS adverts (network namespace)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ fleet, loopbackOnly: true, firstAddress: FIRST, mdns: true });
  });
  afterAll(() => lab.stop());

  it('advertises only the assumed set: generic ONVIF cameras, not HiLook or recorders', () => {
    const withAdverts = lab.manifest.devices.filter((d) => d.mdns?.length);
    expect(withAdverts.map((d) => d.vendor)).toEqual(['Generic', 'Generic']);
    expect(lab.manifest.mdns).toEqual({ group: '224.0.0.251', port: 5353, services: 2 });
  });

  it('is seen by a bonjour-service browser pinned to loopback, with the device address', async () => {
    const browser = new Bonjour(LOOPBACK_MDNS_OPTIONS as unknown as Partial<ServiceConfig>);
    const seen = new Map<string, Service>();
    const expected = lab.manifest.devices.filter((d) => d.mdns?.length);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('adverts not seen in time')), 5000);
        browser.find({ type: 'http' }, (s: Service) => {
          const ours = s.addresses?.find((a) => a.startsWith('127.0.7.'));
          if (ours) seen.set(ours, s);
          if (seen.size === expected.length) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    } finally {
      await new Promise<void>((done) => browser.destroy(() => done()));
    }
    for (const d of expected) {
      const s = seen.get(d.ip)!;
      expect(s.port).toBe(d.ports.http);
      expect(s.txt).toMatchObject({ macaddress: d.mac.replace(/:/g, '').toUpperCase() });
      // Only the device's own loopback address: none of the host's real interfaces.
      expect(s.addresses).toEqual([d.ip]);
    }
  });

  it('names services uniquely per device', () => {
    const all = lab.manifest.devices.flatMap((d) => d.mdns ?? []);
    expect(new Set(all).size).toBe(all.length);
    expect(labAdverts([])).toEqual([]);
  });
});
