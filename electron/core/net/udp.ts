/**
 * Per-interface UDP sockets for discovery. One socket is bound to one interface address (port 0),
 * so multicast leaves through that interface and unicast replies come back to it: that is how
 * a laptop with Wi-Fi, Ethernet and a VPN probes each network separately. Failures are returned
 * as reports, never thrown, because one dead interface must not end a scan.
 */
import dgram from 'node:dgram';
import type { NetInterface } from '../../shared/dto';
import { isLoopbackAddress, loopbackOnlyFromEnv } from './interfaces';

/** A datagram as received, with where it came from. */
export interface UdpDatagram {
  data: Buffer;
  address: string;
  port: number;
}

export type UdpResult = { ok: true } | { ok: false; error: string };

/** An open socket. `send` and `close` never throw. */
export interface UdpSocket {
  readonly localAddress: string;
  readonly localPort: number;
  send(data: Buffer, port: number, address: string): Promise<UdpResult>;
  /** Idempotent; once it resolves the socket no longer holds the event loop. */
  close(): Promise<void>;
}

export interface UdpOpenOptions {
  iface: NetInterface;
  onMessage(datagram: UdpDatagram): void;
  /** Dropped datagrams (oversize) and socket errors after bind. */
  onWarning(message: string, raw: Buffer | null, from: UdpDatagram | null): void;
  /** Defaults: 1 on loopback; 4 elsewhere, so a site whose VLANs route multicast still answers. */
  multicastTtl?: number;
  /** Datagrams larger than this are dropped with a warning. Default 64 KiB. */
  maxDatagramBytes?: number;
  /** Bound on bind, on each send and on close. Default 2000 ms. */
  timeoutMs?: number;
  /** Refuse any non-127.x interface or unicast destination. Default: CUSTODIAN_LOOPBACK_ONLY. */
  loopbackOnly?: boolean;
  /** Allow sending to broadcast addresses (SADP, DHIP and XM search use them). */
  broadcast?: boolean;
}

export type UdpOpenResult = { ok: true; socket: UdpSocket } | { ok: false; error: string };

/** How scanners get sockets; tests inject an in-memory one. */
export type UdpOpener = (options: UdpOpenOptions) => Promise<UdpOpenResult>;

export const DEFAULT_MAX_DATAGRAM_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 2000;
/**
 * Receive buffer asked for every discovery socket: a 1,000-device site answering one probe is
 * ~1 MB in flight at once (more in kernel accounting). The OS caps it (Linux: net.core.rmem_max,
 * often 208 KiB, where the scanners' cheap repeat skipping is what keeps the socket drained).
 */
export const RECV_BUFFER_BYTES = 4 * 1024 * 1024;

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code ? `${code} ${err.message}` : err.message;
  }
  return String(err);
}

function isMulticast(address: string): boolean {
  const first = Number(address.split('.')[0]);
  return first >= 224 && first <= 239;
}

/** Runs `start(settle)`; settles with `{ ok: false, error: timeoutError }` after `ms`. */
function settleWithin(
  ms: number,
  timeoutError: string,
  start: (settle: (result: UdpResult) => void) => void,
): Promise<UdpResult> {
  return new Promise<UdpResult>((resolve) => {
    let done = false;
    const timer = setTimeout(() => settle({ ok: false, error: timeoutError }), ms);
    function settle(result: UdpResult): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    }
    try {
      start(settle);
    } catch (err) {
      settle({ ok: false, error: describe(err) }); // dgram throws synchronously on bad arguments
    }
  });
}

/**
 * Opens a udp4 socket bound to `iface.address` on an ephemeral port, with multicast sent through
 * that interface. Resolves `{ ok: false, error }` on refusal, bind failure or timeout.
 */
export async function openUdpSocket(options: UdpOpenOptions): Promise<UdpOpenResult> {
  const { iface } = options;
  const loopbackOnly = options.loopbackOnly ?? loopbackOnlyFromEnv();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxDatagramBytes ?? DEFAULT_MAX_DATAGRAM_BYTES;
  const loopback = isLoopbackAddress(iface.address);
  if (loopbackOnly && !loopback) {
    return { ok: false, error: `NON_LOOPBACK_REFUSED ${iface.name} ${iface.address}` };
  }

  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: false });
  const bound = await settleWithin(timeoutMs, `TIMEOUT bind ${iface.address}`, (settle) => {
    sock.once('error', (err) => settle({ ok: false, error: describe(err) }));
    sock.bind(0, iface.address, () => settle({ ok: true }));
  });
  if (!bound.ok) {
    closeQuietly(sock);
    return bound;
  }
  try {
    sock.setMulticastInterface(iface.address);
    sock.setMulticastTTL(options.multicastTtl ?? (loopback ? 1 : 4));
    if (options.broadcast) sock.setBroadcast(true);
    try {
      sock.setRecvBufferSize(RECV_BUFFER_BYTES);
    } catch {
      // The OS caps or refuses larger buffers; the default still works, only bursts may drop.
    }
  } catch (err) {
    closeQuietly(sock);
    return { ok: false, error: describe(err) };
  }

  sock.removeAllListeners('error');
  sock.on('error', (err) => options.onWarning(`socket error: ${describe(err)}`, null, null));
  sock.on('message', (data, rinfo) => {
    const datagram = { data, address: rinfo.address, port: rinfo.port };
    if (data.length > maxBytes) {
      options.onWarning(`dropped ${data.length}-byte datagram (limit ${maxBytes})`, null, datagram);
      return;
    }
    options.onMessage(datagram);
  });

  const local = sock.address();
  let closed: Promise<void> | null = null;
  const socket: UdpSocket = {
    localAddress: local.address,
    localPort: local.port,
    send(data, port, address) {
      if (closed) return Promise.resolve({ ok: false, error: 'ERR_SOCKET_CLOSED' });
      // The limited broadcast 255.255.255.255 is refused here too: Linux routes it by the main
      // table, not by the bound address, so from a loopback socket it could still leave by eth0.
      // Loopback runs use the subnet broadcast 127.255.255.255 instead (see subnetBroadcast).
      if (loopbackOnly && !isLoopbackAddress(address) && !isMulticast(address)) {
        return Promise.resolve({ ok: false, error: `NON_LOOPBACK_REFUSED ${address}` });
      }
      return settleWithin(timeoutMs, `TIMEOUT send ${address}:${port}`, (settle) =>
        sock.send(data, port, address, (err) =>
          settle(err ? { ok: false, error: describe(err) } : { ok: true }),
        ),
      );
    },
    close() {
      closed ??= settleWithin(timeoutMs, 'TIMEOUT close', (settle) => {
        sock.removeAllListeners('message');
        sock.close(() => settle({ ok: true })); // throws if already closed: settled as a report
      }).then(() => undefined);
      return closed;
    },
  };
  return { ok: true, socket };
}

/** The directed broadcast address of an interface's subnet (127.255.255.255 for loopback). */
export function subnetBroadcast(iface: Pick<NetInterface, 'address' | 'netmask'>): string {
  const toInt = (ip: string) =>
    ip.split('.').reduce((acc, octet) => ((acc << 8) | (Number(octet) & 255)) >>> 0, 0);
  const bcast = (toInt(iface.address) | (~toInt(iface.netmask) >>> 0)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (bcast >>> shift) & 255).join('.');
}

function closeQuietly(sock: dgram.Socket): void {
  try {
    sock.close();
  } catch {
    // never bound or already closed: nothing holds the loop
  }
}
