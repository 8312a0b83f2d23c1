/**
 * The lockout guard: the one place every credential, code and answer attempt goes through. It
 * keeps what each device said about its remaining tries (`driver.lockState` and every attempt's
 * outcome), refuses while the device is locked, refuses to spend the last try without the
 * person's say-so, and runs each attempt exactly once: nothing here, or behind it, retries.
 */
import { CustodianError } from '../../shared/errors';
import type { AttemptOutcome, LockState } from '../vendors/driver';

/**
 * Devices count login tries and recovery-code tries separately (a wrong reset code does not
 * spend a login), so the guard keeps one counter per device and kind.
 */
export type AttemptCounter = 'login' | 'recovery';

export interface AttemptOptions {
  counter?: AttemptCounter;
  /** The person agreed to spend the device's last try. */
  confirmLastAttempt?: boolean;
  /** Reads the lock state without spending a try, refreshed before the attempt (best effort). */
  probe?: () => Promise<LockState>;
}

export interface LockKnowledge {
  attemptsLeft: number | null;
  lockedUntil: Date | null;
}

const UNKNOWN: LockKnowledge = { attemptsLeft: null, lockedUntil: null };

export class LockoutGuard {
  readonly #known = new Map<string, LockKnowledge>();
  /** Attempts on one device run one at a time, so two cannot both pass the last-try check. */
  readonly #busy = new Map<string, Promise<unknown>>();
  readonly #now: () => Date;

  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  /** What the guard knows about a device's tries. */
  knowledge(deviceId: string, counter: AttemptCounter = 'login'): LockKnowledge {
    const k = this.#known.get(key(deviceId, counter)) ?? UNKNOWN;
    // A lock whose time has passed is over: the device says so itself on the next answer.
    if (k.lockedUntil && k.lockedUntil <= this.#now()) return { ...k, lockedUntil: null };
    return k;
  }

  /** Records what the device said, without an attempt (lockState, a challenge, a restart). */
  observe(deviceId: string, state: LockKnowledge, counter: AttemptCounter = 'login'): void {
    this.#known.set(key(deviceId, counter), { ...state });
  }

  /** Forgets a counter (a new recovery challenge starts its own count). */
  reset(deviceId: string, counter: AttemptCounter = 'login'): void {
    this.#known.delete(key(deviceId, counter));
  }

  /**
   * Spends one attempt: throws DEVICE_LOCKED or LAST_ATTEMPT_NEEDS_CONFIRMATION without touching
   * the device when it must not be tried, otherwise runs `attempt` once and learns from it.
   */
  attempt(
    deviceId: string,
    attempt: () => Promise<AttemptOutcome>,
    options: AttemptOptions = {},
  ): Promise<AttemptOutcome> {
    const counter = options.counter ?? 'login';
    return this.#serial(deviceId, async () => {
      await this.#refresh(deviceId, counter, options.probe);
      this.#check(deviceId, counter, options.confirmLastAttempt === true);
      const outcome = await attempt();
      this.#learn(deviceId, counter, outcome);
      return outcome;
    });
  }

  /**
   * Runs an operation that authenticates with stored credentials (bind e-mail, set questions...)
   * under the same rules: a DEVICE_AUTH_FAILED it throws counts as a spent login try.
   */
  call<T>(deviceId: string, op: () => Promise<T>, options: AttemptOptions = {}): Promise<T> {
    return this.#serial(deviceId, async () => {
      await this.#refresh(deviceId, 'login', options.probe);
      this.#check(deviceId, 'login', options.confirmLastAttempt === true);
      try {
        const value = await op();
        this.#learn(deviceId, 'login', { ok: true });
        return value;
      } catch (err) {
        if (err instanceof CustodianError && err.code === 'DEVICE_AUTH_FAILED') {
          const k = this.knowledge(deviceId);
          this.#learn(deviceId, 'login', {
            ok: false,
            spent: true,
            reason: 'rejected',
            attemptsLeft: k.attemptsLeft === null ? null : Math.max(0, k.attemptsLeft - 1),
            lockedUntil: k.lockedUntil,
          });
        }
        throw err;
      }
    });
  }

  /**
   * A batch's view of one device: after its first authentication failure, every later attempt
   * in the batch is refused without reaching the device.
   */
  session(deviceId: string): GuardSession {
    return new GuardSession(this, deviceId);
  }

  #check(deviceId: string, counter: AttemptCounter, confirmed: boolean): void {
    const k = this.knowledge(deviceId, counter);
    if (k.lockedUntil) throw new CustodianError('DEVICE_LOCKED', k.lockedUntil.toISOString());
    if (k.attemptsLeft !== null && k.attemptsLeft <= 0) {
      throw new CustodianError('DEVICE_LOCKED', 'no tries left');
    }
    if (k.attemptsLeft === 1 && !confirmed) {
      throw new CustodianError('LAST_ATTEMPT_NEEDS_CONFIRMATION', '1 try left');
    }
  }

  async #refresh(deviceId: string, counter: AttemptCounter, probe?: () => Promise<LockState>) {
    if (!probe) return;
    // A device that cannot tell its lock state is tried on what the guard already knows.
    const state = await probe().catch(() => null);
    if (state) this.observe(deviceId, state, counter);
  }

  #learn(deviceId: string, counter: AttemptCounter, outcome: AttemptOutcome): void {
    if (outcome.ok) {
      // A success resets the device's counter; the exact figure is learnt on the next answer.
      this.reset(deviceId, counter);
      return;
    }
    if (!outcome.spent) return;
    const before = this.knowledge(deviceId, counter);
    const attemptsLeft =
      outcome.attemptsLeft ?? (before.attemptsLeft === null ? null : before.attemptsLeft - 1);
    this.observe(deviceId, { attemptsLeft, lockedUntil: outcome.lockedUntil }, counter);
  }

  #serial<T>(deviceId: string, op: () => Promise<T>): Promise<T> {
    const prev = this.#busy.get(deviceId) ?? Promise.resolve();
    const next = prev.then(op, op);
    const tail = next.catch(() => undefined);
    this.#busy.set(deviceId, tail);
    void tail.then(() => {
      if (this.#busy.get(deviceId) === tail) this.#busy.delete(deviceId);
    });
    return next;
  }
}

/** One device inside a batch: stops at its first authentication failure. */
export class GuardSession {
  #stopped: CustodianError | null = null;

  constructor(
    private readonly guard: LockoutGuard,
    readonly deviceId: string,
  ) {}

  /** The failure that stopped this device, if any. */
  get stopped(): CustodianError | null {
    return this.#stopped;
  }

  async attempt(run: () => Promise<AttemptOutcome>, options?: AttemptOptions) {
    this.#assertGoing();
    const outcome = await this.guard.attempt(this.deviceId, run, options);
    if (!outcome.ok && outcome.spent) this.#stopped = new CustodianError('DEVICE_AUTH_FAILED');
    return outcome;
  }

  async call<T>(op: () => Promise<T>, options?: AttemptOptions): Promise<T> {
    this.#assertGoing();
    try {
      return await this.guard.call(this.deviceId, op, options);
    } catch (err) {
      if (err instanceof CustodianError && err.code === 'DEVICE_AUTH_FAILED') this.#stopped = err;
      throw err;
    }
  }

  #assertGoing(): void {
    if (this.#stopped) throw new CustodianError('DEVICE_AUTH_FAILED', 'stopped after a failure');
  }
}

function key(deviceId: string, counter: AttemptCounter): string {
  return `${counter}\u0000${deviceId}`;
}
