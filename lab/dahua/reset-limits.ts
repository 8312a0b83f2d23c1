/**
 * The limits of the QR + e-mailed security code path (dahua.md §12a, from Dahua manuals and
 * Amcrest support; figures vary by firmware) and the reset payload and code formats, which are
 * not public. Each is one named assumption so a capture can replace it.
 */
import { randomBytes } from 'node:crypto';

/**
 * ASSUMPTION ([C] figures, [I] how they combine): a code is valid 24 h; at most two codes are
 * handed out per 24 h without a successful reset (the third acquisition is refused); five wrong
 * codes lock checking for 5 minutes.
 */
export function assumedResetLimits() {
  return {
    codeValidityMs: 24 * 3600_000,
    maxCodesPerWindow: 2,
    codeWindowMs: 24 * 3600_000,
    maxWrongCodes: 5,
    wrongCodeLockMs: 5 * 60_000,
  } as const;
}

/**
 * ASSUMPTION (dahua.md §12a [U]: the QR decodes to "a string of numbers and letters", no public
 * decoding): 96 random upper-case hex characters. Random per request; nothing derives from the
 * serial or MAC.
 */
export function assumedQrPayload(): string {
  return randomBytes(48).toString('hex').toUpperCase();
}

/**
 * ASSUMPTION (S13 treats the auth code as 8 lower-case hex characters; the lab never reproduces
 * the vendor derivation): 8 random lower-case hex characters per request.
 */
export function assumedSecurityCode(): string {
  return randomBytes(4).toString('hex');
}

/**
 * ASSUMPTION (the failure reply's fields are not public): tries left and lock seconds, named like
 * the login reply's remainLoginTimes / remainLockSecond.
 */
export function assumedCodeFailureParams(remainTimes: number, remainLockSecond: number) {
  return { remainTimes, remainLockSecond };
}

/** How the reserved contact is shown before a reset: `s***@example.com`, `138****21`. */
export function maskEmail(email: string | null): string {
  if (!email) return '';
  const at = email.indexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
}

export function maskPhone(phone: string | null): string {
  if (!phone) return '';
  return phone.length <= 5 ? '***' : `${phone.slice(0, 3)}****${phone.slice(-2)}`;
}
