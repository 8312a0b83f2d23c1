/**
 * WS-Discovery (ONVIF) scanner: one socket per interface, repeated Probes, each reply decoded on
 * its own. We build our own instead of using node-onvif because its startProbe binds a single
 * socket on 0.0.0.0 with no interface option (futomi/node-onvif#28, #41), so it cannot probe each
 * network of a multi-homed laptop, and it gives no per-reply diagnostics.
 */
import { randomUUID } from 'node:crypto';
import type { InterfaceScanReport, NetInterface } from '../../../shared/dto';
import { openUdpSocket, type UdpDatagram, type UdpOpener } from '../../net/udp';
import type { ProtocolScanner, SweepOptions } from '../types';
import { decodeWsdMessage, encodeProbe, normalizeMessageId } from './codec';
import { WSD_JITTER_MS, WSD_ROUNDS_MS } from '../timing';
import { emptyReport, runRounds, safely, withSendError } from '../sweep-rounds';
import { factsFromMatch, normalizeEndpoint } from './facts';
import {
  WSD_MAX_MESSAGE_BYTES,
  WSD_MULTICAST_ADDRESS,
  WSD_PORT,
  type ProbeType,
} from './namespaces';

export interface WsdScannerOptions {
  /** Socket factory; tests pass an in-memory one. */
  openSocket?: UdpOpener;
  /**
   * When each round of Probes goes out, from the start of the sweep. Targets delay replies by up
   * to 500 ms (APP_MAX_DELAY) and UDP is lossy, so several spaced rounds find more devices. The
   * first round sends every type; each later round one type, in turn (see timing.ts).
   */
  roundsAtMs?: readonly number[];
  /** Each round is delayed by a random 0..jitterMs, so many laptops do not probe in lockstep. */
  jitterMs?: number;
  /**
   * One Probe per type per round: a Probe listing both types only matches devices that have
   * both, and some devices answer only one of them (openhab/openhab-addons#9022).
   */
  probeTypes?: readonly ProbeType[];
  newMessageId?: () => string;
  random?: () => number;
  now?: () => Date;
}

const DEFAULT_TYPES: readonly ProbeType[] = ['dn:NetworkVideoTransmitter', 'tds:Device'];

/** Finds ONVIF devices by WS-Discovery multicast Probe on each interface of a sweep. */
export class WsdScanner implements ProtocolScanner {
  readonly protocol = 'wsd' as const;
  private readonly openSocket: UdpOpener;
  private readonly roundsAtMs: readonly number[];
  private readonly jitterMs: number;
  private readonly probeTypes: readonly ProbeType[];
  private readonly newMessageId: () => string;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(options: WsdScannerOptions = {}) {
    this.openSocket = options.openSocket ?? openUdpSocket;
    this.roundsAtMs = options.roundsAtMs ?? WSD_ROUNDS_MS;
    this.jitterMs = options.jitterMs ?? WSD_JITTER_MS;
    this.probeTypes = options.probeTypes ?? DEFAULT_TYPES;
    this.newMessageId = options.newMessageId ?? (() => `urn:uuid:${randomUUID()}`);
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
  }

  /** Probes every interface in parallel; resolves with one report per interface, never rejects. */
  sweep(options: SweepOptions): Promise<InterfaceScanReport[]> {
    return Promise.all(options.interfaces.map((iface) => this.sweepInterface(iface, options)));
  }

  private async sweepInterface(
    iface: NetInterface,
    options: SweepOptions,
  ): Promise<InterfaceScanReport> {
    const report = emptyReport(iface);
    if (options.signal.aborted) return report;

    const sentIds = new Set<string>();
    const seenEndpoints = new Set<string>();
    const warn = (message: string, raw: Buffer | null, address: string | null): void => {
      safely(() =>
        options.onWarning({ protocol: 'wsd', iface, address, message, raw, at: this.now() }),
      );
    };

    const onDatagram = (d: UdpDatagram): void => {
      report.replies += 1;
      // Every device answers every probe of the sweep, so most replies repeat an endpoint we
      // already decoded. Recognizing those cheaply keeps the socket drained during a 1,000-device
      // burst (a full decode costs ~0.3 ms; the kernel drops what the buffer cannot hold).
      const repeat = quickEndpoint(d.data);
      if (repeat !== null && seenEndpoints.has(repeat)) return;
      const msg = decodeWsdMessage(d.data, { maxBytes: WSD_MAX_MESSAGE_BYTES });
      if (msg.kind === 'invalid') return warn(`${d.address}: ${msg.reason}`, d.data, d.address);
      // Hello, Bye, other clients' Probes and non-camera WSD (Windows, printers, NAS) are normal
      // traffic on a discovery port, not faults: they are not reported.
      if (msg.kind !== 'probeMatches') return;
      if (msg.relatesTo === null || !sentIds.has(normalizeMessageId(msg.relatesTo))) {
        return warn(
          `${d.address}: ProbeMatches relates to ${msg.relatesTo ?? 'nothing'}, not to a Probe of this sweep`,
          d.data,
          d.address,
        );
      }
      for (const match of msg.matches) {
        const facts = factsFromMatch(match, d.address);
        const key = normalizeEndpoint(facts.endpoint ?? match.endpoint);
        if (seenEndpoints.has(key)) continue;
        seenEndpoints.add(key);
        const at = this.now();
        const sighting = { protocol: 'wsd' as const, iface, address: d.address, port: d.port };
        const ok = safely(() => options.onSighting({ ...sighting, at, facts, raw: d.data }));
        if (!ok) warn(`${d.address}: sighting handler failed`, d.data, d.address);
      }
    };

    const opened = await this.openSocket({
      iface,
      onMessage: (d) => void safely(() => onDatagram(d)),
      onWarning: (message, raw, from) =>
        warn(message, raw ?? from?.data ?? null, from?.address ?? null),
      maxDatagramBytes: WSD_MAX_MESSAGE_BYTES,
    }).catch((err: unknown) => ({ ok: false as const, error: String(err) }));
    if (!opened.ok) return { ...report, ok: false, error: opened.error };
    const { socket } = opened;

    let sendError: string | undefined;
    const sendRound = async (round: number): Promise<void> => {
      // Later rounds take one type each, in turn: every Probe is one more chance for each device
      // (targets answer each MessageID once), and a round of both types would double the burst
      // of a 1,000-device site for no more chances than two rounds of one.
      const types =
        round === 0 ? this.probeTypes : [this.probeTypes[(round - 1) % this.probeTypes.length]!];
      for (const type of types) {
        const messageId = this.newMessageId();
        sentIds.add(normalizeMessageId(messageId));
        const probe = encodeProbe({ messageId, types: [type] });
        const sent = await socket.send(probe, WSD_PORT, WSD_MULTICAST_ADDRESS);
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
      await socket.close();
    }

    return withSendError(report, sendError);
  }
}

const ENDPOINT_ADDRESS = /EndpointReference>\s*<(?:[A-Za-z_][\w.-]*:)?Address>\s*([^<\s]+)\s*</g;

/**
 * The endpoint of a reply that holds exactly one EndpointReference Address, found without parsing
 * the XML; null when there is none or more than one (those always take the full decode).
 */
export function quickEndpoint(data: Buffer): string | null {
  const text = data.toString('latin1', 0, Math.min(data.length, 8192));
  const found = [...text.matchAll(ENDPOINT_ADDRESS)];
  return found.length === 1 ? normalizeEndpoint(found[0]![1]!) : null;
}
