/**
 * mDNS / DNS-SD scanner: on each interface one pinned bonjour-service browser (pinned-bonjour.ts)
 * browses the camera service types, repeating its queries; each resolved advert that looks like a
 * camera's becomes a sighting at the service's own address. We use bonjour-service rather than a
 * codec of our own because it already resolves PTR -> SRV/TXT/A and handles goodbyes.
 */
import type { InterfaceScanReport, NetInterface } from '../../../shared/dto';
import { isLoopbackAddress, loopbackOnlyFromEnv } from '../../net/interfaces';
import { emptyReport, runRounds, safely } from '../sweep-rounds';
import type { ProtocolScanner, SweepOptions } from '../types';
import { assumedCameraServiceTypes, assumedInterfaceForResponse } from './assumptions';
import { factsFromMdnsService, serviceAddress, type MdnsServiceInfo } from './facts';
import { openPinnedBonjour, MDNS_PORT, type MdnsBrowse, type MdnsOpener } from './pinned-bonjour';

export interface MdnsScannerOptions {
  openBrowsing?: MdnsOpener;
  /** DNS-SD types to browse; default `assumedCameraServiceTypes()`. */
  serviceTypes?: readonly string[];
  /**
   * When each round of PTR queries goes out. RFC 6762 §5.2: the second query at least one second
   * after the first, so a lost query or answer is retried within a 3 s sweep.
   */
  roundsAtMs?: readonly number[];
  /** Default CUSTODIAN_LOOPBACK_ONLY: refuse non-127.x interfaces, ignore non-127.x adverts. */
  loopbackOnly?: boolean;
  now?: () => Date;
}

const DEFAULT_ROUNDS_MS = [0, 1000] as const;

/** Finds cameras that advertise over mDNS, on every interface of a sweep. */
export class MdnsScanner implements ProtocolScanner {
  readonly protocol = 'mdns' as const;
  private readonly open: MdnsOpener;
  private readonly types: readonly string[];
  private readonly roundsAtMs: readonly number[];
  private readonly loopbackOnly: boolean;
  private readonly now: () => Date;

  constructor(options: MdnsScannerOptions = {}) {
    this.open = options.openBrowsing ?? openPinnedBonjour;
    this.types = options.serviceTypes ?? assumedCameraServiceTypes();
    this.roundsAtMs = options.roundsAtMs ?? DEFAULT_ROUNDS_MS;
    this.loopbackOnly = options.loopbackOnly ?? loopbackOnlyFromEnv();
    this.now = options.now ?? (() => new Date());
  }

  /** Browses every interface in parallel; one report per interface, never rejects. */
  sweep(options: SweepOptions): Promise<InterfaceScanReport[]> {
    return Promise.all(options.interfaces.map((iface) => this.sweepInterface(iface, options)));
  }

  private async sweepInterface(
    iface: NetInterface,
    options: SweepOptions,
  ): Promise<InterfaceScanReport> {
    const report = emptyReport(iface);
    if (options.signal.aborted) return report;
    const warn = (message: string, address: string | null = null, raw: Buffer | null = null) =>
      safely(() =>
        options.onWarning({ protocol: 'mdns', iface, address, message, raw, at: this.now() }),
      );
    const opened = await this.open(iface, {
      loopbackOnly: this.loopbackOnly,
      onWarning: warn,
    }).catch((err: unknown) => ({ ok: false as const, error: String(err) }));
    if (!opened.ok) return { ...report, ok: false, error: opened.error };
    const { browsing } = opened;

    const seen = new Set<string>();
    const onUp = (info: MdnsServiceInfo): void => {
      const source = info.referer ?? serviceAddress(info);
      // Every interface's socket hears every link: only the one the response belongs to reports.
      if (source && assumedInterfaceForResponse(source, options.interfaces) !== iface) return;
      const address = serviceAddress(info);
      if (!address) return;
      // A loopback run must not report the real LAN's devices its wildcard socket overhears.
      if (this.loopbackOnly && (!isLoopbackAddress(address) || !isLoopbackAddress(source ?? ''))) {
        return;
      }
      report.replies += 1;
      const key = `${info.type}|${info.name}|${address}`;
      if (seen.has(key)) return;
      seen.add(key);
      const raw = Buffer.from(JSON.stringify(info), 'utf8');
      const facts = factsFromMdnsService(info);
      if (!facts) return; // a printer's or a NAS's advert: normal traffic, not a fault
      const sighting = { protocol: 'mdns' as const, iface, address, port: info.port };
      if (!safely(() => options.onSighting({ ...sighting, at: this.now(), facts, raw }))) {
        warn(`${address}: sighting handler failed`, address, raw);
      }
    };

    const browses: MdnsBrowse[] = [];
    try {
      for (const type of this.types) {
        browses.push(browsing.find(type, (s) => safely(() => onUp(s))));
        report.probesSent += 1;
      }
      // The first round went out with find(); later ones re-query, on time (no jitter).
      await runRounds({
        roundsAtMs: this.roundsAtMs.slice(1),
        jitterMs: 0,
        random: () => 0,
        durationMs: options.durationMs,
        signal: options.signal,
        sendRound: async () => {
          for (const b of browses) safely(() => b.update());
          report.probesSent += browses.length;
        },
      });
    } catch (err) {
      return { ...report, ok: false, error: `mdns browse on ${MDNS_PORT}: ${String(err)}` };
    } finally {
      for (const b of browses) safely(() => b.stop());
      await browsing.close();
    }
    return report;
  }
}
