/**
 * The lab's mDNS side: which devices advertise (the assumption in assumed-adverts.ts) and one
 * loopback-pinned bonjour-service responder for all of them.
 */
import type { LabDevice } from '../fleet/spec';
import { assumedMdnsAdverts, type MdnsAdvert } from './assumed-adverts';
import { MDNS_GROUP, MDNS_PORT, startMdnsAdverts } from './mdns-adverts';

export interface LabMdns {
  readonly summary: { group: string; port: number; services: number };
  /** `<name>._<type>._tcp.local` of each service the device advertises. */
  servicesOf(deviceId: string): string[];
  stop(): Promise<void>;
}

/** The adverts of every device whose family advertises. */
export function labAdverts(devices: readonly LabDevice[]): MdnsAdvert[] {
  return devices.flatMap((d) => {
    switch (d.family) {
      case 'onvif':
      case 'herospeed':
        return assumedMdnsAdverts(d);
      case 'hikvision':
      case 'dahua':
      case 'xiongmai':
        // oem-map.md §3: no evidence these families advertise over mDNS by default [U].
        return [];
    }
  });
}

/** Publishes the fleet's adverts on loopback. */
export async function startLabMdns(
  devices: readonly LabDevice[],
  onWarning: (m: string) => void,
): Promise<LabMdns> {
  const adverts = labAdverts(devices);
  const running = await startMdnsAdverts(adverts, onWarning);
  const byDevice = new Map<string, string[]>();
  for (const a of adverts)
    byDevice.set(a.deviceId, [
      ...(byDevice.get(a.deviceId) ?? []),
      `${a.name}._${a.type}._tcp.local`,
    ]);
  return {
    summary: { group: MDNS_GROUP, port: MDNS_PORT, services: adverts.length },
    servicesOf: (id) => byDevice.get(id) ?? [],
    stop: running.stop,
  };
}
