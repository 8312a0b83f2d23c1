/**
 * Watch mode, wired: the PresenceTracker's sweeps are the discovery service's own sweeps (so new
 * devices stream into the inventory and the doctor sees each sweep's reports), its Hello/Bye
 * listener runs beside them, and every verdict lands on the device as `presence`. One watch is one
 * scan for the API: a single scanId whose progress says `running` during a sweep and `watching`
 * between sweeps, until `discovery:stop`.
 */
import { randomUUID } from 'node:crypto';
import type { NetInterface, ScanProgress, WatchStatus } from '../../shared/dto';
import { CustodianError } from '../../shared/errors';
import type { Inventory, InventoryChange } from './inventory';
import { PresenceTracker, type PresenceChange } from './presence';
import type { PresenceListenerOpener } from './presence-listener';
import type { DiscoveryService } from './service';
import type { RawSighting } from './types';

/**
 * Pause between sweeps. SADPTool refreshes every 15 s (peers.md §1); 10 s with two missed sweeps
 * reports an unplugged camera within about 25 s while a 1,000-device site costs ~7,700 datagrams
 * per 11 s.
 */
export const WATCH_INTERVAL_MS = 10_000;
/** Sweeps in a row without an answer before a device is offline: one lost sweep is not enough. */
export const WATCH_MISSED_SWEEPS = 2;
/** The discovery service keeps 500 warnings; the watch's own stay under the same bound. */
const MAX_WATCH_WARNINGS = 500;

export interface PresenceWatchOptions {
  discovery: DiscoveryService;
  inventory: Inventory;
  onProgress(progress: ScanProgress): void;
  onChange(change: InventoryChange): void;
  /** A Hello from a device no sweep has merged yet: it is merged, then handed on here. */
  onSighting(sighting: RawSighting, change: InventoryChange): void;
  loopbackOnly: boolean;
  missedSweeps?: number;
  openListener?: PresenceListenerOpener;
  now?: () => Date;
}

interface Active {
  scanId: string;
  startedAt: string;
  intervalMs: number;
  sweeps: number;
  stopping: boolean;
  tracker: PresenceTracker;
}

export class PresenceWatch {
  private active: Active | null = null;
  private last: ScanProgress | null = null;
  private endedAt = 0;
  /** The sightings of the sweep in flight (the tracker's sweep result). */
  private collecting: RawSighting[] | null = null;
  private readonly missedSweeps: number;

  constructor(private readonly opts: PresenceWatchOptions) {
    this.missedSweeps = Math.max(1, opts.missedSweeps ?? WATCH_MISSED_SWEEPS);
  }

  get watching(): boolean {
    return this.active !== null;
  }

  /** The engine hands every sighting the discovery service merged here. */
  collect(sighting: RawSighting): void {
    this.collecting?.push(sighting);
  }

  /** Starts watching; SCAN_IN_PROGRESS while a watch or a one-off scan runs. */
  async start(
    interfaces: NetInterface[],
    sweepMs: number,
    intervalMs: number,
  ): Promise<{ scanId: string }> {
    if (this.active || this.opts.discovery.status()?.state === 'running') {
      throw new CustodianError('SCAN_IN_PROGRESS');
    }
    const { inventory } = this.opts;
    const tracker = new PresenceTracker({
      sweep: (ifaces, signal) => this.sweep(ifaces, sweepMs, signal),
      keyOf: (s) => inventory.idFor(s),
      missedSweeps: this.missedSweeps,
      loopbackOnly: this.opts.loopbackOnly,
      openListener: this.opts.openListener,
      onWarning: (message) => this.warn(message),
      now: this.opts.now,
    });
    tracker.expect(inventory.list().map((d) => d.id));
    tracker.onChange((c) => this.onPresence(c));
    const active: Active = {
      scanId: randomUUID(),
      startedAt: (this.opts.now?.() ?? new Date()).toISOString(),
      intervalMs,
      sweeps: 0,
      stopping: false,
      tracker,
    };
    this.active = active;
    await tracker.start(interfaces, intervalMs);
    return { scanId: active.scanId };
  }

  /** Stops the watch; resolves once the sweep in flight and the listener are closed. */
  async stop(): Promise<boolean> {
    const active = this.active;
    if (!active || active.stopping) return false;
    active.stopping = true;
    await active.tracker.stop();
    const final = this.decorate(this.opts.discovery.status() ?? this.emptyProgress(active));
    this.last = final;
    this.endedAt = Date.now();
    this.active = null;
    this.opts.onProgress(final);
    return true;
  }

  /** A sweep's progress as the watch's: one scanId, `watching` between sweeps, the counters. */
  decorate(progress: ScanProgress): ScanProgress {
    const active = this.active;
    if (!active) return progress;
    const state = active.stopping
      ? 'stopped'
      : progress.state === 'running'
        ? 'running'
        : 'watching';
    return {
      ...progress,
      scanId: active.scanId,
      startedAt: active.startedAt,
      state,
      watch: this.watchStatus(active),
    };
  }

  /**
   * What `discovery:status` answers: the watch's progress while it runs; afterwards its last word,
   * unless a one-off scan started since.
   */
  status(): ScanProgress | null {
    const scan = this.opts.discovery.status();
    if (this.active) return this.decorate(scan ?? this.emptyProgress(this.active));
    if (!this.last || !scan) return this.last ?? scan;
    return Date.parse(scan.startedAt) >= this.endedAt ? scan : this.last;
  }

  private async sweep(
    interfaces: NetInterface[],
    sweepMs: number,
    signal: AbortSignal,
  ): Promise<RawSighting[]> {
    const seen: RawSighting[] = [];
    this.collecting = seen;
    const onAbort = () => void this.opts.discovery.stop();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.opts.discovery.start(interfaces, sweepMs).done;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.collecting = null;
    }
    const active = this.active;
    if (active && !signal.aborted) {
      active.sweeps++;
      // After the tracker has judged this sweep (it does so when this promise resolves).
      setTimeout(() => {
        if (this.active === active && !active.stopping) {
          const p = this.opts.discovery.status();
          if (p) this.opts.onProgress(this.decorate(p));
        }
      }, 0);
    }
    return seen;
  }

  private onPresence(c: PresenceChange): void {
    let id = c.key;
    if (c.reason === 'hello' && c.sighting) {
      const merged = this.opts.inventory.addSighting(c.sighting);
      this.opts.onChange(merged);
      this.opts.onSighting(c.sighting, merged);
      id = merged.device.id;
    }
    // A row merged into another since it was tracked: the survivor has an entry of its own.
    if (this.opts.inventory.get(id)?.id !== id) return;
    const change = this.opts.inventory.setPresence(id, {
      state: c.state,
      since: c.at.toISOString(),
    });
    if (change) this.opts.onChange(change);
  }

  private watchStatus(active: Active): WatchStatus {
    let online = 0;
    let offline = 0;
    for (const [id, state] of active.tracker.states()) {
      if (this.opts.inventory.get(id)?.id !== id) continue; // merged away
      if (state === 'online') online++;
      else offline++;
    }
    return {
      sweeps: active.sweeps,
      intervalMs: active.intervalMs,
      missedSweeps: this.missedSweeps,
      online,
      offline,
    };
  }

  private warn(message: string): void {
    const { warnings } = this.opts.discovery;
    warnings.push({
      protocol: 'wsd',
      iface: null,
      address: null,
      message,
      raw: null,
      at: new Date(),
    });
    if (warnings.length > MAX_WATCH_WARNINGS) warnings.shift();
  }

  private emptyProgress(active: Active): ScanProgress {
    return {
      scanId: active.scanId,
      state: 'watching',
      startedAt: active.startedAt,
      elapsedMs: 0,
      durationMs: 0,
      found: 0,
      warnings: 0,
      interfaces: [],
    };
  }
}
