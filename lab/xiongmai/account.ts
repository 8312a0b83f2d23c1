/**
 * One device's account state and the rules around it: Sofia-hash login with lockout, security
 * questions with the 6-failure limit, and the QR + verify-code reset whose code the vendor desk
 * holds. Pure state over an injected clock and desk; sockets live elsewhere.
 */
import type { FamilyContext } from '../families/types';
import {
  assumedFailedLoginRet,
  assumedLoginLockMs,
  assumedLoginLockThreshold,
  assumedNoQuestionsRet,
  assumedRebootClearsLoginLock,
  assumedVerifyCode,
  assumedVerifyCodeAttempts,
  assumedVerifyCodeValidityMs,
  assumedVerifyQrText,
} from './assumptions';
import { MAX_ANSWER_FAILURES, PWD_RESET_SLOTS, QUESTION_DELIVERY, RET } from './constants';
import type { XmLabDevice } from './device';
import { sofiaHash } from './sofia';

/** A `General.PwdSafety.PwdReset` slot: index into the question list, MD5_8 of the answer. */
export interface PwdResetSlot {
  index: number;
  answerHash: string;
}

interface PendingCode {
  payload: string;
  code: string;
  expiresAt: number;
  attemptsLeft: number;
}

export class XmAccount {
  passwordHash: string;
  email: string;
  phone = '';
  tipPageHide = false;
  /** §8: 0 = verify through the app (QR), 1 = send to the contact. */
  restoreType = 1;
  /** QUESTION_DELIVERY plus any question text a fleet file used that is not on it. */
  readonly questionList: string[] = [...QUESTION_DELIVERY];
  slots: PwdResetSlot[];
  bootTime: number;
  private loginFailures = 0;
  private lockedUntil: number | null = null;
  private answerFailures = 0;
  private pending: PendingCode | null = null;

  constructor(
    private readonly device: XmLabDevice,
    private readonly ctx: FamilyContext,
  ) {
    const a = device.account;
    this.passwordHash = sofiaHash(a.adminPassword);
    this.email = a.email ?? '';
    this.bootTime = ctx.now();
    const given = (a.questions ?? []).slice(0, PWD_RESET_SLOTS).map((q) => {
      let index = this.questionList.indexOf(q.question);
      if (index < 1) index = this.questionList.push(q.question) - 1;
      return { index, answerHash: sofiaHash(q.answer) };
    });
    this.slots = [...given, ...Array.from({ length: PWD_RESET_SLOTS - given.length }, empty)];
  }

  /** True once any slot holds a question (the web UI itself insists on two). */
  questionsSet(): boolean {
    return this.setSlots().length > 0;
  }

  locked(): boolean {
    if (this.lockedUntil !== null && this.ctx.now() >= this.lockedUntil) this.unlock();
    return this.lockedUntil !== null;
  }

  /** One credential attempt (login or IP set): 100, 203 or 205, counting toward the lock. */
  attempt(passwordHash: string): number {
    if (this.locked()) return RET.userLocked;
    if (passwordHash === this.passwordHash) {
      this.loginFailures = 0;
      return RET.ok;
    }
    this.loginFailures++;
    const threshold =
      this.ctx.faults(this.device.id).lockAfterFailures ?? assumedLoginLockThreshold();
    const ret = assumedFailedLoginRet(this.loginFailures, threshold);
    if (ret === RET.userLocked) this.lockedUntil = this.ctx.now() + assumedLoginLockMs();
    return ret;
  }

  /** A new admin password from SetNewPassword (plaintext) or ModifyPassword (hash). */
  setPasswordHash(hash: string): void {
    this.passwordHash = hash;
    this.unlock();
  }

  /** The texts of the set questions, in slot order. */
  questionTexts(): string[] {
    return this.setSlots().map((s) => this.questionList[s.index] ?? '');
  }

  /** CheckSafetyAnswer: 100, 220 wrong, 219 after more than 6 failures until a reboot. */
  checkAnswers(answers: unknown): number {
    const set = this.setSlots();
    if (set.length === 0) return assumedNoQuestionsRet();
    if (this.answerFailures >= MAX_ANSWER_FAILURES) return RET.tooManyAnswers;
    const ok =
      Array.isArray(answers) &&
      answers.length === set.length &&
      set.every((s, i) => typeof answers[i] === 'string' && sofiaHash(answers[i]) === s.answerHash);
    if (ok) return RET.ok;
    this.answerFailures++;
    return RET.wrongAnswer;
  }

  /** GetVerifyQRCode: a fresh random payload and code; the previous one stops working. */
  issueVerifyCode(): string {
    this.cancelPending();
    const payload = assumedVerifyQrText();
    const code = assumedVerifyCode();
    const expiresAt = this.ctx.now() + assumedVerifyCodeValidityMs();
    this.pending = { payload, code, expiresAt, attemptsLeft: assumedVerifyCodeAttempts() };
    this.ctx.desk.expectRedemption({
      family: 'xiongmai',
      deviceId: this.device.id,
      serial: this.device.serial,
      payload,
      code,
      email: this.email === '' ? null : this.email,
      expiresAt,
    });
    return payload;
  }

  /** CheckVerifyCode: 100 (the code is used up), 222 wrong, 221 once the tries are spent. */
  checkVerifyCode(code: unknown): number {
    const p = this.pending;
    if (!p || p.attemptsLeft <= 0) return RET.tooManyCodes;
    if (this.ctx.now() >= p.expiresAt) {
      this.cancelPending();
      return RET.wrongCode;
    }
    if (code === p.code) {
      this.cancelPending();
      return RET.ok;
    }
    p.attemptsLeft--;
    return p.attemptsLeft > 0 ? RET.wrongCode : RET.tooManyCodes;
  }

  /** Power cycle: pending codes die, the answer limit resets, the lock clears (assumed). */
  reboot(): void {
    this.cancelPending();
    this.answerFailures = 0;
    if (assumedRebootClearsLoginLock()) this.unlock();
    this.bootTime = this.ctx.now();
  }

  /** Account state for the manifest and control API: flags and counters, never a secret. */
  snapshot(): Record<string, unknown> {
    const p = this.pending;
    return {
      passwordSet: this.passwordHash !== sofiaHash(''),
      questionsSet: this.questionsSet(),
      emailBound: this.email !== '',
      locked: this.locked(),
      lockedUntil: this.lockedUntil,
      loginFailures: this.loginFailures,
      answerFailures: this.answerFailures,
      verifyCode: p ? { attemptsLeft: p.attemptsLeft, expiresAt: p.expiresAt } : null,
      bootTime: this.bootTime,
    };
  }

  private setSlots(): PwdResetSlot[] {
    return this.slots.filter((s) => s.index > 0);
  }

  private unlock(): void {
    this.lockedUntil = null;
    this.loginFailures = 0;
  }

  private cancelPending(): void {
    if (this.pending) this.ctx.desk.cancel(this.pending.payload);
    this.pending = null;
  }
}

function empty(): PwdResetSlot {
  return { index: 0, answerHash: '' };
}
