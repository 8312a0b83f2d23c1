/**
 * A FamilyContext for tests: per-device faults a test can switch, a clock it can move, and a
 * vendor desk that records what devices registered and cancelled instead of mailing codes.
 */
import {
  NO_FAULTS,
  type DeviceFaults,
  type FamilyContext,
  type VendorDeskPort,
} from '../../families/types';

export type Redemption = Parameters<VendorDeskPort['expectRedemption']>[0];

export interface FakeDesk extends VendorDeskPort {
  readonly expected: Redemption[];
  readonly cancelled: string[];
  /** The latest registration for a device (what the desk would mail on redemption). */
  latest(deviceId: string): Redemption | undefined;
}

export interface FakeContext extends FamilyContext {
  readonly desk: FakeDesk;
  readonly warnings: string[];
  setFaults(deviceId: string, faults: Partial<DeviceFaults>): void;
  /** Moves the clock forward. */
  advance(ms: number): void;
}

/** A fresh fake context; the clock starts at `start` and moves only when told. */
export function fakeContext(start = Date.UTC(2025, 0, 1)): FakeContext {
  let clock = start;
  const faults = new Map<string, DeviceFaults>();
  const expected: Redemption[] = [];
  const cancelled: string[] = [];
  const warnings: string[] = [];
  const desk: FakeDesk = {
    expected,
    cancelled,
    expectRedemption: (r) => void expected.push({ ...r }),
    cancel: (payload) => void cancelled.push(payload),
    latest: (id) => expected.filter((r) => r.deviceId === id).at(-1),
  };
  return {
    interfaceAddress: '127.0.0.1',
    desk,
    warnings,
    faults: (id) => faults.get(id) ?? NO_FAULTS,
    setFaults: (id, f) => faults.set(id, { ...(faults.get(id) ?? NO_FAULTS), ...f }),
    onWarning: (m) => void warnings.push(m),
    now: () => clock,
    advance: (ms) => void (clock += ms),
  };
}
