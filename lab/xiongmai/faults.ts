/**
 * Applies one device's switchable faults (lab/families/types.ts DeviceFaults) to its traffic:
 * dropped requests, delayed and corrupted replies, and a reboot after N more requests.
 */
import type { FamilyContext } from '../families/types';
import { HEADER_LENGTH } from './frame';

export class FaultGate {
  /** The rebootAfterRequests value being counted down, and how many requests remain. */
  private armed: { value: number; remaining: number; fired: boolean } | null = null;

  constructor(
    private readonly ctx: FamilyContext,
    private readonly deviceId: string,
    private readonly reboot: () => void,
  ) {}

  /** False when packet loss swallows this request (no reply at all, as on a lossy LAN). */
  admit(): boolean {
    const p = this.ctx.faults(this.deviceId).packetLoss;
    return !(p > 0 && Math.random() < p);
  }

  /** Milliseconds to hold the reply. */
  latencyMs(): number {
    return Math.max(0, this.ctx.faults(this.deviceId).latencyMs);
  }

  /**
   * Counts one answered request and reboots once the count set by rebootAfterRequests is spent.
   * The countdown starts when the fault is first seen and fires once; setting a new value (or
   * clearing and setting it again) arms it anew.
   */
  countRequest(): void {
    const n = this.ctx.faults(this.deviceId).rebootAfterRequests;
    if (n === null) {
      this.armed = null;
      return;
    }
    if (!this.armed || this.armed.value !== n)
      this.armed = { value: n, remaining: n, fired: false };
    if (this.armed.fired) return;
    this.armed.remaining--;
    if (this.armed.remaining <= 0) {
      this.armed.fired = true;
      this.reboot();
    }
  }

  /**
   * With `malformed` on, a framed reply keeps its header (so a client's framing survives) but its
   * JSON is cut short and NUL-padded; a datagram is truncated. Otherwise the bytes pass as-is.
   */
  corrupt(bytes: Buffer, kind: 'stream' | 'datagram'): Buffer {
    if (!this.ctx.faults(this.deviceId).malformed || bytes.length <= HEADER_LENGTH) return bytes;
    if (kind === 'datagram')
      return bytes.subarray(0, HEADER_LENGTH + Math.floor((bytes.length - HEADER_LENGTH) / 2));
    const out = Buffer.from(bytes);
    const body = out.length - HEADER_LENGTH;
    out.fill(0, HEADER_LENGTH + Math.floor(body / 2));
    return out;
  }
}
