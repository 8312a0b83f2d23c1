/**
 * The passive side of watch mode: one receive-only socket on 0.0.0.0:3702, joined to the
 * WS-Discovery group 239.255.255.250 on each chosen interface, so the Hello a device sends when
 * it joins the network and the Bye when it leaves are heard without probing. 0.0.0.0 because
 * Linux hands group datagrams only to wildcard or group binds; reuseAddr so the lab, a vendor
 * tool or another client can share the port. It never sends, so it cannot put a packet anywhere.
 */
import dgram from 'node:dgram';
import type { NetInterface } from '../../shared/dto';
import { isLoopbackAddress } from '../net/interfaces';
import type { UdpDatagram } from '../net/udp';
import { WSD_MAX_MESSAGE_BYTES, WSD_MULTICAST_ADDRESS, WSD_PORT } from './wsd/namespaces';

export interface PresenceListener {
  /** Interfaces whose join failed (a VPN adapter without multicast), with the reason. */
  readonly failed: { iface: NetInterface; error: string }[];
  close(): Promise<void>;
}

export interface PresenceListenerOptions {
  interfaces: readonly NetInterface[];
  loopbackOnly: boolean;
  onMessage(datagram: UdpDatagram): void;
  onWarning(message: string): void;
  port?: number;
}

/** How the tracker gets its listener; tests pass an in-memory one. */
export type PresenceListenerOpener = (
  options: PresenceListenerOptions,
) => Promise<PresenceListener>;

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return code ? `${code} ${message}` : message;
}

/** Binds and joins; a failed join is reported per interface, a failed bind rejects. */
export const openPresenceListener: PresenceListenerOpener = async (options) => {
  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(options.port ?? WSD_PORT, '0.0.0.0', () => {
      sock.off('error', reject);
      resolve();
    });
  }).catch((err: unknown) => {
    sock.close();
    throw err;
  });
  const failed: PresenceListener['failed'] = [];
  for (const iface of options.interfaces) {
    if (options.loopbackOnly && !isLoopbackAddress(iface.address)) {
      failed.push({ iface, error: `NON_LOOPBACK_REFUSED ${iface.name} ${iface.address}` });
      continue;
    }
    try {
      sock.addMembership(WSD_MULTICAST_ADDRESS, iface.address);
    } catch (err) {
      failed.push({ iface, error: describe(err) });
    }
  }
  sock.on('error', (err) => options.onWarning(`presence socket: ${describe(err)}`));
  sock.on('message', (data, rinfo) => {
    if (data.length > WSD_MAX_MESSAGE_BYTES) return; // nothing legitimate is this large
    // A loopback run must not act on the real LAN's announcements its wildcard socket overhears.
    if (options.loopbackOnly && !isLoopbackAddress(rinfo.address)) return;
    options.onMessage({ data, address: rinfo.address, port: rinfo.port });
  });
  let closing: Promise<void> | undefined;
  return {
    failed,
    close: () => (closing ??= new Promise<void>((resolve) => sock.close(() => resolve()))),
  };
};
