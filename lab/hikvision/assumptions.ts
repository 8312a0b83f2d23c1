/**
 * Every wire format the public record leaves open (hikvision.md marks them [I] or [U]) lives here,
 * one named function or constant each, so a real capture replaces exactly one thing. Nothing in
 * this file derives a code from device identity: codes are random per request (DESIGN.md).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { decodeSadpPassword } from './crypto';
import { esc } from './xml';

/** How long a verification code or support code stays valid: 48 h (§18, §21). */
export const CODE_VALIDITY_MS = 48 * 3600_000;
/** [U] Wrong e-mail verification codes a device takes before it voids the code. */
export const ASSUMED_EMAIL_CODE_ATTEMPTS = 5;
/** [I] How long an ISAPI challenge or SADP exchangecode key waits for the activate call. */
export const ASSUMED_EXCHANGE_TTL_MS = 60_000;

/** [I] The realm's id: captures show `IP Camera(C2183)`, five characters like a serial's tail. */
export function assumedDigestRealm(serial: string): string {
  return `IP Camera(${serial.slice(-5).toUpperCase()})`;
}

/**
 * [U] §7: the encoding of `<Password>` in SADP verbs other than `activate` and `update` (reset,
 * GUIDReset, AnswerReset, MailReset, ExportGUID, SetMailBox, setsecurityquestion). Assumed to be
 * the activate scheme under the key of the latest `exchangecode`, as the doc finds most likely.
 */
export function assumedSadpResetPasswordEncoding(
  field: string,
  exchangeKey: string | null,
): string | null {
  return exchangeKey === null ? null : decodeSadpPassword(field, exchangeKey);
}

/** [U] SADP answers and GUIDs travel as plain text inside the Probe. */
export function assumedSadpPlainField(field: string | undefined): string | undefined {
  return field?.trim();
}

/** [U] MailReset's template has no code element; the verification code is assumed in `<Code>`. */
export function assumedSadpMailResetCode(
  probe: Record<string, string | undefined>,
): string | undefined {
  return probe.Code;
}

/**
 * [U] The e-mailed verification code's length: no public source states it (§18; §20's 6-12 is the
 * Hik-Connect device code). The lab sends 8 upper-case alphanumerics, the GUI's "XXXXXXXX" hint.
 */
export const ASSUMED_EMAIL_CODE_LENGTH = 8;

function randomCode(length: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** A fresh verification code as the e-mail carries it. */
export function randomVerificationCode(): string {
  return randomCode(ASSUMED_EMAIL_CODE_LENGTH);
}

/** [U] What the reset QR encodes: the serial and a random nonce, nothing a code can be derived from. */
export function assumedQrPayload(serial: string): string {
  return `HIKRESET1:${serial}:${randomBytes(16).toString('hex').toUpperCase()}`;
}

/** [U] §18: the `email/qrCode?format=json` body; modelled on EZVIZ `{"EZVIZQRCode":{"QRCode"}}`. */
export function assumedQrCodeResponse(payload: string, expiresAt: number): string {
  return JSON.stringify({
    SecurityQRCode: { QRCode: payload, expireTime: new Date(expiresAt).toISOString() },
  });
}

/**
 * [U] §18: the reply to `email/qrCode` on a device with no reserved e-mail. Manuals say the e-mail
 * must be reserved first; the refusal itself is not public. ResponseStatus 4 `invalidOperation`
 * with HTTP 403 is how ISAPI refuses an operation the current state forbids (§9).
 */
export function assumedQrWithoutEmailRefusal(): { http: number; statusCode: number; sub: string } {
  return { http: 403, statusCode: 4, sub: 'invalidOperation' };
}

/**
 * [I] §14: `PUT /ISAPI/Security/users/<id>` carries the caller's current password as
 * `<loginPassword>` in the `<User>` body (newer firmware with isSupportUserCheck wants it; the
 * web UI sends it as a query parameter on DELETE, its place on PUT is not public). Both it and
 * the new `<password>` are security=1 fields when the request says so.
 */
export function assumedUserLoginPasswordElement(): 'loginPassword' {
  return 'loginPassword';
}

/** [U] §18: the `emailCertification` body, assumed `{verificationCode, password}` (wrapped or not). */
export function assumedEmailCertificationRequest(
  body: unknown,
): { code: string; password: string } | null {
  if (typeof body !== 'object' || body === null) return null;
  const o = body as Record<string, unknown>;
  const inner = (o.EmailCertification ?? o) as Record<string, unknown>;
  const code = inner.verificationCode;
  const password = inner.password;
  return typeof code === 'string' && typeof password === 'string' ? { code, password } : null;
}

/** [U] A refused code: the ResponseStatus JSON with the remaining tries as `retryTimes` (§16 shape 2). */
export function assumedEmailCertificationRefusal(retryTimes: number): {
  sub: string;
  extra: Record<string, number>;
} {
  return { sub: 'badVerificationCode', extra: { retryTimes } };
}

/**
 * [U] §4.1: a `getcode` safe code is base64 of `03 00 00 00`, the ASCII code and a 4-byte
 * checksum; the checksum is not public, so the lab uses the byte sum, little-endian.
 */
export function assumedSafeCodeBlob(): string {
  const ascii = Buffer.from(randomBytes(12).toString('hex').toUpperCase(), 'latin1');
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(ascii.reduce((a, b) => a + b, 0));
  return Buffer.concat([Buffer.from([3, 0, 0, 0]), ascii, sum]).toString('base64');
}

/** §21 [C]: the key vendor support hands out for a SADP export is 8 characters. */
export const SUPPORT_KEY_LENGTH = 8;

/** A support unlock key of SUPPORT_KEY_LENGTH characters, random per request. */
export function randomSupportKey(): string {
  return randomCode(SUPPORT_KEY_LENGTH);
}

/** [U] The GUID an export hands out: 32 random upper-case hex characters. */
export function assumedNewGuid(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** [U] §19: the exported GUID file's content; the vendor's file is opaque, this is XML. */
export function assumedGuidFile(guid: string, serial: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><GUIDFile><serialNumber>${esc(serial)}</serialNumber><GUID>${guid}</GUID></GUIDFile>`;
}

/** [U] The 15 predefined question texts (the count is public, the wording here is the lab's). */
export const ASSUMED_QUESTIONS: readonly string[] = [
  "Your father's name?",
  "Your mother's name?",
  'Your senior class teacher?',
  'Your junior class teacher?',
  'Your primary class teacher?',
  'Your first pet?',
  'Your favourite sport?',
  'Your favourite food?',
  'Your favourite film?',
  'Your favourite song?',
  'Your first school?',
  'City you were born in?',
  'Your best friend?',
  'Your first car?',
  'Your favourite book?',
];

/** [U] The `GetQRcodes` reply element carrying the QR text. */
export function assumedSadpQrReply(payload: string): string {
  return `<QRCode>${esc(payload)}</QRCode>`;
}

/** [U] The `ExportGUID` reply element carrying the GUID. */
export function assumedSadpGuidReply(guid: string): string {
  return `<GUID>${esc(guid)}</GUID>`;
}

/** [U] `getsecurityquestion` reply: the configured ids with `mark`, in the command template's case. */
export function assumedSadpQuestionListReply(ids: readonly number[]): string {
  const items = ids.map((id) => `<Question><ID>${id}</ID><mark>true</mark></Question>`).join('');
  return `<QuestionList>${items}</QuestionList>`;
}
