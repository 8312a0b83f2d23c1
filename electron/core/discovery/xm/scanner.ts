/**
 * XM / XMEye search scanner (xiongmai.md §6.1). Per interface, one socket from net/udp.ts sends the
 * 1530 search to the broadcast addresses, repeated with jitter; replies are caught both on that
 * socket (firmware that answers the sender's port) and on one shared receive-only listener on
 * UDP 34569 (firmware that broadcasts the answer to 34569, as the public clients expect).
 */
import type { InterfaceScanReport, NetInterface } from '../../../shared/dto';
import {
  openGroupListener,
  type GroupListener,
  type GroupListenerOpener,
} from '../../net/group-listener';
import { isLoopbackAddress, loopbackOnlyFromEnv } from '../../net/interfaces';
import { openUdpSocket, subnetBroadcast, type UdpDatagram, type UdpOpener } from '../../net/udp';
import { emptyReport, runRounds, safely, withSendError } from '../sweep-rounds';
import { XM_JITTER_MS, XM_ROUNDS_MS } from '../timing';
import type { ProtocolScanner, SweepOptions } from '../types';
import { assumedInterfaceForReply } from './assumptions';
import { factsFromXmSearch, normalizeXmMac } from './facts';
import {
  XM_SEARCH_MAX_BYTES,
  XM_SEARCH_PORT,
  decodeXmSearchDatagram,
  encodeXmSearchRequest,
} from './search';

export interface XmScannerOptions {
  /** Per-interface sending sockets; tests pass an in-memory one. */
  openSocket?: UdpOpener;
  /** The shared receive-only listener on 34569 (net/group-listener.ts); tests pass an in-memory one. */
  openListener?: GroupListenerOpener;
  /**
   * When each round of searches goes out, from the start of the sweep. UDP broadcasts get lost and
   * go2rtc sends 3 probes 100 ms apart; we send more, wider apart (see timing.ts).
   */
  roundsAtMs?: readonly number[];
  /** Each later round is delayed by a random 0..jitterMs, so laptops do not search in lockstep. */
  jitterMs?: number;
  /** Default CUSTODIAN_LOOPBACK_ONLY: only 127.x replies count, subnet broadcast only. */
  loopbackOnly?: boolean;
  random?: () => number;
  now?: () => Date;
}

/** Distinct replies remembered per interface and sweep; past this every reply is decoded. */
const MAX_REMEMBERED = 10_000;
const LIMITED_BROADCAST = '255.255.255.255';

/**
 * Where the search goes on one interface. The limited broadcast reaches devices left on a foreign
 * subnet (they drop a directed broadcast that is not theirs); the subnet broadcast is added for
 * stacks that do not send 255.255.255.255 out of the bound interface. Loopback runs use the
 * subnet broadcast only: net/udp.ts refuses the limited one there.
 */
export function xmSearchTargets(iface: NetInterface, loopbackOnly: boolean): string[] {
  const directed = subnetBroadcast(iface);
  const targets = loopbackOnly ? [directed] : [LIMITED_BROADCAST, directed];
  return [...new Set(targets)].filter((t) => t !== iface.address); // a /32 has no broadcast
}

/** Finds Xiongmai-platform devices by the UDP 34569 search on each interface of a sweep. */
export class XmScanner implements ProtocolScanner {
  readonly protocol = 'xm' as const;
  private readonly openSocket: UdpOpener;
  private readonly openListener: GroupListenerOpener;
  private readonly roundsAtMs: readonly number[];
  private readonly jitterMs: number;
  private readonly loopbackOnly: boolean;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(options: XmScannerOptions = {}) {
    this.openSocket = options.openSocket ?? openUdpSocket;
    this.openListener = options.openListener ?? openGroupListener;
    this.roundsAtMs = options.roundsAtMs ?? XM_ROUNDS_MS;
    this.jitterMs = options.jitterMs ?? XM_JITTER_MS;
    this.loopbackOnly = options.loopbackOnly ?? loopbackOnlyFromEnv();
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
  }

  /** Searches every interface in parallel; one report per interface, never rejects. */
  async sweep(options: SweepOptions): Promise<InterfaceScanReport[]> {
    if (options.signal.aborted) return options.interfaces.map((i) => emptyReport(i));
    const handlers = new Map<NetInterface, (d: UdpDatagram) => void>();
    const route = (d: UdpDatagram): void => {
      // A loopback run on a real machine must not report the real LAN's devices it overhears.
      if (this.loopbackOnly && !isLoopbackAddress(d.address)) return;
      const iface = assumedInterfaceForReply(d.address, options.interfaces);
      if (iface) handlers.get(iface)?.(d);
    };
    const opened = await this.openListener({
      port: XM_SEARCH_PORT,
      onMessage: (d) => void safely(() => route(d)),
      onWarning: (message, raw, from) =>
        this.warn(options, null, `listener: ${message}`, raw ?? from?.data ?? null, from),
      maxDatagramBytes: XM_SEARCH_MAX_BYTES,
    }).catch((err: unknown) => ({ ok: false as const, error: String(err) }));
    let listener: GroupListener | null = null;
    let listenerError: string | undefined;
    if (opened.ok) listener = opened.listener;
    else {
      // Not fatal: replies to the sender's port still arrive; say why others may be missing.
      listenerError = `listener 0.0.0.0:${XM_SEARCH_PORT}: ${opened.error}`;
      this.warn(options, null, `${listenerError} (a vendor tool may hold the port)`, null, null);
    }
    try {
      const reports = await Promise.all(
        options.interfaces.map((iface) => this.sweepInterface(iface, options, handlers)),
      );
      return reports.map((r) => (listenerError && !r.error ? { ...r, error: listenerError } : r));
    } finally {
      await listener?.close();
    }
  }

  private warn(
    options: SweepOptions,
    iface: NetInterface | null,
    message: string,
    raw: Buffer | null,
    from: UdpDatagram | null,
  ): void {
    const address = from?.address ?? null;
    const at = this.now();
    safely(() => options.onWarning({ protocol: 'xm', iface, address, message, raw, at }));
  }

  private async sweepInterface(
    iface: NetInterface,
    options: SweepOptions,
    handlers: Map<NetInterface, (d: UdpDatagram) => void>,
  ): Promise<InterfaceScanReport> {
    const report = emptyReport(iface);
    const seen = new Set<string>();
    // An XM reply carries nothing of the request, so a device's answers to every round, on both
    // sockets, are the same bytes: a repeat is skipped before the decode, which keeps the
    // sockets drained during a 1,000-device burst. Its first copy was decoded (and counted).
    const handled = new Map<string, boolean>(); // bytes -> whether they were a reply
    const onDatagram = (d: UdpDatagram): void => {
      const bytes = d.data.toString('latin1');
      const repeat = handled.get(bytes);
      if (repeat !== undefined) {
        if (repeat) report.replies += 1;
        return;
      }
      const msg = decodeXmSearchDatagram(d.data);
      const reply = msg.kind !== 'request' && msg.kind !== 'ignored';
      if (handled.size < MAX_REMEMBERED) handled.set(bytes, reply);
      if (!reply) return; // searches, IP_SET: not ours
      report.replies += 1;
      if (msg.kind === 'invalid') {
        return this.warn(options, iface, `${d.address}: ${msg.reason}`, d.data, d);
      }
      // Each device answers every round, possibly on both sockets: report it once.
      const key = normalizeXmMac(msg.reply.mac) ?? (msg.reply.serial || `ip:${d.address}`);
      if (seen.has(key)) return;
      seen.add(key);
      const facts = factsFromXmSearch(msg.reply, d.address);
      const sighting = { protocol: 'xm' as const, iface, address: d.address, port: d.port };
      const ok = safely(() =>
        options.onSighting({ ...sighting, at: this.now(), facts, raw: d.data }),
      );
      if (!ok) this.warn(options, iface, `${d.address}: sighting handler failed`, d.data, d);
    };
    handlers.set(iface, (d) => void safely(() => onDatagram(d)));

    const opened = await this.openSocket({
      iface,
      broadcast: true,
      loopbackOnly: this.loopbackOnly,
      onMessage: (d) => void safely(() => onDatagram(d)),
      onWarning: (message, raw, from) =>
        this.warn(options, iface, message, raw ?? from?.data ?? null, from),
      maxDatagramBytes: XM_SEARCH_MAX_BYTES,
    }).catch((err: unknown) => ({ ok: false as const, error: String(err) }));
    if (!opened.ok) {
      handlers.delete(iface);
      return { ...report, ok: false, error: opened.error };
    }
    const { socket } = opened;

    let sendError: string | undefined;
    const targets = xmSearchTargets(iface, this.loopbackOnly);
    const sendRound = async (): Promise<void> => {
      for (const target of targets) {
        const sent = await socket.send(encodeXmSearchRequest(), XM_SEARCH_PORT, target);
        if (sent.ok) report.probesSent += 1;
        else sendError ??= sent.error;
      }
    };

    try {
      await runRounds({
        roundsAtMs: this.roundsAtMs,
        jitterMs: this.jitterMs,
        random: this.random,
        durationMs: options.durationMs,
        signal: options.signal,
        sendRound,
      });
    } finally {
      handlers.delete(iface);
      await socket.close();
    }
    return withSendError(report, sendError);
  }
}
