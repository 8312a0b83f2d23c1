/**
 * Owns every flow: creates them, keeps one live flow per device, persists each change and
 * announces it as `flow:changed`. The renderer only displays and feeds flows, so a reload (or an
 * engine restart, through the store) loses nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Device } from '../../shared/dto';
import { CustodianError } from '../../shared/errors';
import type { FlowHandout, FlowKind, FlowView, RecoveryMethod } from '../../shared/flows';
import { errorPayload, isTerminal, overallState, type FlowRecord } from './flow-record';
import type { FlowStore } from './flow-store';
import type { LockoutGuard } from './lockout-guard';

export interface FlowManagerOptions {
  store: FlowStore;
  guard: LockoutGuard;
  emit: (view: FlowView) => void;
  now: () => Date;
}

export class FlowManager {
  readonly ready: Promise<void>;
  readonly #o: FlowManagerOptions;
  readonly #records = new Map<string, FlowRecord>();
  /** Flows with a verb or a batch working on them right now (in memory: a restart clears it). */
  readonly #working = new Set<string>();
  readonly #cancelRequested = new Set<string>();
  readonly #busy = new Map<string, number>();
  readonly #tasks = new Set<Promise<unknown>>();

  constructor(options: FlowManagerOptions) {
    this.#o = options;
    this.ready = this.#load();
  }

  /** Starts a flow on devices; a flow waiting for input on one of them is superseded. */
  create(kind: FlowKind, devices: Device[], method?: RecoveryMethod): FlowRecord {
    const ids = new Set(devices.map((d) => d.id));
    for (const r of this.#records.values()) {
      if (isTerminal(r.view.state) || !r.view.devices.some((d) => ids.has(d.deviceId))) continue;
      if (r.view.state === 'running' || this.#working.has(r.view.id)) {
        throw new CustodianError('FLOW_STATE', `flow ${r.view.id} is running on this device`);
      }
      // A new start makes the device void what it handed out before (a new QR, a new code).
      this.#finish(r, 'cancelled', 'superseded');
    }
    const at = this.#o.now().toISOString();
    const record: FlowRecord = {
      view: {
        id: randomUUID(),
        kind,
        ...(method ? { method } : {}),
        state: 'running',
        devices: devices.map((d) => ({
          deviceId: d.id,
          state: 'running',
          step: 'queued',
          stepsDone: [],
        })),
        createdAt: at,
        updatedAt: at,
      },
      snapshots: Object.fromEntries(devices.map((d) => [d.id, structuredClone(d)])),
    };
    this.#records.set(record.view.id, record);
    return record;
  }

  /** A flow by id (FLOW_NOT_FOUND otherwise); a code past its expiry fails it first. */
  get(id: string): FlowRecord {
    const r = this.#records.get(id);
    if (!r) throw new CustodianError('FLOW_NOT_FOUND', id.slice(0, 64));
    this.#expireIfDue(r);
    return r;
  }

  list(): FlowView[] {
    return [...this.#records.values()]
      .map((r) => (this.#expireIfDue(r), this.view(r)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** A copy of the view for an answer or an event (`handout` adds a once-only key file). */
  view(record: FlowRecord, handout?: FlowHandout): FlowView {
    const v = structuredClone(record.view);
    if (handout) v.handout = { ...v.handout, ...handout };
    return v;
  }

  /** Records a change: recomputes the flow state, persists it and emits `flow:changed`. */
  commit(record: FlowRecord, handout?: FlowHandout): FlowView {
    record.view.state = overallState(record.view.devices);
    if (record.view.state !== 'needsInput') delete record.view.prompt;
    record.view.updatedAt = this.#o.now().toISOString();
    void this.#o.store.save(this.#records.values());
    const v = this.view(record, handout);
    this.#o.emit(v);
    return v;
  }

  /** Claims a flow for one verb at a time (FLOW_STATE when another is already on it). */
  begin(record: FlowRecord): () => void {
    const id = record.view.id;
    if (this.#working.has(id)) throw new CustodianError('FLOW_STATE', 'a request is in flight');
    this.#working.add(id);
    return () => this.#working.delete(id);
  }

  /** Marks a request to a device as in flight (on disk), for the restart rule. */
  async setBusy(record: FlowRecord, busy: boolean): Promise<void> {
    // Counted: the devices of a batch are in flight side by side.
    const id = record.view.id;
    const n = (this.#busy.get(id) ?? 0) + (busy ? 1 : -1);
    if (n > 0) this.#busy.set(id, n);
    else this.#busy.delete(id);
    if (n > 0) record.busy = true;
    else delete record.busy;
    await this.#o.store.save(this.#records.values());
  }

  cancelRequested(record: FlowRecord): boolean {
    return this.#cancelRequested.has(record.view.id);
  }

  /**
   * Cancels a flow. Devices not yet reached stop at once; a device in the middle of a request
   * finishes that one request (aborting it would leave the device in an unknown state).
   */
  cancel(id: string): FlowView {
    const r = this.get(id);
    if (isTerminal(r.view.state)) throw new CustodianError('FLOW_STATE', r.view.state);
    if (r.view.kind === 'activate' && r.view.state === 'running') {
      this.#cancelRequested.add(id);
      for (const d of r.view.devices) if (d.step === 'queued') d.state = 'cancelled';
      return this.commit(r);
    }
    // A device request in flight cannot be taken back; its answer decides the flow.
    if (this.#working.has(id)) throw new CustodianError('FLOW_STATE', 'a request is in flight');
    return this.#finish(r, 'cancelled', 'cancelled');
  }

  /** Keeps a background task (a batch) so `close` can wait for it. */
  track(task: Promise<unknown>): void {
    const t = task.catch((err: unknown) => {
      console.error('[custodian] flow task failed:', err instanceof Error ? err.name : 'error');
    });
    this.#tasks.add(t);
    void t.finally(() => this.#tasks.delete(t));
  }

  async close(): Promise<void> {
    for (const id of this.#records.keys()) this.#cancelRequested.add(id);
    await Promise.allSettled([...this.#tasks]);
    await this.#o.store.flush();
  }

  #finish(r: FlowRecord, state: 'cancelled' | 'failed', step: string): FlowView {
    for (const d of r.view.devices) {
      if (isTerminal(d.state)) continue;
      d.state = state;
      d.step = step;
    }
    delete r.view.prompt;
    return this.commit(r);
  }

  #expireIfDue(r: FlowRecord): void {
    const at = r.challenge?.expiresAt;
    if (r.view.state !== 'needsInput' || !at || this.#working.has(r.view.id)) return;
    if (new Date(at) > this.#o.now()) return;
    for (const d of r.view.devices) d.error = errorPayload('CODE_EXPIRED', at);
    this.#finish(r, 'failed', 'expired');
  }

  async #load(): Promise<void> {
    const records = await this.#o.store.load(this.#o.now());
    for (const r of records) {
      this.#records.set(r.view.id, r);
      // The device's count of code tries survives with the flow, so the guard still knows it.
      if (r.view.kind === 'recover' && r.view.state === 'needsInput') {
        const d = r.view.devices[0];
        if (d)
          this.#o.guard.observe(
            d.deviceId,
            {
              attemptsLeft: d.attemptsLeft ?? null,
              lockedUntil: d.lockedUntil ? new Date(d.lockedUntil) : null,
            },
            'recovery',
          );
      }
    }
    if (records.length > 0) await this.#o.store.save(this.#records.values());
  }
}
