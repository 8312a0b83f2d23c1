/**
 * A receive-only UDP socket on a well-known port, for the replies that never reach the
 * per-interface sockets of udp.ts (ephemeral port, unicast bind):
 *
 * - multicast to a group: SADP firmware that answers the group instead of the sender, and
 *   boot-time Hellos (hikvision.md §1). The socket joins the group on each sweep interface.
 * - broadcast to the port: XM devices answer the 1530 search to 255.255.255.255:34569, not to
 *   the sender's port (xiongmai.md §6.1).
 *
 * Why 0.0.0.0 by default: on Linux (and BSD/macOS) a socket bound to a unicast address never
 * receives datagrams sent to a broadcast address or a group; only a wildcard bind does. reuseAddr
 * lets a vendor tool (SADPTool, a DVR client), the lab or another Custodian share the port; the
 * kernel then hands each multicast and broadcast datagram to every socket on it. The socket never
 * sends, so it cannot put a packet on any network. Failures are results, never exceptions.
 */
import dgram from 'node:dgram';
import type { NetInterface } from '../../shared/dto';
import { isLoopbackAddress, loopbackOnlyFromEnv } from './interfaces';
import { RECV_BUFFER_BYTES, type UdpDatagram } from './udp';

export interface GroupListenerOptions {
  port: number;
  /** Where to bind. Default 0.0.0.0 (see the file comment). */
  address?: string;
  /** The multicast group to join on each of `interfaces`; omit for a broadcast-only listener. */
  group?: string;
  /** Where to join `group`. Ignored without a group. */
  interfaces?: readonly NetInterface[];
  onMessage(datagram: UdpDatagram): void;
  /** Oversize datagrams, joins that failed on some interfaces, socket errors after bind. */
  onWarning(message: string, raw: Buffer | null, from: UdpDatagram | null): void;
  maxDatagramBytes: number;
  /** Refuse to join on non-127.x interfaces. Default: CUSTODIAN_LOOPBACK_ONLY. */
  loopbackOnly?: boolean;
  /** Bound on bind and on close. Default 2000 ms. */
  timeoutMs?: number;
}

/** A listening socket; `close` never throws and is idempotent. */
export interface GroupListener {
  readonly localPort: number;
  /** The interfaces whose membership succeeded (or was already held by this socket). */
  readonly joined: readonly NetInterface[];
  close(): Promise<void>;
}

export type GroupListenerResult =
  { ok: true; listener: GroupListener } | { ok: false; error: string };

/** How scanners get their listener; tests inject an in-memory one (net/testing/fake-udp.ts). */
export type GroupListenerOpener = (options: GroupListenerOptions) => Promise<GroupListenerResult>;

const DEFAULT_TIMEOUT_MS = 2000;

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.startsWith(code) ? `${code} ${message}` : message;
}

/** Resolves with null once bound, or with the reason it could not bind in time. */
function bindWithin(sock: dgram.Socket, port: number, address: string, ms: number) {
  return new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(`TIMEOUT bind ${address}:${port}`), ms);
    const done = (error: string | null): void => {
      clearTimeout(timer);
      resolve(error);
    };
    sock.once('error', (err) => done(describe(err)));
    try {
      sock.bind(port, address, () => done(null));
    } catch (err) {
      done(describe(err)); // dgram throws synchronously on bad arguments
    }
  });
}

/** Joins `group` on each interface; EADDRINUSE means this socket already holds it (127.0.0.1 and 127.0.40.1 are both lo). */
function joinAll(sock: dgram.Socket, group: string, interfaces: readonly NetInterface[]) {
  const joined: NetInterface[] = [];
  const failures: string[] = [];
  for (const iface of interfaces) {
    try {
      sock.addMembership(group, iface.address);
      joined.push(iface);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') joined.push(iface);
      else failures.push(`${iface.name} ${iface.address}: ${describe(err)}`);
    }
  }
  return { joined, failures };
}

/**
 * Binds `port` with reuseAddr and, when a group is given, joins it on every allowed interface.
 * Resolves `{ ok: false }` when the bind fails or times out, or when no join succeeded.
 */
export async function openGroupListener(
  options: GroupListenerOptions,
): Promise<GroupListenerResult> {
  const loopbackOnly = options.loopbackOnly ?? loopbackOnlyFromEnv();
  const allowed = (options.interfaces ?? []).filter(
    (i) => !loopbackOnly || isLoopbackAddress(i.address),
  );
  if (options.group && allowed.length === 0) return { ok: false, error: 'no interface to join on' };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  const bound = await bindWithin(sock, options.port, options.address ?? '0.0.0.0', timeoutMs);
  if (bound !== null) {
    closeQuietly(sock);
    return { ok: false, error: bound };
  }

  let joined: NetInterface[] = [];
  if (options.group) {
    const result = joinAll(sock, options.group, allowed);
    if (result.joined.length === 0) {
      closeQuietly(sock);
      return { ok: false, error: `join failed: ${result.failures.join('; ')}` };
    }
    joined = result.joined;
    for (const f of result.failures) {
      options.onWarning(`group ${options.group} join failed on ${f}`, null, null);
    }
  }

  try {
    sock.setRecvBufferSize(RECV_BUFFER_BYTES); // every device's answer to a round lands at once
  } catch {
    // The OS caps or refuses larger buffers; the default still works, only bursts may drop.
  }
  sock.removeAllListeners('error');
  sock.on('error', (err) => options.onWarning(`socket error: ${describe(err)}`, null, null));
  sock.on('message', (data, rinfo) => {
    const datagram = { data, address: rinfo.address, port: rinfo.port };
    const limit = options.maxDatagramBytes;
    if (data.length > limit) {
      options.onWarning(`dropped ${data.length}-byte datagram (limit ${limit})`, null, datagram);
      return;
    }
    options.onMessage(datagram);
  });
  return {
    ok: true,
    listener: { localPort: sock.address().port, joined, close: closer(sock, timeoutMs) },
  };
}

function closer(sock: dgram.Socket, timeoutMs: number): () => Promise<void> {
  let closed: Promise<void> | null = null;
  return () => {
    closed ??= new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      sock.removeAllListeners('message');
      try {
        sock.close(done);
      } catch {
        done(); // already closed: nothing holds the loop
      }
    });
    return closed;
  };
}

function closeQuietly(sock: dgram.Socket): void {
  try {
    sock.close();
  } catch {
    // never bound or already closed
  }
}
