/** The presence tracker's types and small helpers, apart so the tracker stays one job. */
import type { NetInterface } from '../../shared/dto';
import type { PresenceListenerOpener } from './presence-listener';
import type { ProtocolScanner, RawSighting } from './types';

export type PresenceState = 'online' | 'offline';

export interface PresenceChange {
  key: string;
  state: PresenceState;
  /** null the first time a device is seen. */
  previous: PresenceState | null;
  reason: 'sweep' | 'hello' | 'bye' | 'missed';
  at: Date;
  /** The sighting that brought it online (sweep or Hello). */
  sighting?: RawSighting;
}

export interface PresenceTrackerOptions {
  /** One sweep on the interfaces; resolves with what it saw. The engine runs its scanners here. */
  sweep(interfaces: NetInterface[], signal: AbortSignal): Promise<RawSighting[]>;
  /** The device a sighting belongs to. Default: MAC, serial, endpoint, then protocol + address. */
  keyOf?(sighting: RawSighting): string;
  /** Missed sweeps in a row before a device is offline. Default 2. */
  missedSweeps?: number;
  openListener?: PresenceListenerOpener;
  loopbackOnly?: boolean;
  onWarning?(message: string): void;
  now?: () => Date;
}

/** The default device key: the identity the inventory would merge on, in the same order. */
export function defaultPresenceKey(s: RawSighting): string {
  const f = s.facts;
  if (f.mac) return `mac:${f.mac}`;
  if (f.serial) return `serial:${f.serial}`;
  if (f.endpoint) return `endpoint:${f.endpoint}`;
  return `${s.protocol}:${s.address}`;
}

/**
 * A `sweep` for the tracker from the discovery scanners: every scanner on every interface for
 * `durationMs`, the sightings collected. Warnings go to `onWarning` (the doctor keeps its own from
 * the regular scans). It runs apart from DiscoveryService, which refuses a second concurrent scan.
 */
export function sweepWithScanners(
  scanners: readonly ProtocolScanner[],
  durationMs: number,
  onWarning: (message: string) => void = () => {},
): PresenceTrackerOptions['sweep'] {
  return async (interfaces, signal) => {
    const seen: RawSighting[] = [];
    await Promise.all(
      scanners.map((scanner) =>
        scanner
          .sweep({
            interfaces,
            durationMs,
            signal,
            onSighting: (s) => seen.push(s),
            onWarning: (w) => onWarning(`${w.protocol}: ${w.message}`),
          })
          .catch((err: unknown) => onWarning(`${scanner.protocol} sweep failed: ${String(err)}`)),
      ),
    );
    return seen;
  };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
