/**
 * The receive-only socket on UDP 34569 that XM search replies come to. Devices answer the 1530
 * search with a broadcast to port 34569, not to the sender's port (xiongmai.md §6.1; python-dvr,
 * alexshpilkin/dvrip and go2rtc all listen there), so the per-interface sockets from net/udp.ts
 * (ephemeral ports) would miss them.
 *
 * Why 0.0.0.0 and not the interface address: on Linux (and BSD/macOS) a socket bound to a unicast
 * address never receives datagrams sent to 255.255.255.255 or to a subnet broadcast; only a socket
 * on INADDR_ANY (or on that exact broadcast address) does. A device left on a foreign subnet
 * broadcasts to 255.255.255.255, so INADDR_ANY is the one bind that hears every reply. reuseAddr
 * lets a vendor tool or the lab share the port; with it Linux hands each broadcast to every
 * socket on the port. This socket never sends, so it cannot put a packet on any network.
 *
 * It lives here rather than in net/udp.ts only because that module has no port/reuseAddr option
 * yet; it belongs there (see the task report).
 */
import dgram from 'node:dgram';
import { RECV_BUFFER_BYTES, type UdpDatagram } from '../../net/udp';

export interface XmListenerOptions {
  port: number;
  /** Default 0.0.0.0 (see the file comment). */
  address?: string;
  onMessage(datagram: UdpDatagram): void;
  /** Oversize datagrams and socket errors after bind. */
  onWarning(message: string, raw: Buffer | null, from: UdpDatagram | null): void;
  maxDatagramBytes: number;
  /** Bound on bind and close. Default 2000 ms. */
  timeoutMs?: number;
}

/** An open listener; `close` is idempotent and never throws. */
export interface XmListener {
  readonly localPort: number;
  close(): Promise<void>;
}

export type XmListenerResult = { ok: true; listener: XmListener } | { ok: false; error: string };

/** How the scanner gets its listener; tests inject an in-memory one. */
export type XmListenerOpener = (options: XmListenerOptions) => Promise<XmListenerResult>;

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return code ? `${code} ${message}` : message;
}

/** Binds a udp4 socket with reuseAddr; resolves `{ ok: false }` on failure or timeout. */
export function openXmListener(options: XmListenerOptions): Promise<XmListenerResult> {
  const address = options.address ?? '0.0.0.0';
  const timeoutMs = options.timeoutMs ?? 2000;
  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  return new Promise<XmListenerResult>((resolve) => {
    let settled = false;
    const fail = (error: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        sock.close();
      } catch {
        // never bound: nothing to release
      }
      resolve({ ok: false, error });
    };
    const timer = setTimeout(() => fail(`TIMEOUT bind ${address}:${options.port}`), timeoutMs);
    sock.once('error', (err) => fail(describe(err)));
    sock.on('message', (data, rinfo) => {
      const datagram = { data, address: rinfo.address, port: rinfo.port };
      if (data.length > options.maxDatagramBytes) {
        const limit = options.maxDatagramBytes;
        options.onWarning(`dropped ${data.length}-byte datagram (limit ${limit})`, null, datagram);
        return;
      }
      options.onMessage(datagram);
    });
    try {
      sock.bind(options.port, address, () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        try {
          // Every device's broadcast answer to every round lands here at once.
          sock.setRecvBufferSize(RECV_BUFFER_BYTES);
        } catch {
          // The OS caps or refuses larger buffers; the default still works, bursts may drop.
        }
        sock.removeAllListeners('error');
        sock.on('error', (err) => options.onWarning(`socket error: ${describe(err)}`, null, null));
        resolve({ ok: true, listener: listenerOf(sock, timeoutMs) });
      });
    } catch (err) {
      fail(describe(err)); // dgram throws synchronously on bad arguments
    }
  });
}

function listenerOf(sock: dgram.Socket, timeoutMs: number): XmListener {
  let closed: Promise<void> | null = null;
  return {
    localPort: sock.address().port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        sock.removeAllListeners('message');
        try {
          sock.close(() => {
            clearTimeout(timer);
            resolve();
          });
        } catch {
          clearTimeout(timer);
          resolve();
        }
      });
      return closed;
    },
  };
}
