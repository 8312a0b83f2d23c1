import { randomUUID } from 'node:crypto';
import type {
  DiscoveryProtocol,
  InterfaceScanReport,
  NetInterface,
  ScanProgress,
} from '../../shared/dto';
import { CustodianError } from '../../shared/errors';
import type { Inventory, InventoryChange } from './inventory';
import type { ProtocolScanner, RawSighting, ScanWarning } from './types';

/** How often a running scan reports progress. */
const PROGRESS_EVERY_MS = 200;
/** Warnings kept for the diagnostics panel (oldest dropped first). */
const MAX_WARNINGS = 500;

export interface DiscoveryServiceOptions {
  scanners: ProtocolScanner[];
  inventory: Inventory;
  onProgress(progress: ScanProgress): void;
  onChange(change: InventoryChange): void;
  /** Called once for each sighting after it was merged, e.g. to read a new device's identity. */
  onSighting?(sighting: RawSighting, change: InventoryChange): void;
}

/**
 * Runs sweeps: every scanner on every chosen interface at once, merging replies into the inventory
 * as they arrive (the UI sees devices stream in), ending at a fixed bound.
 */
export class DiscoveryService {
  private current: { progress: ScanProgress; abort: AbortController; done: Promise<void> } | null =
    null;
  private last: ScanProgress | null = null;
  readonly warnings: ScanWarning[] = [];
  /** What each protocol reported per interface in the latest sweep (for the network doctor). */
  readonly protocolReports = new Map<DiscoveryProtocol, InterfaceScanReport[]>();
  /** The interfaces the latest sweep used. */
  lastInterfaces: NetInterface[] = [];

  constructor(private readonly opts: DiscoveryServiceOptions) {}

  status(): ScanProgress | null {
    return this.current ? { ...this.current.progress } : this.last;
  }

  /** Starts a sweep; refuses while one is running (a second one would double every probe). */
  start(interfaces: NetInterface[], durationMs: number): { scanId: string; done: Promise<void> } {
    if (this.current) throw new CustodianError('SCAN_IN_PROGRESS');
    const abort = new AbortController();
    const started = Date.now();
    this.protocolReports.clear();
    this.lastInterfaces = interfaces;
    const progress: ScanProgress = {
      scanId: randomUUID(),
      state: 'running',
      startedAt: new Date(started).toISOString(),
      elapsedMs: 0,
      durationMs,
      found: 0,
      warnings: 0,
      interfaces: interfaces.map((i) => ({
        name: i.name,
        address: i.address,
        ok: true,
        probesSent: 0,
        replies: 0,
      })),
    };
    const seen = new Set<string>();
    const emit = () => {
      progress.elapsedMs = Math.min(Date.now() - started, durationMs);
      this.opts.onProgress({ ...progress, interfaces: progress.interfaces.map((i) => ({ ...i })) });
    };
    const ticker = setInterval(emit, PROGRESS_EVERY_MS);
    ticker.unref?.();

    const onSighting = (s: RawSighting) => {
      const change = this.opts.inventory.addSighting(s);
      seen.add(change.device.id);
      progress.found = seen.size;
      const report = progress.interfaces.find((i) => i.address === s.iface.address);
      if (report) report.replies++;
      this.opts.onChange(change);
      this.opts.onSighting?.(s, change);
    };
    const onWarning = (w: ScanWarning) => {
      this.warnings.push(w);
      if (this.warnings.length > MAX_WARNINGS) this.warnings.shift();
      progress.warnings++;
    };

    const sweeps = this.opts.scanners.map((scanner) =>
      scanner
        .sweep({ interfaces, durationMs, signal: abort.signal, onSighting, onWarning })
        .then((reports) => {
          this.protocolReports.set(scanner.protocol, reports);
          mergeReports(progress.interfaces, reports);
        })
        .catch((err: unknown) =>
          onWarning({
            protocol: scanner.protocol,
            iface: null,
            address: null,
            message: `scanner failed: ${err instanceof Error ? err.message : String(err)}`,
            raw: null,
            at: new Date(),
          }),
        ),
    );
    const done = Promise.all(sweeps).then(() => {
      clearInterval(ticker);
      progress.state = abort.signal.aborted ? 'stopped' : 'done';
      emit();
      this.last = { ...progress };
      this.current = null;
    });
    this.current = { progress, abort, done };
    emit();
    return { scanId: progress.scanId, done };
  }

  /** Stops the running sweep; resolves once every socket is closed. */
  async stop(): Promise<boolean> {
    const current = this.current;
    if (!current) return false;
    current.abort.abort();
    await current.done;
    return true;
  }
}

function mergeReports(into: InterfaceScanReport[], reports: InterfaceScanReport[]): void {
  for (const r of reports) {
    const target = into.find((i) => i.address === r.address);
    if (!target) continue;
    target.probesSent += r.probesSent;
    if (!r.ok) {
      target.ok = false;
      target.error = target.error ? `${target.error}; ${r.error ?? ''}` : r.error;
    }
  }
}
