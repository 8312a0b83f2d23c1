/**
 * The shared listener on the SADP port: bound to 0.0.0.0:37020 with SO_REUSEADDR and joined to
 * the group on each sweep interface. Some firmware multicasts its ProbeMatch to the group instead
 * of answering the sender (hikvision.md §1, the TSC device clone), and boot-time Hellos only ever
 * go to the group; the per-interface sockets of net/udp.ts (ephemeral port, unicast address)
 * never see either. It only receives: nothing is sent from it.
 *
 * Transport, not codec: this belongs in net/ next to openUdpSocket (as a `port` + `reuseAddr` +
 * `joinGroup` option there); it lives here until the lead moves it.
 */
import dgram from 'node:dgram';
import type { NetInterface } from '../../../shared/dto';
import { isLoopbackAddress, loopbackOnlyFromEnv } from '../../net/interfaces';
import { RECV_BUFFER_BYTES, type UdpDatagram } from '../../net/udp';

export interface GroupListenerOptions {
  group: string;
  port: number;
  interfaces: readonly NetInterface[];
  onMessage(datagram: UdpDatagram): void;
  onWarning(message: string, raw: Buffer | null, from: UdpDatagram | null): void;
  maxDatagramBytes: number;
  /** Refuse to join on non-127.x interfaces. Default: CUSTODIAN_LOOPBACK_ONLY. */
  loopbackOnly?: boolean;
  timeoutMs?: number;
}

/** A listening socket; `close` never throws and is idempotent. */
export interface GroupListener {
  /** The interfaces whose membership succeeded (or was already held by this socket). */
  readonly joined: readonly NetInterface[];
  close(): Promise<void>;
}

export type GroupListenerResult =
  { ok: true; listener: GroupListener } | { ok: false; error: string };

/** How the scanner gets its listener; tests inject an in-memory one. */
export type GroupListenerOpener = (options: GroupListenerOptions) => Promise<GroupListenerResult>;

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.startsWith(code) ? `${code} ${message}` : message;
}

/** Binds the shared port and joins the group on every allowed interface. Never throws. */
export async function openGroupListener(
  options: GroupListenerOptions,
): Promise<GroupListenerResult> {
  const loopbackOnly = options.loopbackOnly ?? loopbackOnlyFromEnv();
  const allowed = options.interfaces.filter((i) => !loopbackOnly || isLoopbackAddress(i.address));
  if (allowed.length === 0) return { ok: false, error: 'no interface to join on' };

  // reuseAddr: SADPTool, another Custodian or the lab may hold 37020 too; multicast and broadcast
  // datagrams reach every socket bound to it.
  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  const bound = await new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve('TIMEOUT bind'), options.timeoutMs ?? 2000);
    sock.once('error', (err) => (clearTimeout(timer), resolve(describe(err))));
    sock.bind(options.port, '0.0.0.0', () => (clearTimeout(timer), resolve(null)));
  });
  if (bound !== null) {
    closeQuietly(sock);
    return { ok: false, error: bound };
  }

  const joined: NetInterface[] = [];
  const failures: string[] = [];
  for (const iface of allowed) {
    try {
      sock.addMembership(options.group, iface.address);
      joined.push(iface);
    } catch (err) {
      // Two addresses of one interface (127.0.0.1 and 127.0.40.1 are both lo): already joined.
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') joined.push(iface);
      else failures.push(`${iface.name} ${iface.address}: ${describe(err)}`);
    }
  }
  if (joined.length === 0) {
    closeQuietly(sock);
    return { ok: false, error: `join failed: ${failures.join('; ')}` };
  }
  for (const f of failures) options.onWarning(`SADP group join failed on ${f}`, null, null);

  try {
    sock.setRecvBufferSize(RECV_BUFFER_BYTES); // group replies and Hellos come in bursts too
  } catch {
    // The OS caps or refuses larger buffers; the default still works, only bursts may drop.
  }
  sock.removeAllListeners('error');
  sock.on('error', (err) => options.onWarning(`socket error: ${describe(err)}`, null, null));
  sock.on('message', (data, rinfo) => {
    const datagram = { data, address: rinfo.address, port: rinfo.port };
    if (data.length > options.maxDatagramBytes) {
      options.onWarning(`dropped ${data.length}-byte datagram`, null, datagram);
      return;
    }
    options.onMessage(datagram);
  });

  let closed: Promise<void> | null = null;
  return {
    ok: true,
    listener: {
      joined,
      close() {
        closed ??= new Promise<void>((resolve) => {
          sock.removeAllListeners('message');
          try {
            sock.close(() => resolve());
          } catch {
            resolve();
          }
        });
        return closed;
      },
    },
  };
}

function closeQuietly(sock: dgram.Socket): void {
  try {
    sock.close();
  } catch {
    // never bound or already closed
  }
}
