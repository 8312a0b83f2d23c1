/**
 * A FamilyContext for tests: settable faults per device, a movable clock, warnings collected,
 * and a vendor desk that records what devices registered and cancelled (the test reads the
 * minted code from it, as the real desk would mail it).
 */
import {
  NO_FAULTS,
  type DeviceFaults,
  type FamilyContext,
  type VendorDeskPort,
} from '../../families/types';

export type Redemption = Parameters<VendorDeskPort['expectRedemption']>[0];

export interface FakeContext extends FamilyContext {
  readonly expected: Redemption[];
  readonly cancelled: string[];
  readonly warnings: string[];
  /** Replaces some of a device's faults. */
  setFaults(deviceId: string, faults: Partial<DeviceFaults>): void;
  /** Moves the clock forward. */
  advance(ms: number): void;
  /** The latest code registered for a device and still not cancelled. */
  liveCode(deviceId: string): Redemption | undefined;
}

/**
 * A fresh context; the clock starts at `start` and moves only through `advance`. `discovery`
 * false keeps runtimes off UDP (tests outside the network namespace).
 */
export function fakeContext(start = Date.UTC(2025, 0, 1), discovery = true): FakeContext {
  const faults = new Map<string, DeviceFaults>();
  const expected: Redemption[] = [];
  const cancelled: string[] = [];
  const warnings: string[] = [];
  let clock = start;
  return {
    interfaceAddress: '127.0.0.1',
    discovery,
    expected,
    cancelled,
    warnings,
    faults: (id) => faults.get(id) ?? NO_FAULTS,
    desk: {
      expectRedemption: (r) => void expected.push(r),
      cancel: (payload) => void cancelled.push(payload),
    },
    onWarning: (m) => void warnings.push(m),
    now: () => clock,
    setFaults(id, f) {
      faults.set(id, { ...(faults.get(id) ?? NO_FAULTS), ...f });
    },
    advance(ms) {
      clock += ms;
    },
    liveCode(id) {
      return expected.filter((r) => r.deviceId === id && !cancelled.includes(r.payload)).at(-1);
    },
  };
}
