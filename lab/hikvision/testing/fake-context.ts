/**
 * A FamilyContext for tests: switchable faults per device, a vendor desk that records what it is
 * asked, warnings collected, and a clock tests can move (lock windows, code expiry).
 */
import {
  NO_FAULTS,
  type DeviceFaults,
  type FamilyContext,
  type VendorDeskPort,
} from '../../families/types';

export type Redemption = Parameters<VendorDeskPort['expectRedemption']>[0];

export interface FakeContext extends FamilyContext {
  /** Every expectRedemption call, in order. */
  readonly redemptions: Redemption[];
  /** Every payload cancelled, in order. */
  readonly cancelled: string[];
  readonly warnings: string[];
  setFaults(deviceId: string, faults: Partial<DeviceFaults>): void;
  /** Moves the clock forward. */
  advance(ms: number): void;
}

/** A fresh fake context; the clock starts at `start` (default: the real time now). */
export function fakeContext(start = Date.now()): FakeContext {
  const faults = new Map<string, DeviceFaults>();
  const redemptions: Redemption[] = [];
  const cancelled: string[] = [];
  const warnings: string[] = [];
  let clock = start;
  return {
    interfaceAddress: '127.0.0.1',
    redemptions,
    cancelled,
    warnings,
    desk: {
      expectRedemption: (r) => void redemptions.push(r),
      cancel: (payload) => void cancelled.push(payload),
    },
    faults: (id) => faults.get(id) ?? NO_FAULTS,
    setFaults: (id, f) => faults.set(id, { ...(faults.get(id) ?? NO_FAULTS), ...f }),
    onWarning: (m) => void warnings.push(m),
    now: () => clock,
    advance: (ms) => {
      clock += ms;
    },
  };
}
