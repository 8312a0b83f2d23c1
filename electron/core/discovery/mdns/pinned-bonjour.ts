/**
 * One bonjour-service browser pinned to one interface. bonjour-service hands its options to
 * multicast-dns, which by default joins 224.0.0.251 on every interface and, if a join fails, never
 * sets the outgoing interface, so its queries would leave by the default route. So the socket is
 * made here, fully set up before bonjour sees it (`socket` + `bind: false`): membership and
 * IP_MULTICAST_IF on this interface only, TTL 1 on loopback. Bound to 0.0.0.0:5353 with reuseAddr,
 * as the lab's responder is (lab/mdns/mdns-adverts.ts): Linux hands group datagrams only to
 * wildcard or group binds, and answers to a query from 5353 come back by multicast (RFC 6762 §6).
 */
import dgram from 'node:dgram';
import { Bonjour, type Service, type ServiceConfig } from 'bonjour-service';
import type { NetInterface } from '../../../shared/dto';
import { isLoopbackAddress } from '../../net/interfaces';
import type { MdnsServiceInfo } from './facts';

export const MDNS_GROUP = '224.0.0.251';
export const MDNS_PORT = 5353;

/** One browse of one DNS-SD type. */
export interface MdnsBrowse {
  /** Sends the PTR query again (RFC 6762 §5.2 asks for repeats). */
  update(): void;
  stop(): void;
}

/** A browser on one interface; `close` is idempotent and never throws. */
export interface MdnsBrowsing {
  find(type: string, onUp: (service: MdnsServiceInfo) => void): MdnsBrowse;
  close(): Promise<void>;
}

export type MdnsOpenResult = { ok: true; browsing: MdnsBrowsing } | { ok: false; error: string };

/** How the scanner gets browsers; tests pass an in-memory one. */
export type MdnsOpener = (
  iface: NetInterface,
  options: { loopbackOnly: boolean; onWarning(message: string): void },
) => Promise<MdnsOpenResult>;

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return code ? `${code} ${message}` : message;
}

/** The plain data of a bonjour-service Service. */
export function serviceInfo(s: Service): MdnsServiceInfo {
  return {
    name: s.name,
    type: s.type,
    port: s.port,
    host: s.host,
    addresses: s.addresses ?? [],
    txt: (s.txt ?? {}) as Record<string, unknown>,
    referer: s.referer?.address ?? null,
  };
}

/** Binds, joins and pins the socket; refuses a non-127.x interface when `loopbackOnly`. */
export const openPinnedBonjour: MdnsOpener = async (iface, options) => {
  if (options.loopbackOnly && !isLoopbackAddress(iface.address)) {
    return { ok: false, error: `NON_LOOPBACK_REFUSED ${iface.name} ${iface.address}` };
  }
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(MDNS_PORT, '0.0.0.0', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.addMembership(MDNS_GROUP, iface.address);
    socket.setMulticastInterface(iface.address);
    socket.setMulticastTTL(isLoopbackAddress(iface.address) ? 1 : 255);
    socket.setMulticastLoopback(true); // a responder on this same host must hear us
  } catch (err) {
    try {
      socket.close();
    } catch {
      // never bound: nothing to release
    }
    return { ok: false, error: describe(err) };
  }
  // The typings call these options ServiceConfig; multicast-dns reads them as they are.
  const opts = { socket, bind: false, interface: iface.address, port: MDNS_PORT, ip: MDNS_GROUP };
  const bonjour = new Bonjour(opts as unknown as Partial<ServiceConfig>, (err: Error) =>
    options.onWarning(`mdns: ${err.message}`),
  );
  socket.on('error', (err) => options.onWarning(`mdns socket: ${describe(err)}`));
  let closing: Promise<void> | undefined;
  return {
    ok: true,
    browsing: {
      find(type, onUp) {
        const browser = bonjour.find({ type }, (s: Service) => onUp(serviceInfo(s)));
        return { update: () => browser.update(), stop: () => browser.stop() };
      },
      close: () =>
        (closing ??= new Promise<void>((resolve) => {
          try {
            bonjour.destroy(() => resolve());
          } catch {
            resolve();
          }
        })),
    },
  };
};
