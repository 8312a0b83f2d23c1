/**
 * The vendor desk in-process: it plays the vendor cloud and support. A device registers the
 * random code it will accept for a reset payload; redeeming the payload (what the vendor's phone
 * app does with a scanned QR, or support with a code) mails that code to the bound address. The
 * desk never derives a code: an unregistered payload gets nothing.
 */
import type { Family } from '../../electron/shared/dto';
import type { VendorDeskPort } from '../families/types';
import type { Mailbox } from './mailbox';

type Registration = Parameters<VendorDeskPort['expectRedemption']>[0];

export type RedeemResult =
  | { ok: true; to: string }
  | {
      ok: false;
      status: 404 | 409 | 410;
      error: 'unknown_payload' | 'expired' | 'cancelled' | 'no_email';
      message: string;
    };

/** Who the mail comes from, per family (lab-only addresses under the reserved .test TLD). */
export const DESK_SENDERS: Record<Family, { from: string; service: string }> = {
  hikvision: { from: 'no-reply@hik-connect.lab.test', service: 'Hik-Connect' },
  dahua: { from: 'support_gpwd@dahua.lab.test', service: 'Dahua password reset' },
  xiongmai: { from: 'no-reply@xmeye.lab.test', service: 'XMEye' },
  herospeed: { from: 'no-reply@bitvision.lab.test', service: 'BitVision' },
  onvif: { from: 'no-reply@vendor.lab.test', service: 'Vendor support' },
};

/** Payloads remembered as cancelled, so a late scan gets "cancelled" rather than "unknown". */
const MAX_TOMBSTONES = 10_000;
const MAX_REGISTRATIONS = 100_000;

export class VendorDesk implements VendorDeskPort {
  private readonly live = new Map<string, Registration>();
  private readonly cancelled = new Set<string>();

  constructor(
    private readonly mailbox: Mailbox,
    private readonly now: () => number = Date.now,
  ) {}

  expectRedemption(r: Registration): void {
    this.cancelled.delete(r.payload);
    if (this.live.size >= MAX_REGISTRATIONS) this.live.delete(this.live.keys().next().value!);
    this.live.set(r.payload, { ...r });
  }

  cancel(payload: string): void {
    if (!this.live.delete(payload)) return;
    this.cancelled.add(payload);
    if (this.cancelled.size > MAX_TOMBSTONES)
      this.cancelled.delete(this.cancelled.values().next().value!);
  }

  /** What the vendor does with a scanned payload; delivers the code on success. */
  redeem(payload: string): RedeemResult {
    const r = this.live.get(payload);
    if (!r) {
      return this.cancelled.has(payload)
        ? { ok: false, status: 410, error: 'cancelled', message: 'the device withdrew this code' }
        : {
            ok: false,
            status: 404,
            error: 'unknown_payload',
            message: 'no device registered this payload',
          };
    }
    const now = this.now();
    if (now > r.expiresAt)
      return { ok: false, status: 410, error: 'expired', message: 'this payload has expired' };
    if (r.email === null)
      return {
        ok: false,
        status: 409,
        error: 'no_email',
        message: 'no recovery e-mail is bound to this device, so the code cannot be sent',
      };
    const sender = DESK_SENDERS[r.family];
    this.mailbox.deliver({
      from: sender.from,
      to: r.email,
      subject: `${sender.service}: verification code for device ${r.serial}`,
      body:
        `Your verification code for device ${r.serial} is ${r.code}.\n` +
        `It is valid until ${new Date(r.expiresAt).toISOString()}.\n` +
        'If you did not ask for a password reset, ignore this message.',
      at: new Date(now).toISOString(),
    });
    return { ok: true, to: r.email };
  }
}
