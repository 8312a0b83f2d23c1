/**
 * The passive side of watch mode: one receive-only socket on 0.0.0.0:3702, joined to the
 * WS-Discovery group 239.255.255.250 on each chosen interface, so the Hello a device sends when
 * it joins the network and the Bye when it leaves are heard without probing. 0.0.0.0 because
 * Linux hands group datagrams only to wildcard or group binds; reuseAddr so the lab, a vendor
 * tool or another client can share the port. It never sends, so it cannot put a packet anywhere.
 */
import type { NetInterface } from '../../shared/dto';
import { openGroupListener } from '../net/group-listener';
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

/** How the group listener words a failed join (net/group-listener.ts). */
const JOIN_FAILED = `group ${WSD_MULTICAST_ADDRESS} join failed on `;

/**
 * Binds and joins through the shared group listener (net/group-listener.ts); a failed join is
 * reported per interface, a failed bind (or no join at all) rejects and the tracker carries on
 * without Hello/Bye.
 */
export const openPresenceListener: PresenceListenerOpener = async (options) => {
  const joinErrors: string[] = []; // "<name> <address>: <reason>"
  const opened = await openGroupListener({
    port: options.port ?? WSD_PORT,
    group: WSD_MULTICAST_ADDRESS,
    interfaces: options.interfaces,
    loopbackOnly: options.loopbackOnly,
    maxDatagramBytes: WSD_MAX_MESSAGE_BYTES, // nothing legitimate is larger
    onMessage: (datagram) => {
      // A loopback run must not act on the real LAN's announcements its wildcard socket overhears.
      if (options.loopbackOnly && !isLoopbackAddress(datagram.address)) return;
      options.onMessage(datagram);
    },
    onWarning: (message) => {
      // Join failures come back below as `failed`, one per interface, with their reason.
      if (message.startsWith(JOIN_FAILED)) joinErrors.push(message.slice(JOIN_FAILED.length));
      else options.onWarning(`presence socket: ${message}`);
    },
  });
  if (!opened.ok) throw new Error(opened.error);
  const { listener } = opened;
  const failed = options.interfaces
    .filter((iface) => !listener.joined.includes(iface))
    .map((iface) => ({
      iface,
      error:
        options.loopbackOnly && !isLoopbackAddress(iface.address)
          ? `NON_LOOPBACK_REFUSED ${iface.name} ${iface.address}`
          : (joinErrors
              .find((e) => e.startsWith(`${iface.name} ${iface.address}: `))
              ?.slice(`${iface.name} ${iface.address}: `.length) ?? 'group join failed'),
    }));
  return { failed, close: () => listener.close() };
};
