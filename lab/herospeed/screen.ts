/**
 * A Herospeed recorder's own monitor during password recovery: login, "Forgot password", the QR
 * the phone app scans, and the security-code entry. The QR's code is registered with the vendor
 * desk; only redeeming the payload there (as the app does) mails it to the bound address.
 */
import type { ScreenActResult, VendorDeskPort } from '../families/types';
import { labPasswordTooWeak } from '../onvif/user-ops';
import {
  assumedHerospeedCode,
  assumedHerospeedCodeAttempts,
  assumedHerospeedCodeValidityMs,
  assumedHerospeedQrPayload,
} from './assumptions';

export type HerospeedScreenMode = 'login' | 'forgot' | 'qr' | 'securityCode';
export const SCREEN_ACTIONS = [
  'openForgot',
  'showQr',
  'enterCode',
  'submitCode',
  'cancel',
] as const;
export type ScreenAction = (typeof SCREEN_ACTIONS)[number];

/** What the monitor shows; never the code. */
export interface HerospeedScreenView {
  mode: HerospeedScreenMode;
  serial: string;
  qrPayload?: string;
  expiresAt?: string;
  attemptsLeft?: number;
  /** The last message the recorder showed (wrong code, success). */
  notice?: string;
}

/** The account operations the screen needs from the device. */
export interface HerospeedAccount {
  readonly activated: boolean;
  readonly recoveryEmail: string | null;
  setAdminPassword(password: string): void;
}

type Pending = { payload: string; code: string; expiresAt: number; attemptsLeft: number };

export class HerospeedScreen {
  private mode: HerospeedScreenMode = 'login';
  private pending: Pending | null = null;
  private notice: string | undefined;

  constructor(
    private readonly device: { id: string; serial: string },
    private readonly account: HerospeedAccount,
    private readonly desk: VendorDeskPort,
    private readonly now: () => number,
  ) {}

  view(): HerospeedScreenView {
    const v: HerospeedScreenView = { mode: this.mode, serial: this.device.serial };
    if (this.pending && (this.mode === 'qr' || this.mode === 'securityCode')) {
      v.qrPayload = this.pending.payload;
      v.expiresAt = new Date(this.pending.expiresAt).toISOString();
      v.attemptsLeft = this.pending.attemptsLeft;
    }
    if (this.notice !== undefined) v.notice = this.notice;
    return v;
  }

  /** A reboot: back to the login screen, and the QR in progress is void. */
  reset(): void {
    this.drop();
    this.mode = 'login';
    this.notice = undefined;
  }

  act(action: ScreenAction, input: { code?: string; newPassword?: string }): ScreenActResult {
    const refuse = (message: string): ScreenActResult => ({
      ok: false,
      status: 409,
      error: 'wrong_screen',
      message,
    });
    this.notice = undefined;
    switch (action) {
      case 'cancel':
        this.reset();
        break;
      case 'openForgot':
        if (this.mode !== 'login') return refuse('"Forgot password" is on the login screen');
        if (!this.account.activated) return refuse('the recorder is not activated yet');
        this.mode = 'forgot';
        break;
      case 'showQr':
        if (this.mode !== 'forgot')
          return refuse('the QR is shown from the "Forgot password" screen');
        this.showQr();
        break;
      case 'enterCode':
        if (this.mode !== 'qr') return refuse('the code is entered after the QR was shown');
        if (this.expired()) return refuse('the QR expired; show a new one');
        this.mode = 'securityCode';
        break;
      case 'submitCode':
        if (this.mode !== 'securityCode') return refuse('not on the security code screen');
        return this.submit(input.code ?? '', input.newPassword ?? '');
    }
    return { ok: true, view: { ...this.view() } };
  }

  private showQr(): void {
    this.drop();
    const payload = assumedHerospeedQrPayload(this.device.serial);
    const pending: Pending = {
      payload,
      code: assumedHerospeedCode(),
      expiresAt: this.now() + assumedHerospeedCodeValidityMs(),
      attemptsLeft: assumedHerospeedCodeAttempts(),
    };
    this.desk.expectRedemption({
      family: 'herospeed',
      deviceId: this.device.id,
      serial: this.device.serial,
      payload,
      code: pending.code,
      email: this.account.recoveryEmail,
      expiresAt: pending.expiresAt,
    });
    this.pending = pending;
    this.mode = 'qr';
  }

  private submit(code: string, newPassword: string): ScreenActResult {
    const p = this.pending;
    if (!p || this.expired()) {
      this.reset();
      return { ok: false, status: 409, error: 'expired', message: 'the code expired' };
    }
    if (labPasswordTooWeak('admin', newPassword))
      return {
        ok: false,
        status: 400,
        error: 'weak_password',
        message: 'the new password is too weak',
      };
    if (code !== p.code) {
      p.attemptsLeft--;
      if (p.attemptsLeft <= 0) {
        this.reset();
        this.notice = 'Too many wrong codes. Show a new QR code.';
      } else this.notice = 'Wrong security code.';
      return { ok: true, view: { ...this.view() } };
    }
    this.account.setAdminPassword(newPassword);
    this.reset();
    this.notice = 'Password changed.';
    return { ok: true, view: { ...this.view() } };
  }

  private expired(): boolean {
    return this.pending !== null && this.now() > this.pending.expiresAt;
  }

  /** The payload in progress is void: tell the desk so a later scan is refused. */
  private drop(): void {
    if (this.pending) this.desk.cancel(this.pending.payload);
    this.pending = null;
  }
}
