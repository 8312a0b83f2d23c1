/**
 * Manual add over a range: every address of `expandRange(spec)` fingerprinted with a bounded
 * number in flight, each address bounded in time, so a /22 of silent hosts costs a known time
 * (about addresses / concurrency x timeout) instead of thousands of sockets at once.
 */
import type { NetInterface } from '../../shared/dto';
import { limitConcurrency } from '../concurrency';
import { interfaceFor, probeAddress, type Fingerprint } from './manual';
import { expandRange } from './range';
import type { RawSighting } from './types';

/** Addresses fingerprinted at once: each holds up to five sockets (one per fingerprint). */
export const DEFAULT_RANGE_CONCURRENCY = 32;

export interface ProbeRangeOptions {
  /** A range (`127.0.1.1-127.0.1.20`, `10.0.0.0/24`) or a list of addresses. */
  range: string | readonly string[];
  interfaces: NetInterface[];
  fingerprints: Fingerprint[];
  /** Each fingerprint's own bound; an address is given up `graceMs` after it. */
  timeoutMs: number;
  graceMs?: number;
  concurrency?: number;
  signal?: AbortSignal;
  /** Each hit as it is found, so the UI can stream them in. */
  onSighting?(sighting: RawSighting): void;
  /** Each address once its probe ended (null: nothing answered, or skipped after an abort). */
  onProbed?(address: string, sighting: RawSighting | null): void;
}

/** Resolves with one sighting per address that answered any fingerprint, in address order. */
export async function probeRange(options: ProbeRangeOptions): Promise<RawSighting[]> {
  const addresses =
    typeof options.range === 'string' ? expandRange(options.range) : [...options.range];
  const limit = limitConcurrency(Math.max(1, options.concurrency ?? DEFAULT_RANGE_CONCURRENCY));
  const deadline = options.timeoutMs + (options.graceMs ?? 500);
  const found = await Promise.all(
    addresses.map((address) =>
      limit(async () => {
        if (options.signal?.aborted) return null;
        const iface = interfaceFor(address, options.interfaces);
        if (!iface) {
          options.onProbed?.(address, null);
          return null;
        }
        const probe = probeAddress(address, iface, options.fingerprints, options.timeoutMs);
        const sighting = await withDeadline(probe, deadline);
        if (sighting) options.onSighting?.(sighting);
        options.onProbed?.(address, sighting);
        return sighting;
      }),
    ),
  );
  return found.filter((s): s is RawSighting => s !== null);
}

/** The promise's value, or null once `ms` have passed (a stuck fingerprint cannot hold a slot). */
function withDeadline<T>(promise: Promise<T | null>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([promise.catch(() => null), timeout]).finally(() => clearTimeout(timer));
}
