/**
 * Applies one device's switchable faults (lab/families/types.ts DeviceFaults) to each request it
 * receives, on DHIP and HTTP alike: whether to drop it, how long to wait before answering,
 * whether to garble the answer, and whether the device reboots once it has answered.
 */
import type { DeviceFaults } from '../families/types';

export interface RequestFate {
  drop: boolean;
  delayMs: number;
  malformed: boolean;
  /** The device reboots right after this request (rebootAfterRequests reached). */
  rebootAfter: boolean;
}

/**
 * Counts requests for `rebootAfterRequests`. The count starts when the fault is switched on (or
 * changed) and the fault fires once per setting: a reboot that repeated every N requests would
 * make a flow impossible to finish rather than interrupted.
 */
export class FaultGate {
  private armedWith: number | null = null;
  private count = 0;
  private fired = false;

  constructor(private readonly faults: () => DeviceFaults) {}

  /** Decides the fate of one incoming request. */
  next(): RequestFate {
    const f = this.faults();
    const drop = f.packetLoss > 0 && Math.random() < f.packetLoss;
    return {
      drop,
      delayMs: Math.max(0, f.latencyMs),
      malformed: f.malformed,
      rebootAfter: !drop && this.countTowardsReboot(f.rebootAfterRequests),
    };
  }

  private countTowardsReboot(limit: number | null): boolean {
    if (limit !== this.armedWith) {
      this.armedWith = limit;
      this.count = 0;
      this.fired = false;
    }
    if (limit === null || this.fired) return false;
    this.count++;
    if (this.count < Math.max(1, limit)) return false;
    this.fired = true;
    return true;
  }
}

/** A garbled copy of a reply: cut short mid-JSON, as a firmware that loses a buffer would send. */
export function garble(reply: Buffer): Buffer {
  const keep = Math.max(1, Math.floor(reply.length * 0.6));
  return reply.subarray(0, keep);
}

/** Resolves after `ms` (immediately for 0). */
export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
