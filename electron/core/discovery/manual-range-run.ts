/**
 * One manual add over a range at a time, as the engine runs it: the range checked up front (shape,
 * size, loopback-only), every hit merged into the inventory as it answers, progress reported at a
 * bounded rate, and a cancel that stops new probes at once (those in flight end within their own
 * timeout, so no socket is left open).
 */
import { randomUUID } from 'node:crypto';
import type { RangeResult } from '../../shared/contract';
import type { Device, NetInterface, RangeProgress } from '../../shared/dto';
import { CustodianError } from '../../shared/errors';
import { isLoopbackAddress } from '../net/interfaces';
import type { Inventory, InventoryChange } from './inventory';
import type { Fingerprint } from './manual';
import { probeRange } from './manual-range';
import { expandRange } from './range';
import type { RawSighting } from './types';

/** Progress events at most this often (a /22 finishes hundreds of addresses a second). */
const PROGRESS_EVERY_MS = 200;

export interface RangeProbesOptions {
  inventory: Inventory;
  fingerprints(): Fingerprint[];
  timeoutMs: number;
  concurrency?: number;
  onProgress(progress: RangeProgress): void;
  onChange(change: InventoryChange): void;
  onSighting(sighting: RawSighting, change: InventoryChange): void;
}

export class RangeProbes {
  private current: { abort: AbortController; done: Promise<RangeResult> } | null = null;

  constructor(private readonly opts: RangeProbesOptions) {}

  get running(): boolean {
    return this.current !== null;
  }

  /**
   * Probes every address of `range`; resolves with what answered. INVALID_INPUT for a malformed
   * or too large range, NON_LOOPBACK_REFUSED for an address off loopback in a loopback-only run,
   * INTERFACE_NOT_FOUND without an interface, SCAN_IN_PROGRESS while another range runs.
   */
  run(range: string, interfaces: NetInterface[], loopbackOnly: boolean): Promise<RangeResult> {
    if (this.current) return Promise.reject(new CustodianError('SCAN_IN_PROGRESS'));
    const addresses = expandRange(range);
    const outside = loopbackOnly ? addresses.find((a) => !isLoopbackAddress(a)) : undefined;
    if (outside) return Promise.reject(new CustodianError('NON_LOOPBACK_REFUSED', outside));
    if (interfaces.length === 0) {
      return Promise.reject(new CustodianError('INTERFACE_NOT_FOUND', range));
    }
    const abort = new AbortController();
    const done = this.probe(range.trim(), addresses, interfaces, abort.signal).finally(() => {
      this.current = null;
    });
    this.current = { abort, done };
    return done;
  }

  /** Cancels the running range; resolves once it ended. False when none was running. */
  async cancel(): Promise<boolean> {
    const current = this.current;
    if (!current) return false;
    current.abort.abort();
    await current.done.catch(() => undefined);
    return true;
  }

  private async probe(
    range: string,
    addresses: string[],
    interfaces: NetInterface[],
    signal: AbortSignal,
  ): Promise<RangeResult> {
    const progress: RangeProgress = {
      rangeId: randomUUID(),
      range,
      total: addresses.length,
      probed: 0,
      answered: 0,
      state: 'running',
    };
    const devices = new Map<string, Device>();
    let lastEmit = 0;
    const emit = (force = false) => {
      const now = Date.now();
      if (!force && now - lastEmit < PROGRESS_EVERY_MS) return;
      lastEmit = now;
      this.opts.onProgress({ ...progress });
    };
    emit(true);
    await probeRange({
      range: addresses,
      interfaces,
      fingerprints: this.opts.fingerprints(),
      timeoutMs: this.opts.timeoutMs,
      concurrency: this.opts.concurrency,
      signal,
      onSighting: (s) => {
        const change = this.opts.inventory.addSighting(s);
        devices.set(change.device.id, change.device);
        progress.answered++;
        this.opts.onChange(change);
        this.opts.onSighting(s, change);
      },
      onProbed: () => {
        progress.probed++;
        emit();
      },
    });
    progress.state = signal.aborted ? 'cancelled' : 'done';
    emit(true);
    return {
      rangeId: progress.rangeId,
      total: progress.total,
      probed: progress.probed,
      answered: progress.answered,
      cancelled: signal.aborted,
      devices: [...devices.values()],
    };
  }
}
