/**
 * mDNS adverts with bonjour-service, pinned to loopback. bonjour-service hands its options to
 * multicast-dns, which by default joins 224.0.0.251 on every interface and sends on the default
 * one; here it joins on 127.0.0.1 only, sends only through 127.0.0.1 (IP_MULTICAST_IF) with TTL 1,
 * and so never puts a packet on a real network. It binds 0.0.0.0:5353 because Linux delivers a
 * group datagram only to sockets bound to the wildcard or the group, as the WS-Discovery listener
 * does; anything it hears is still answered only on loopback.
 */
import { EventEmitter } from 'node:events';
import { Bonjour, type Service, type ServiceConfig } from 'bonjour-service';
import { assertLoopback } from '../fleet/addressing';
import type { MdnsAdvert } from './assumed-adverts';

export const MDNS_GROUP = '224.0.0.251';
export const MDNS_PORT = 5353;

/** The multicast-dns options that keep every packet on loopback (see the file comment). */
export const LOOPBACK_MDNS_OPTIONS = Object.freeze({
  interface: '127.0.0.1',
  bind: '0.0.0.0',
  ttl: 1,
  loopback: true,
  reuseAddr: true,
});

/**
 * A Bonjour instance pinned to loopback, ready (socket bound) before it is returned. The typings
 * call the options `ServiceConfig`, but they are passed to multicast-dns as they are.
 */
export async function loopbackBonjour(onWarning: (m: string) => void): Promise<Bonjour> {
  assertLoopback(LOOPBACK_MDNS_OPTIONS.interface, 'mDNS interface');
  const bonjour = new Bonjour(
    LOOPBACK_MDNS_OPTIONS as unknown as Partial<ServiceConfig>,
    (err: Error) => onWarning(`mdns: ${err.message}`),
  );
  // multicast-dns reports bind failures as an 'error' event that nothing in bonjour-service
  // listens to (it would crash the process), so reach its emitter and wait for 'ready'.
  const mdns = (bonjour as unknown as { server?: { mdns?: unknown } }).server?.mdns;
  if (!(mdns instanceof EventEmitter)) {
    bonjour.destroy();
    throw new Error('bonjour-service internals changed: cannot watch its socket, mDNS stays off');
  }
  mdns.on('warning', (err: Error) => onWarning(`mdns: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    mdns.once('ready', resolve);
    mdns.once('error', (err: Error) => {
      bonjour.destroy();
      reject(err);
    });
  });
  mdns.on('error', (err: Error) => onWarning(`mdns: ${err.message}`));
  return bonjour;
}

export interface MdnsAdverts {
  readonly services: number;
  stop(): Promise<void>;
}

/** Publishes the adverts; resolves once the socket is bound (announcements follow the probes). */
export async function startMdnsAdverts(
  adverts: readonly MdnsAdvert[],
  onWarning: (m: string) => void = () => {},
): Promise<MdnsAdverts> {
  for (const a of adverts) assertLoopback(a.ip, `mDNS address of ${a.deviceId}`);
  const bonjour = await loopbackBonjour(onWarning);
  for (const a of adverts) {
    const service = bonjour.publish({
      name: a.name,
      type: a.type,
      port: a.port,
      host: a.host,
      txt: a.txt,
      disableIPv6: true,
      // Probing first (RFC 6762 §8.1) is also what leaves time to fix the records below.
      probe: true,
    });
    pinAddress(service, a.ip);
  }
  let stopping: Promise<void> | undefined;
  return {
    services: adverts.length,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        // Goodbye packets (TTL 0) first, then close the socket.
        bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
      })),
  };
}

/**
 * bonjour-service puts an A record for every non-internal interface of this host into a
 * service's records: the host's real LAN addresses, not the simulated device's. Replace them with
 * the device's own loopback address. The records are first built after probing, so replacing the
 * method on the fresh instance takes effect for announcements and goodbyes alike.
 */
function pinAddress(service: Service, ip: string): void {
  if (service.published) throw new Error('bonjour-service announced before probing');
  const original = service.records.bind(service);
  service.records = () => [
    ...original().filter((r) => r.type !== 'A' && r.type !== 'AAAA'),
    { name: service.host, type: 'A', ttl: 120, data: ip },
  ];
}
