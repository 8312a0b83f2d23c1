/**
 * One simulated Hikvision device while it runs: account, locks, the boot it is on, and the reset
 * material it has handed out. SADP and ISAPI act on the same state, as on a real device, so an
 * e-mail bound over ISAPI is what SADP's GetQRcodes uses and a lock earned on one shows on both.
 */
import type { FamilyContext } from '../families/types';
import { CODE_VALIDITY_MS, assumedQrPayload, assumedSafeCodeBlob } from './assumptions';
import {
  randomSupportKey,
  randomVerificationCode,
  ASSUMED_EMAIL_CODE_ATTEMPTS,
} from './assumptions';
import { randomHex } from './crypto';
import { Lockout, RebootFault, type LockView } from './lockout';
import { type HikSecurityQuestion, type HikvisionLabDevice } from './types';

/** SADP: 6 failures, then 30 minutes (§6.2). */
export const SADP_LOCK_AFTER = 6;
export const LOCK_MS = 30 * 60_000;

/** Reset material handed out and not yet used: the QR for the e-mail path, or a support code. */
export interface PendingReset {
  payload: string;
  code: string;
  expiresAt: number;
  attemptsLeft: number;
}

/** `/ISAPI/Security/illegalLoginLock` as the device holds it (§16 real default). */
export interface IllegalLoginLock {
  enabled: boolean;
  maxIllegalLoginTimes: number;
  maxIllegalLoginLockTime: number;
}

export class HikDeviceState {
  activated: boolean;
  password: string | null;
  email: string | null;
  questions: HikSecurityQuestion[];
  /** The GUID of the last export; void once the password changes (§19). */
  guid: string | null = null;
  guidExported: boolean;
  bootTime: number;
  /** Salt of ProbeMatch `<Salt>` and SecurityCap `<salt>`: fixed per device (§3.2, §13). */
  readonly salt = randomHex(64).toUpperCase();
  readonly sadpLock = new Lockout();
  readonly httpLock = new Lockout();
  illegalLoginLock: IllegalLoginLock = {
    enabled: true,
    maxIllegalLoginTimes: 5,
    maxIllegalLoginLockTime: 1800,
  };
  /** The latest SADP exchangecode random and the latest ISAPI challenge, with expiry. */
  exchange: { r: string; expiresAt: number } | null = null;
  challenge: { r: string; expiresAt: number } | null = null;
  emailReset: PendingReset | null = null;
  supportReset: PendingReset | null = null;
  /** Network parameters SADP `update` may change; the address itself stays the bound one. */
  net = { mask: '255.0.0.0', gateway: '127.0.0.1', dhcp: false, ipv6: '::', ipv6Gateway: '::' };
  /** Times the admin password was pushed to the NVR's cameras (SyncIPCPassword). */
  camerasSynced = 0;
  /** Called after a reboot (the SADP side announces the new boot with a Hello). */
  onReboot: ((state: HikDeviceState) => void) | undefined;
  private readonly rebootFault = new RebootFault();

  constructor(
    readonly device: HikvisionLabDevice,
    private readonly ctx: FamilyContext,
  ) {
    const a = device.account;
    this.activated = a.state === 'active';
    this.password = this.activated ? (a.adminPassword ?? null) : null;
    this.email = a.email ?? null;
    this.questions = (a.questions ?? []).map((q) => ({ ...q }));
    this.guidExported = a.guidExported ?? false;
    this.bootTime = ctx.now();
  }

  now(): number {
    return this.ctx.now();
  }

  faults() {
    return this.ctx.faults(this.device.id);
  }

  sadpLockView(): LockView {
    return this.sadpLock.view(this.now(), this.faults().lockAfterFailures ?? SADP_LOCK_AFTER);
  }

  sadpFail(): LockView {
    const limit = this.faults().lockAfterFailures ?? SADP_LOCK_AFTER;
    return this.sadpLock.fail(this.now(), limit, LOCK_MS);
  }

  httpLimit(): number {
    return this.faults().lockAfterFailures ?? this.illegalLoginLock.maxIllegalLoginTimes;
  }

  httpLockView(): LockView {
    return this.httpLock.view(this.now(), this.httpLimit());
  }

  /** Counts a failed login unless the admin disabled IllegalLoginLock (a fault still forces it). */
  httpFail(): LockView {
    if (!this.illegalLoginLock.enabled && this.faults().lockAfterFailures === null)
      return this.httpLockView();
    const lockMs = this.illegalLoginLock.maxIllegalLoginLockTime * 1000;
    return this.httpLock.fail(this.now(), this.httpLimit(), lockMs);
  }

  /** Sets a new admin password: the exported GUID no longer resets it (§19). */
  setPassword(password: string): void {
    this.activated = true;
    this.password = password;
    this.guid = null;
    this.guidExported = false;
    this.sadpLock.succeed();
    this.httpLock.succeed();
  }

  /** A new reserved e-mail voids a pending e-mailed code (§18). */
  setEmail(email: string): void {
    this.email = email;
    this.dropReset('email');
  }

  /** Hands out a new QR for the e-mail path; the previous one is cancelled at the desk. */
  issueEmailReset(): PendingReset {
    this.dropReset('email');
    const r = this.pending(assumedQrPayload(this.device.serial), randomVerificationCode());
    this.emailReset = r;
    return r;
  }

  /** Hands out a new support safe code (`getcode`); the support key is 8 characters (§21). */
  issueSupportReset(): PendingReset {
    this.dropReset('support');
    const r = this.pending(assumedSafeCodeBlob(), randomSupportKey());
    this.supportReset = r;
    return r;
  }

  private pending(payload: string, code: string): PendingReset {
    const expiresAt = this.now() + CODE_VALIDITY_MS;
    const r = { payload, code, expiresAt, attemptsLeft: ASSUMED_EMAIL_CODE_ATTEMPTS };
    this.ctx.desk.expectRedemption({
      family: 'hikvision',
      deviceId: this.device.id,
      serial: this.device.serial,
      payload,
      code,
      email: this.email,
      expiresAt,
    });
    return r;
  }

  /** Checks a typed code; a wrong one costs an attempt and the last one voids the code. */
  redeem(kind: 'email' | 'support', code: string): 'ok' | 'wrong' | 'none' {
    const r = kind === 'email' ? this.emailReset : this.supportReset;
    if (!r) return 'none';
    if (this.now() >= r.expiresAt) {
      this.dropReset(kind);
      return 'none';
    }
    if (r.code.toUpperCase() !== code.trim().toUpperCase()) {
      r.attemptsLeft--;
      if (r.attemptsLeft <= 0) this.dropReset(kind);
      return 'wrong';
    }
    return 'ok';
  }

  /** Voids a pending reset and tells the desk (success, a new request, a reboot). */
  dropReset(kind: 'email' | 'support'): void {
    const r = kind === 'email' ? this.emailReset : this.supportReset;
    if (!r) return;
    if (kind === 'email') this.emailReset = null;
    else this.supportReset = null;
    this.ctx.desk.cancel(r.payload);
  }

  /** Counts one request against a `rebootAfterRequests` fault; true when the device must reboot. */
  countRequest(): boolean {
    return this.rebootFault.count(this.faults().rebootAfterRequests);
  }

  /** A power cycle: new boot time, locks cleared, exchanges and pending resets lost. */
  reboot(): void {
    // BootTime has one-second resolution: a reboot must always show a different one.
    this.bootTime = Math.max(this.now(), this.bootTime + 1000);
    this.sadpLock.clear();
    this.httpLock.clear();
    this.exchange = null;
    this.challenge = null;
    this.dropReset('email');
    this.dropReset('support');
    this.onReboot?.(this);
  }
}
