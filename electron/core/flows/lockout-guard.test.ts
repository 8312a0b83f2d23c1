import { describe, expect, it, vi } from 'vitest';
import { CustodianError } from '../../shared/errors';
import type { AttemptOutcome } from '../vendors/driver';
import { LockoutGuard } from './lockout-guard';

const rejected = (
  attemptsLeft: number | null,
  lockedUntil: Date | null = null,
): AttemptOutcome => ({
  ok: false,
  spent: true,
  reason: lockedUntil ? 'locked' : 'rejected',
  attemptsLeft,
  lockedUntil,
});

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err instanceof CustodianError ? err.code : String(err);
  }
}

describe('lockout guard', () => {
  const now = new Date('2026-03-01T10:00:00Z');

  it('refuses while the device is locked, saying until when, without touching it', async () => {
    const guard = new LockoutGuard(() => now);
    const until = new Date('2026-03-01T10:30:00Z');
    guard.observe('d1', { attemptsLeft: 0, lockedUntil: until });
    const run = vi.fn(async () => ({ ok: true }) as AttemptOutcome);
    await expect(guard.attempt('d1', run)).rejects.toMatchObject({
      code: 'DEVICE_LOCKED',
      detail: until.toISOString(),
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('lets a lock end when its time has passed', async () => {
    let t = now;
    const guard = new LockoutGuard(() => t);
    guard.observe('d1', { attemptsLeft: 3, lockedUntil: new Date('2026-03-01T10:30:00Z') });
    t = new Date('2026-03-01T10:31:00Z');
    expect(await guard.attempt('d1', async () => ({ ok: true }))).toEqual({ ok: true });
  });

  it('refuses the last try without confirmation, and spends it with confirmation', async () => {
    const guard = new LockoutGuard(() => now);
    guard.observe('d1', { attemptsLeft: 1, lockedUntil: null });
    const run = vi.fn(async () => rejected(0, new Date('2026-03-01T10:30:00Z')));
    expect(await code(guard.attempt('d1', run))).toBe('LAST_ATTEMPT_NEEDS_CONFIRMATION');
    expect(run).not.toHaveBeenCalled();
    expect(await guard.attempt('d1', run, { confirmLastAttempt: true })).toMatchObject({
      ok: false,
    });
    expect(run).toHaveBeenCalledTimes(1);
    expect(await code(guard.attempt('d1', run, { confirmLastAttempt: true }))).toBe(
      'DEVICE_LOCKED',
    );
  });

  it('runs an attempt exactly once and never retries, whatever it returns or throws', async () => {
    const guard = new LockoutGuard(() => now);
    const failing = vi.fn(async () => rejected(4));
    expect(await guard.attempt('d1', failing)).toMatchObject({ ok: false, attemptsLeft: 4 });
    expect(failing).toHaveBeenCalledTimes(1);
    const throwing = vi.fn(async (): Promise<AttemptOutcome> => {
      throw new CustodianError('DEVICE_UNREACHABLE', 'timeout');
    });
    expect(await code(guard.attempt('d1', throwing))).toBe('DEVICE_UNREACHABLE');
    expect(throwing).toHaveBeenCalledTimes(1);
    expect(guard.knowledge('d1').attemptsLeft).toBe(4);
  });

  it('learns the count from the device, and counts down when the device does not say', async () => {
    const guard = new LockoutGuard(() => now);
    await guard.attempt('d1', async () => rejected(3));
    expect(guard.knowledge('d1')).toEqual({ attemptsLeft: 3, lockedUntil: null });
    await guard.attempt('d1', async () => rejected(null));
    expect(guard.knowledge('d1').attemptsLeft).toBe(2);
    await guard.attempt('d1', async () => ({ ok: true }));
    expect(guard.knowledge('d1').attemptsLeft).toBeNull();
  });

  it('refreshes from lockState before an attempt, and keeps login and recovery counts apart', async () => {
    const guard = new LockoutGuard(() => now);
    const probe = vi.fn(async () => ({ attemptsLeft: 1, lockedUntil: null }));
    const run = vi.fn(async () => ({ ok: true }) as AttemptOutcome);
    expect(await code(guard.attempt('d1', run, { probe }))).toBe('LAST_ATTEMPT_NEEDS_CONFIRMATION');
    expect(run).not.toHaveBeenCalled();
    expect(await guard.attempt('d1', run, { counter: 'recovery' })).toEqual({ ok: true });
  });

  it('lets only one attempt at a time reach a device, so two cannot both use the last try', async () => {
    const guard = new LockoutGuard(() => now);
    guard.observe('d1', { attemptsLeft: 2, lockedUntil: null });
    const run = vi.fn(async () => rejected(1));
    const results = await Promise.allSettled([guard.attempt('d1', run), guard.attempt('d1', run)]);
    expect(run).toHaveBeenCalledTimes(1);
    expect(results[1]).toMatchObject({
      status: 'rejected',
      reason: { code: 'LAST_ATTEMPT_NEEDS_CONFIRMATION' },
    });
  });

  it('counts a DEVICE_AUTH_FAILED from an authenticated operation as a spent try', async () => {
    const guard = new LockoutGuard(() => now);
    guard.observe('d1', { attemptsLeft: 3, lockedUntil: null });
    const op = vi.fn(async () => {
      throw new CustodianError('DEVICE_AUTH_FAILED');
    });
    expect(await code(guard.call('d1', op))).toBe('DEVICE_AUTH_FAILED');
    expect(guard.knowledge('d1').attemptsLeft).toBe(2);
  });

  it('stops a device of a batch at its first authentication failure', async () => {
    const guard = new LockoutGuard(() => now);
    const a = guard.session('d1');
    const b = guard.session('d2');
    const fail = vi.fn(async () => {
      throw new CustodianError('DEVICE_AUTH_FAILED');
    });
    const ok = vi.fn(async () => 'done');
    expect(await code(a.call(fail))).toBe('DEVICE_AUTH_FAILED');
    expect(await code(a.call(ok))).toBe('DEVICE_AUTH_FAILED');
    expect(await code(a.attempt(async () => ({ ok: true })))).toBe('DEVICE_AUTH_FAILED');
    expect(ok).not.toHaveBeenCalled();
    expect(a.stopped?.code).toBe('DEVICE_AUTH_FAILED');
    expect(await b.call(ok)).toBe('done');
    const c = guard.session('d3');
    await c.attempt(async () => rejected(4));
    expect(await code(c.attempt(async () => ({ ok: true })))).toBe('DEVICE_AUTH_FAILED');
  });
});
