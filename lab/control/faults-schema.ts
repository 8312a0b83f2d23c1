/**
 * Validation of the faults a client PUTs: every field typed and bounded, unknown fields refused.
 * PUT replaces the device's faults; an omitted field goes back to its no-fault value.
 */
import {
  bool,
  int,
  object,
  optional,
  type Result,
  type Schema,
} from '../../electron/shared/schema';
import { NO_FAULTS, type DeviceFaults } from '../families/types';

/** A finite number in [min, max] (the contract schema only has integers). */
function num(min: number, max: number): Schema<number> {
  return {
    kind: 'number',
    parse: (v, p = '') =>
      typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max
        ? { ok: true, value: v }
        : { ok: false, issues: [{ path: p, problem: `expected a number in ${min}..${max}` }] },
  };
}

/** `null` or the inner value. */
function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    kind: `nullable ${inner.kind}`,
    parse: (v, p = '') => (v === null ? { ok: true, value: null } : inner.parse(v, p)),
  };
}

const faultsSchema = object({
  packetLoss: optional(num(0, 1)),
  // A minute at most: longer only makes tests slow, never more realistic.
  latencyMs: optional(int({ min: 0, max: 60_000 })),
  malformed: optional(bool()),
  lockAfterFailures: optional(nullable(int({ min: 1, max: 100 }))),
  rebootAfterRequests: optional(nullable(int({ min: 1, max: 1_000_000 }))),
});

/** Parses a PUT body into a complete, frozen `DeviceFaults`. */
export function parseFaults(body: unknown): Result<DeviceFaults> {
  const r = faultsSchema.parse(body);
  if (!r.ok) return r;
  // A fresh object per PUT: runtimes count one-shot faults (rebootAfterRequests) per object.
  return { ok: true, value: Object.freeze({ ...NO_FAULTS, ...r.value }) };
}
