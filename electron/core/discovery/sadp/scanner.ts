/**
 * SADP scanner (Hikvision and its OEMs): per interface, the inquiry goes to the SADP group and to
 * the broadcast addresses, in a few jittered rounds. Replies are heard on two paths, because
 * firmware differs (hikvision.md §1): the per-interface socket gets replies unicast to the
 * sender, and one shared listener on port 37020 gets replies and boot-time Hellos multicast to
 * the group.
 */
import { randomUUID } from 'node:crypto';
import type { InterfaceScanReport, NetInterface } from '../../../shared/dto';
import { isLoopbackAddress } from '../../net/interfaces';
import {
  openGroupListener,
  type GroupListener,
  type GroupListenerOpener,
} from '../../net/group-listener';
import { openUdpSocket, subnetBroadcast, type UdpOpener } from '../../net/udp';
import { runRounds, safely } from '../sweep-rounds';
import { SADP_JITTER_MS, SADP_ROUNDS_MS } from '../timing';
import type { ProtocolScanner, SweepOptions } from '../types';
import { encodeInquiry } from './codec';
import {
  SADP_MAX_MESSAGE_BYTES,
  SADP_MULTICAST_ADDRESS,
  SADP_MULTICAST_TTL,
  SADP_PORT,
  type SadpInquiryType,
} from './constants';
import { SadpReplies, type Lane } from './replies';

/**
 * Where each inquiry goes. Sadp.dll runs multicast and subnet-broadcast channels, and public
 * clients also send to 255.255.255.255 [C] (hikvision.md §1): the limited broadcast and the group
 * reach a device left on a foreign subnet, the subnet broadcast helps where multicast is filtered.
 */
export type SadpTarget = 'multicast' | 'subnetBroadcast' | 'limitedBroadcast';

export interface SadpScannerOptions {
  /** Per-interface socket factory; tests pass an in-memory one. */
  openSocket?: UdpOpener;
  /** The shared group listener; null turns the multicast-reply path off. */
  openGroupListener?: GroupListenerOpener | null;
  /** When each round goes out, from the start of the sweep. UDP is lossy: see timing.ts. */
  roundsAtMs?: readonly number[];
  /** Each later round is delayed by a random 0..jitterMs, so laptops do not probe in lockstep. */
  jitterMs?: number;
  targets?: readonly SadpTarget[];
  inquiryTypes?: readonly SadpInquiryType[];
  newUuid?: () => string;
  random?: () => number;
  now?: () => Date;
}

const DEFAULT_TARGETS: readonly SadpTarget[] = ['multicast', 'subnetBroadcast', 'limitedBroadcast'];

/** Finds Hikvision-family devices by SADP inquiry on each interface of a sweep. */
export class SadpScanner implements ProtocolScanner {
  readonly protocol = 'sadp' as const;
  readonly #openSocket: UdpOpener;
  readonly #openGroup: GroupListenerOpener | null;
  readonly #roundsAtMs: readonly number[];
  readonly #jitterMs: number;
  readonly #targets: readonly SadpTarget[];
  readonly #types: readonly SadpInquiryType[];
  readonly #newUuid: () => string;
  readonly #random: () => number;
  readonly #now: () => Date;

  constructor(options: SadpScannerOptions = {}) {
    this.#openSocket = options.openSocket ?? openUdpSocket;
    this.#openGroup =
      options.openGroupListener === undefined ? openGroupListener : options.openGroupListener;
    this.#roundsAtMs = options.roundsAtMs ?? SADP_ROUNDS_MS;
    this.#jitterMs = options.jitterMs ?? SADP_JITTER_MS;
    this.#targets = options.targets ?? DEFAULT_TARGETS;
    this.#types = options.inquiryTypes ?? ['inquiry'];
    this.#newUuid = options.newUuid ?? (() => randomUUID().toUpperCase());
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? (() => new Date());
  }

  /** Probes every interface in parallel; resolves with one report per interface, never rejects. */
  async sweep(options: SweepOptions): Promise<InterfaceScanReport[]> {
    const replies = new SadpReplies(options, this.#now);
    const lanes = options.interfaces.map((iface) => replies.addLane(iface));
    if (options.signal.aborted) return lanes.map((l) => l.report);

    let group: GroupListener | null = null;
    if (this.#openGroup && lanes.length > 0) {
      const opened = await this.#openGroup({
        group: SADP_MULTICAST_ADDRESS,
        port: SADP_PORT,
        interfaces: options.interfaces,
        onMessage: (d) => void safely(() => replies.onGroup(d)),
        onWarning: (message, raw, from) =>
          replies.warn(null, message, raw ?? from?.data ?? null, from?.address ?? null),
        maxDatagramBytes: SADP_MAX_MESSAGE_BYTES,
      }).catch((err: unknown) => ({ ok: false as const, error: String(err) }));
      if (opened.ok) group = opened.listener;
      else {
        const why = `SADP group listener unavailable (${opened.error}): only unicast replies are heard`;
        replies.warn(null, why, null, null);
      }
    }
    try {
      await Promise.all(lanes.map((lane) => this.#sweepLane(lane, replies, options)));
    } finally {
      await group?.close();
    }
    return lanes.map((l) => l.report);
  }

  #destinations(iface: NetInterface): string[] {
    const out: string[] = [];
    for (const target of this.#targets) {
      if (target === 'multicast') out.push(SADP_MULTICAST_ADDRESS);
      else if (target === 'subnetBroadcast') {
        const bcast = subnetBroadcast(iface);
        if (bcast !== iface.address) out.push(bcast); // a /32 has no broadcast
      }
      // On loopback 127.255.255.255 already reaches every listener, and net/udp.ts refuses the
      // limited broadcast in loopback-only runs.
      else if (!isLoopbackAddress(iface.address)) out.push('255.255.255.255');
    }
    return [...new Set(out)];
  }

  async #sweepLane(lane: Lane, replies: SadpReplies, options: SweepOptions): Promise<void> {
    const { iface, report } = lane;
    const opened = await this.#openSocket({
      iface,
      onMessage: (d) => void safely(() => replies.onUnicast(lane, d)),
      onWarning: (message, raw, from) =>
        replies.warn(lane, message, raw ?? from?.data ?? null, from?.address ?? null),
      maxDatagramBytes: SADP_MAX_MESSAGE_BYTES,
      multicastTtl: isLoopbackAddress(iface.address) ? 1 : SADP_MULTICAST_TTL,
      broadcast: true,
    }).catch((err: unknown) => ({ ok: false as const, error: String(err) }));
    if (!opened.ok) {
      report.ok = false;
      report.error = opened.error;
      return;
    }
    const { socket } = opened;
    const destinations = this.#destinations(iface);

    let sendError: string | undefined;
    const sendRound = async (): Promise<void> => {
      for (const types of this.#types) {
        const uuid = this.#newUuid();
        replies.sent(lane, uuid);
        const inquiry = encodeInquiry({ uuid, types });
        for (const address of destinations) {
          const sent = await socket.send(inquiry, SADP_PORT, address);
          if (sent.ok) report.probesSent += 1;
          else sendError ??= `${address}: ${sent.error}`;
        }
      }
    };

    try {
      await runRounds({
        roundsAtMs: this.#roundsAtMs,
        jitterMs: this.#jitterMs,
        random: this.#random,
        durationMs: options.durationMs,
        signal: options.signal,
        sendRound,
      });
    } finally {
      await socket.close();
    }
    if (sendError) {
      report.error = sendError;
      if (report.probesSent === 0) report.ok = false;
    }
  }
}
