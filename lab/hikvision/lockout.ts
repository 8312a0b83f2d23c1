/**
 * Failed-credential counting, one counter per channel: SADP commands lock after 6 failures for 30
 * minutes (§6.2); ISAPI logins follow IllegalLoginLock, 5 tries and 1800 s by default (§16). A
 * `lockAfterFailures` fault overrides either limit. The count resets on success and on reboot.
 */

/** Where a lock is reported: the fields both failed-auth shapes of §16 carry. */
export interface LockView {
  locked: boolean;
  /** Tries left before the lock (0 while locked). */
  retryTimes: number;
  /** Seconds until the lock ends (0 when unlocked). */
  resLockTime: number;
  lockedUntil: number | null;
}

export class Lockout {
  private failures = 0;
  private until: number | null = null;

  /** The current lock state; an expired lock is lifted here, lazily. */
  view(now: number, limit: number): LockView {
    if (this.until !== null && now >= this.until) {
      this.until = null;
      this.failures = 0;
    }
    if (this.until !== null) {
      const resLockTime = Math.ceil((this.until - now) / 1000);
      return { locked: true, retryTimes: 0, resLockTime, lockedUntil: this.until };
    }
    return {
      locked: false,
      retryTimes: Math.max(0, limit - this.failures),
      resLockTime: 0,
      lockedUntil: null,
    };
  }

  /** Records a failure; locks for `lockMs` when `limit` is reached. Returns the state after it. */
  fail(now: number, limit: number, lockMs: number): LockView {
    if (this.view(now, limit).locked) return this.view(now, limit);
    this.failures++;
    if (this.failures >= limit) this.until = now + lockMs;
    return this.view(now, limit);
  }

  succeed(): void {
    this.failures = 0;
  }

  /** A power cycle clears the lock (§6.2). */
  clear(): void {
    this.failures = 0;
    this.until = null;
  }
}

/**
 * The `rebootAfterRequests` fault: counts requests down from the setting and fires once. A new
 * setting re-arms it; after firing it stays quiet until the setting changes.
 */
export class RebootFault {
  private setting: number | null = null;
  private left: number | null = null;

  /** Counts one request; true when the device must reboot now. */
  count(setting: number | null): boolean {
    if (setting !== this.setting) {
      this.setting = setting;
      this.left = setting;
    }
    if (this.left === null) return false;
    this.left--;
    if (this.left > 0) return false;
    this.left = null;
    return true;
  }
}
