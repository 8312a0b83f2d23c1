/**
 * The in-memory network the discovery scanners are tested on: per-interface sockets and the shared
 * listener (net/udp.ts and net/group-listener.ts) without a socket, so a scanner's rounds, replies,
 * faults and clean-up are checked with no LAN and no namespace. Each protocol's test says what its
 * simulated devices answer (`onSend`); the plumbing is here once. Test-only.
 */
import type { InterfaceScanReport, NetInterface } from '../shared/dto';
import type { GroupListenerOpener, GroupListenerOptions } from '../core/net/group-listener';
import type { UdpDatagram, UdpOpener, UdpResult } from '../core/net/udp';
import type {
  ProtocolScanner,
  RawSighting,
  ScanWarning,
  SweepOptions,
} from '../core/discovery/types';

/** A /24 interface (or `netmask`) named like a host's, for scanner tests. */
export function testInterface(
  name: string,
  address: string,
  netmask = '255.255.255.0',
): NetInterface {
  return { name, address, netmask, mac: null, internal: address.startsWith('127.') };
}

/** Loopback as the lab uses it. */
export const TEST_LO = testInterface('lo', '127.0.0.1', '255.0.0.0');

/** One datagram a scanner sent, with the socket it left by. */
export interface FakeSend {
  iface: NetInterface;
  data: Buffer;
  port: number;
  address: string;
  /** The socket was opened with `broadcast: true`. */
  broadcast: boolean;
}

/** Where a simulated device's answer goes; each lands ~1 ms later, as on a wire. */
export interface FakeReply {
  /** To the socket that sent (dropped if it closed meanwhile). */
  toSender(datagram: UdpDatagram): void;
  /** To the shared listener (dropped if none is open by then). */
  toListener(datagram: UdpDatagram): void;
}

export interface FakeUdpFaults {
  /** The interface whose socket fails to open (EADDRNOTAVAIL bind). */
  openFails?: string;
  /** The interface whose sends fail (ENETUNREACH send). */
  sendFails?: string;
  /** The listener fails to open with this error. */
  listenerFails?: string;
}

export interface FakeUdpNet<R> {
  openSocket: UdpOpener;
  openListener: GroupListenerOpener;
  /** What `onSend` returned for each datagram sent, in order (failed sends are not there). */
  sent: R[];
  /** Sockets and listeners open now: 0 after a sweep that cleaned up. */
  openCount(): number;
  /** Hands a datagram to the open listener now (a Hello, a stray broadcast). */
  toListener(datagram: UdpDatagram): void;
}

/**
 * A network on which every datagram sent goes to `onSend`, which may answer through `reply` and
 * returns what the test keeps of it (in `sent`). `onSend` may throw to fail the test when the
 * scanner sends something it should not.
 */
export function fakeUdpNet<R>(
  onSend: (send: FakeSend, reply: FakeReply) => R,
  faults: FakeUdpFaults = {},
): FakeUdpNet<R> {
  const sent: R[] = [];
  let listener: GroupListenerOptions | null = null;
  let open = 0;
  const later = (fn: () => void): void => void setTimeout(fn, 1);
  const toListener = (d: UdpDatagram): void => listener?.onMessage(d);

  const openListener: GroupListenerOpener = async (opts) => {
    if (faults.listenerFails) return { ok: false, error: faults.listenerFails };
    listener = opts;
    open += 1;
    const joined = opts.group ? [...(opts.interfaces ?? [])] : [];
    const close = async (): Promise<void> => {
      if (listener === opts) open -= 1;
      if (listener === opts) listener = null;
    };
    return { ok: true, listener: { localPort: opts.port, joined, close } };
  };

  const openSocket: UdpOpener = async (opts) => {
    if (faults.openFails === opts.iface.name) return { ok: false, error: 'EADDRNOTAVAIL bind' };
    open += 1;
    let closed = false;
    const reply: FakeReply = {
      toSender: (d) => later(() => !closed && opts.onMessage(d)),
      toListener: (d) => later(() => toListener(d)),
    };
    const send = async (data: Buffer, port: number, address: string): Promise<UdpResult> => {
      if (faults.sendFails === opts.iface.name) return { ok: false, error: 'ENETUNREACH send' };
      const broadcast = opts.broadcast === true;
      sent.push(onSend({ iface: opts.iface, data, port, address, broadcast }, reply));
      return { ok: true };
    };
    const close = async (): Promise<void> => {
      if (!closed) open -= 1;
      closed = true;
    };
    return {
      ok: true,
      socket: { localAddress: opts.iface.address, localPort: 50000, send, close },
    };
  };

  return {
    openSocket,
    openListener,
    sent,
    openCount: () => open,
    toListener,
  };
}

/** One sweep of `scanner`, with what it reported. */
export async function collectSweep(
  scanner: ProtocolScanner,
  options: Partial<SweepOptions> & Pick<SweepOptions, 'interfaces' | 'durationMs'>,
): Promise<{
  reports: InterfaceScanReport[];
  sightings: RawSighting[];
  warnings: ScanWarning[];
}> {
  const sightings: RawSighting[] = [];
  const warnings: ScanWarning[] = [];
  const reports = await scanner.sweep({
    signal: new AbortController().signal,
    onSighting: (s) => sightings.push(s),
    onWarning: (w) => warnings.push(w),
    ...options,
  });
  return { reports, sightings, warnings };
}

/** Resolves when `cond` holds (polled every 5 ms); rejects after `ms`. For real-socket tests. */
export async function waitUntil(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
