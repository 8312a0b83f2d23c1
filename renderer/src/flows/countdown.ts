/** Time left until a code or a lock runs out, split for display; pure so it is tested without timers. */

export interface TimeLeft {
  expired: boolean;
  /** Whole milliseconds left, never negative. */
  ms: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Time left from `now` until `until` (ISO); null when there is no valid deadline. */
export function timeLeft(until: string | null | undefined, now: number): TimeLeft | null {
  if (!until) return null;
  const end = Date.parse(until);
  if (Number.isNaN(end)) return null;
  const ms = Math.max(0, end - now);
  const total = Math.ceil(ms / 1000);
  return {
    expired: ms === 0,
    ms,
    hours: Math.floor(total / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  };
}

/** `47:59:12` or `4:05`: hours only when there are any. */
export function clockText(left: TimeLeft): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return left.hours > 0
    ? `${left.hours}:${two(left.minutes)}:${two(left.seconds)}`
    : `${left.minutes}:${two(left.seconds)}`;
}
