/**
 * One unicast UDP question to one address, for manual-add fingerprints: a socket on an ephemeral
 * port, the request sent a few times (UDP is lossy), the first acceptable answer from that address
 * kept, everything bounded by a deadline. Sockets come from net/udp.ts, so CUSTODIAN_LOOPBACK_ONLY
 * refuses any non-127.x destination there.
 */
import type { NetInterface } from '../../shared/dto';
import { isLoopbackAddress } from '../net/interfaces';
import { openUdpSocket, type UdpDatagram, type UdpOpener } from '../net/udp';

export interface UdpAskOptions<T> {
  address: string;
  port: number;
  payload: Buffer;
  /** Whole exchange, from bind to close. */
  timeoutMs: number;
  /** Sends of the same request, spaced `spacingMs` apart. Default 2 (ONVIF UNICAST_UDP_REPEAT). */
  repeats?: number;
  spacingMs?: number;
  /** The answer, or null for a datagram that is not one (it is ignored, never fatal). */
  accept(datagram: UdpDatagram): T | null;
  maxDatagramBytes?: number;
  openSocket?: UdpOpener;
}

/**
 * The local interface a unicast question leaves from. A 127.x target is asked from 127.0.0.1, so
 * the loopback-only guard holds; anything else from the wildcard, letting the routing table pick
 * the way out, which is exactly what reaching a routed subnet needs.
 */
function sourceFor(address: string): NetInterface {
  const loopback = isLoopbackAddress(address);
  return {
    name: loopback ? 'lo' : 'any',
    address: loopback ? '127.0.0.1' : '0.0.0.0',
    netmask: loopback ? '255.0.0.0' : '0.0.0.0',
    mac: null,
    internal: loopback,
  };
}

/** Resolves with the first accepted answer from `address`, or null (refused, silent, timed out). */
export async function askUdp<T>(options: UdpAskOptions<T>): Promise<T | null> {
  const { address, port, payload, timeoutMs } = options;
  const repeats = options.repeats ?? 2;
  const spacingMs = options.spacingMs ?? 150;
  let settle: (value: T | null) => void = () => {};
  const answered = new Promise<T | null>((resolve) => (settle = resolve));
  const opened = await (options.openSocket ?? openUdpSocket)({
    iface: sourceFor(address),
    timeoutMs: Math.max(1, Math.min(timeoutMs, 2000)),
    maxDatagramBytes: options.maxDatagramBytes,
    onMessage: (d) => {
      // Only the asked address may answer: a reply from elsewhere is another host's business.
      if (d.address !== address) return;
      let value: T | null = null;
      try {
        value = options.accept(d);
      } catch {
        value = null; // a codec that throws must not end the fingerprint
      }
      if (value !== null) settle(value);
    },
    onWarning: () => {},
  }).catch(() => ({ ok: false as const, error: 'open failed' }));
  if (!opened.ok) return null;
  const { socket } = opened;
  const timers: NodeJS.Timeout[] = [setTimeout(() => settle(null), timeoutMs)];
  for (let i = 0; i < repeats; i++) {
    timers.push(
      setTimeout(() => {
        void socket.send(payload, port, address).then((sent) => {
          if (!sent.ok && i === 0) settle(null); // refused (loopback guard) or unroutable
        });
      }, i * spacingMs),
    );
  }
  try {
    return await answered;
  } finally {
    for (const t of timers) clearTimeout(t);
    await socket.close();
  }
}
