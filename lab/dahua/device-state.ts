/**
 * The live state of one simulated Dahua device: its admin account (which init, reset and
 * password change alter), login lockout, sessions and login challenges, the reset in progress,
 * the cameras a recorder synced, and the boot time. Everything a reboot loses is held here and
 * dropped by `reboot()`.
 */
import { randomBytes } from 'node:crypto';
import type { DahuaLabDevice, DahuaNvrCamera, DahuaQuestion } from './device';
import { createDeviceRsaKey, type DeviceRsaKey } from './rsa';

/** [I] default lockout (dahua.md §8, §19): 5 failed logins lock the account for 300 s. */
export const DEFAULT_LOCK_AFTER_FAILURES = 5;
export const LOGIN_LOCK_MS = 300_000;
/** A login challenge is good for this long; a session for this long without a call. */
const CHALLENGE_TTL_MS = 60_000;
const SESSION_IDLE_MS = 300_000;
/** Caps so a client hammering step 1 cannot grow memory without bound. */
const MAX_CHALLENGES = 64;
const MAX_SESSIONS = 32;

/** One reset QR handed out by PasswdFind.getDescript and the code the desk will release. */
export interface PendingReset {
  payload: string;
  code: string;
  expiresAt: number;
}

export interface SyncedCamera {
  ip: string;
  serial: string;
  at: number;
}

export class DahuaDeviceState {
  readonly device: DahuaLabDevice;
  initialized: boolean;
  password: string | null;
  email: string | null;
  phone: string | null;
  questions: DahuaQuestion[];
  /** DevInit.setProtocolAgree: init is refused until the terms are accepted (S14). */
  protocolAgreed = false;
  /** DevInit.access NetAccess: P2P/cloud access enabled (Init bits 2..3). */
  netAccess = true;
  bootTime: number;
  loginFailures = 0;
  lockedUntil = 0;
  readonly challenges = new Map<string, { random: string; at: number }>();
  readonly sessions = new Map<string, { user: string; lastSeen: number }>();
  reset: PendingReset | null = null;
  /** When each reset code was handed out (the "two codes" rule spans reboots). */
  codesIssuedAt: number[] = [];
  codeFailures = 0;
  codeLockedUntil = 0;
  questionFailures = 0;
  readonly cameras: DahuaNvrCamera[];
  readonly synced: SyncedCamera[] = [];
  private rsa: Promise<DeviceRsaKey> | undefined;

  constructor(device: DahuaLabDevice, now: number) {
    this.device = device;
    const a = device.account;
    this.initialized = a.initialized;
    this.password = a.initialized ? (a.adminPassword ?? null) : null;
    this.email = a.email ?? null;
    this.phone = a.phone ?? null;
    this.questions = (a.questions ?? []).map((q) => ({ ...q }));
    this.cameras = (device.nvr?.cameras ?? []).map((c) => ({ ...c }));
    this.bootTime = now;
  }

  /** The device's RSA key, made on first use (2048-bit generation is too slow to do per fleet start). */
  rsaKey(): Promise<DeviceRsaKey> {
    this.rsa ??= createDeviceRsaKey();
    return this.rsa;
  }

  /** `Login to <serial>`: RTSP and RPC share it (dahua.md §8). */
  get realm(): string {
    return `Login to ${this.device.serial}`;
  }

  /** Milliseconds the login lock still holds, 0 when not locked. */
  lockRemainingMs(now: number): number {
    return Math.max(0, this.lockedUntil - now);
  }

  newChallenge(now: number): { session: string; random: string } {
    for (const [k, v] of this.challenges)
      if (now - v.at > CHALLENGE_TTL_MS) this.challenges.delete(k);
    if (this.challenges.size >= MAX_CHALLENGES)
      this.challenges.delete(this.challenges.keys().next().value!);
    const session = randomBytes(16).toString('hex');
    const random = String(randomBytes(4).readUInt32BE(0) % 2_000_000_000);
    this.challenges.set(session, { random, at: now });
    return { session, random };
  }

  /** Takes the challenge for `session` (each may be answered once). */
  takeChallenge(session: unknown, now: number): { random: string } | null {
    if (typeof session !== 'string') return null;
    const c = this.challenges.get(session);
    this.challenges.delete(session);
    return c && now - c.at <= CHALLENGE_TTL_MS ? c : null;
  }

  openSession(session: string, user: string, now: number): void {
    if (this.sessions.size >= MAX_SESSIONS)
      this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(session, { user, lastSeen: now });
  }

  /** The user of a live session, refreshing its idle timer; null when unknown or expired. */
  sessionUser(session: unknown, now: number): string | null {
    if (typeof session !== 'string') return null;
    const s = this.sessions.get(session);
    if (!s) return null;
    if (now - s.lastSeen > SESSION_IDLE_MS) {
      this.sessions.delete(session);
      return null;
    }
    s.lastSeen = now;
    return s.user;
  }

  /** A new admin password: sessions of the old one end, the lockout and reset state clear. */
  setPassword(password: string): void {
    this.password = password;
    this.sessions.clear();
    this.loginFailures = 0;
    this.lockedUntil = 0;
  }

  /**
   * Loses what RAM holds: sessions, challenges, login lockout, the reset in progress. Returns the
   * reset payload that must be cancelled at the vendor desk, if any.
   */
  reboot(now: number): string | null {
    const cancelled = this.reset?.payload ?? null;
    this.reset = null;
    this.sessions.clear();
    this.challenges.clear();
    this.loginFailures = 0;
    this.lockedUntil = 0;
    this.codeFailures = 0;
    this.codeLockedUntil = 0;
    this.questionFailures = 0;
    this.protocolAgreed = false;
    this.bootTime = now;
    return cancelled;
  }
}
