/**
 * The per-interface sweep lifecycle the protocol scanners share: probe rounds at fixed offsets
 * (timing.ts) with jitter, stopped at the sweep's end or on abort, and the report built from the
 * sends. Each scanner keeps its own socket, codec and reply handling.
 */
import type { InterfaceScanReport, NetInterface } from '../../shared/dto';

export interface RunRoundsOptions {
  /** When each round goes out, from the start of the sweep; rounds at or past durationMs are skipped. */
  roundsAtMs: readonly number[];
  /** Each round after a 0 ms one is delayed by a random 0..jitterMs, so laptops do not probe in lockstep. */
  jitterMs: number;
  durationMs: number;
  signal: AbortSignal;
  random: () => number;
  /** Sends one round; `round` is its index in roundsAtMs. Awaited before runRounds resolves. */
  sendRound: (round: number) => Promise<void>;
}

/**
 * Schedules the rounds and resolves when the sweep is over (durationMs elapsed or the signal
 * aborted) and every round already started has settled. Never rejects for a failed round.
 */
export async function runRounds(options: RunRoundsOptions): Promise<void> {
  const { signal } = options;
  const timers: NodeJS.Timeout[] = [];
  const rounds: Promise<void>[] = [];
  let stop = (): void => {};
  try {
    await new Promise<void>((resolve) => {
      stop = resolve;
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', stop, { once: true });
      timers.push(setTimeout(stop, options.durationMs));
      options.roundsAtMs.forEach((at, round) => {
        if (at >= options.durationMs) return;
        const delay = at === 0 ? 0 : at + Math.floor(options.random() * options.jitterMs);
        timers.push(setTimeout(() => rounds.push(options.sendRound(round)), delay));
      });
    });
  } finally {
    // A long-lived signal (one per app session) must not collect a listener per sweep.
    signal.removeEventListener('abort', stop);
    for (const t of timers) clearTimeout(t);
    await Promise.allSettled(rounds); // each send is bounded by the socket's own timeout
  }
}

/** A report for an interface before anything was sent or heard. */
export function emptyReport(iface: NetInterface): InterfaceScanReport {
  return { name: iface.name, address: iface.address, ok: true, probesSent: 0, replies: 0 };
}

/**
 * The report with the first send error: it stays ok when some probe went out, and is a failure
 * when none did.
 */
export function withSendError(
  report: InterfaceScanReport,
  sendError: string | undefined,
): InterfaceScanReport {
  if (report.probesSent === 0 && sendError) return { ...report, ok: false, error: sendError };
  return sendError ? { ...report, error: sendError } : report;
}

/** Runs a callback; a throwing consumer must not kill a socket's message handler. */
export function safely(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}
