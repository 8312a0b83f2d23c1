/**
 * Replay protection for WS-Security UsernameTokens: a nonce is accepted once within the Created
 * window. Entries expire lazily on insert, so an idle device holds no timer.
 */

/** How far a token's Created may be from the device clock (either way). */
export const CREATED_WINDOW_MS = 5 * 60_000;
/** Upper bound on remembered nonces per device, so a flood cannot grow memory without limit. */
const MAX_ENTRIES = 10_000;

export class NonceCache {
  private readonly seen = new Map<string, number>();

  /** Records the nonce; false when it was already used inside the window (a replay). */
  remember(nonce: string, now: number): boolean {
    this.prune(now);
    if (this.seen.has(nonce)) return false;
    if (this.seen.size >= MAX_ENTRIES) {
      // Full of live entries: refusing new tokens is safer than forgetting and allowing replays.
      return false;
    }
    // Remember long enough to outlive any Created that could still pass the window check.
    this.seen.set(nonce, now + 2 * CREATED_WINDOW_MS);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(now: number): void {
    // Map iterates in insertion order and expiries grow with time, so stop at the first live one.
    for (const [nonce, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(nonce);
    }
  }
}
