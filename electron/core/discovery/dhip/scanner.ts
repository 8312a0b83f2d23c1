/**
 * DHIP (Dahua) scanner: one socket per interface, `DHDiscover.search` to the multicast group and
 * the subnet broadcast on UDP 37810, repeated. Devices answer unicast to the sender's address and
 * port (dahua.md §3), so each socket is an ephemeral one bound to its interface: no fixed local
 * port to share with a running ConfigTool. Multicast also reaches devices left on a foreign
 * subnet (factory 192.168.1.108), which unicast and HTTP cannot.
 */
import type { InterfaceScanReport, NetInterface } from '../../../shared/dto';
import { openUdpSocket, subnetBroadcast, type UdpDatagram, type UdpOpener } from '../../net/udp';
import { emptyReport, runRounds, safely, withSendError } from '../sweep-rounds';
import { DHIP_JITTER_MS, DHIP_ROUNDS_MS } from '../timing';
import type { ProtocolScanner, SweepOptions } from '../types';
import { decodeDhipMessage, encodeDhipSearch } from './codec';
import { DHIP_MAX_DATAGRAM_BYTES, DHIP_MULTICAST_ADDRESS, DHIP_PORT } from './constants';
import { normalizeDhipMac } from './device-info';
import { factsFromDhip } from './facts';

export interface DhipScannerOptions {
  /** Socket factory; tests pass an in-memory one. */
  openSocket?: UdpOpener;
  /** When each round goes out, from the start of the sweep. UDP is lossy: see timing.ts. */
  roundsAtMs?: readonly number[];
  /** Each later round is delayed by a random 0..jitterMs, so laptops do not probe in lockstep. */
  jitterMs?: number;
  random?: () => number;
  now?: () => Date;
}

/** Finds Dahua-family devices (and OEMs) by DHIP search on each interface of a sweep. */
export class DhipScanner implements ProtocolScanner {
  readonly protocol = 'dhip' as const;
  private readonly openSocket: UdpOpener;
  private readonly roundsAtMs: readonly number[];
  private readonly jitterMs: number;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(options: DhipScannerOptions = {}) {
    this.openSocket = options.openSocket ?? openUdpSocket;
    this.roundsAtMs = options.roundsAtMs ?? DHIP_ROUNDS_MS;
    this.jitterMs = options.jitterMs ?? DHIP_JITTER_MS;
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

    // A device answers every probe it hears (two destinations, every round): one sighting each.
    const seen = new Set<string>();
    const warn = (message: string, raw: Buffer | null, address: string | null): void => {
      safely(() =>
        options.onWarning({ protocol: 'dhip', iface, address, message, raw, at: this.now() }),
      );
    };

    const onDatagram = (d: UdpDatagram): void => {
      report.replies += 1;
      // Recognizing a repeat without the JSON decode keeps the socket drained during a
      // 1,000-device burst (every device answers every search of the sweep).
      const mac = quickDhipMac(d.data);
      if (mac !== null && seen.has(mac)) return;
      const msg = decodeDhipMessage(d.data);
      if (msg.kind === 'invalid') return warn(`${d.address}: ${msg.reason}`, d.data, d.address);
      // Other clients' searches and non-discovery DHIP are normal traffic, not faults.
      if (msg.kind !== 'devInfo') return;
      const { info } = msg;
      const key = info.mac ?? (info.serial ? `serial:${info.serial}` : `addr:${d.address}`);
      if (seen.has(key)) return;
      seen.add(key);
      const facts = factsFromDhip(info, d.address);
      const sighting = { protocol: 'dhip' as const, iface, address: d.address, port: d.port };
      const ok = safely(() =>
        options.onSighting({ ...sighting, at: this.now(), facts, raw: d.data }),
      );
      if (!ok) warn(`${d.address}: sighting handler failed`, d.data, d.address);
    };

    const opened = await this.openSocket({
      iface,
      onMessage: (d) => void safely(() => onDatagram(d)),
      onWarning: (message, raw, from) =>
        warn(message, raw ?? from?.data ?? null, from?.address ?? null),
      maxDatagramBytes: DHIP_MAX_DATAGRAM_BYTES,
      broadcast: true,
    }).catch((err: unknown) => ({ ok: false as const, error: String(err) }));
    if (!opened.ok) return { ...report, ok: false, error: opened.error };
    const { socket } = opened;

    // The limited broadcast 255.255.255.255 is not used: from a socket bound to one address,
    // Linux routes it by the main table, so it could leave by another interface. Multicast
    // covers devices on foreign subnets; the subnet broadcast covers devices that did not join.
    const destinations = [DHIP_MULTICAST_ADDRESS, subnetBroadcast(iface)];
    const probe = encodeDhipSearch();
    let sendError: string | undefined;
    const sendRound = async (): Promise<void> => {
      for (const address of destinations) {
        const sent = await socket.send(probe, DHIP_PORT, address);
        if (sent.ok) report.probesSent += 1;
        else sendError ??= `${sent.error}`;
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

const MAC_FIELD = /"mac"\s*:\s*"([^"]*)"/g;

/**
 * The MAC of a reply whose JSON holds exactly one `"mac"` member, normalized as the decoder does,
 * found without parsing; null when there is none, more than one, or it is not a MAC (those take
 * the full decode). Only used to recognize a device already reported.
 */
export function quickDhipMac(data: Buffer): string | null {
  const text = data.toString('latin1', 0, Math.min(data.length, DHIP_MAX_DATAGRAM_BYTES));
  const found = [...text.matchAll(MAC_FIELD)];
  return found.length === 1 ? (normalizeDhipMac(found[0]![1]) ?? null) : null;
}
