/**
 * Wire formats the driver needs that hikvision.md marks [I] or [U] (or leaves to the lab's
 * choices in lab/hikvision/assumptions.ts). One function each, named as an assumption, so a real
 * capture replaces exactly one thing. Nothing here derives a code or a password.
 */
import { badReply, child, children, int, isNode, text } from '../onvif/xml';
import type { IsapiStatus } from './status';

/**
 * §11 step 3: the decrypted challenge is ASCII hex; QB60 takes its last 32 characters [C], DOZOR
 * also accepts 48/64 [S]. Taking the last 32 is the assumption.
 */
export function assumedIsapiChallengeRandom(decrypted: Buffer): string {
  const r = decrypted.toString('latin1').trim().slice(-32);
  if (!/^[0-9a-fA-F]{32}$/.test(r)) throw badReply('challenge random is not 32 hex characters');
  return r;
}

/** §5 step 4 [U]: the AES key is the first 16 raw bytes of the exchangecode random R. */
export function assumedSadpExchangeKey(r: Buffer): Buffer {
  if (r.length < 16) throw badReply('exchangecode random shorter than 16 bytes');
  return Buffer.from(r.subarray(0, 16));
}

/**
 * §7 [U]: `<Password>` of the reset verbs (reset, AnswerReset, GUIDReset, MailReset) is encrypted
 * as `activate` does, under the key of the latest `exchangecode`: the doc's "likely", the lab's choice.
 */
export function assumedSadpResetPasswordEncoding(
  exchangeKey: Buffer,
  password: string,
  activateStyle: (key: Buffer, password: string) => string,
): string {
  return activateStyle(exchangeKey, password);
}

/** §7 [U]: SADP answers and GUIDs travel as plain text inside the Probe. */
export function assumedSadpPlainField(value: string): string {
  return value;
}

/** [U] MailReset's template has no code element; the verification code goes in `<Code>`. */
export function assumedSadpMailResetCodeElement(): 'Code' {
  return 'Code';
}

/** §4.1: `success` / `failed` are [C]; that `denied` means locked (or refused outright) is [I]. */
export function assumedSadpResult(result: string | null): 'ok' | 'rejected' | 'locked' {
  const r = (result ?? '').trim().toLowerCase();
  if (r === 'success') return 'ok';
  return r === 'denied' ? 'locked' : 'rejected';
}

/** [U] The `GetQRcodes` reply carries the QR text in `<QRCode>`. */
export function assumedSadpQrPayload(reply: unknown): string | null {
  return text(child(reply, 'QRCode')) || null;
}

/** [U] `getsecurityquestion` lists `<QuestionList><Question><ID>` with `<mark>true`. */
export function assumedSadpQuestionIds(reply: unknown): number[] {
  return children(child(reply, 'QuestionList'), 'Question')
    .filter((q) => text(child(q, 'mark')) !== 'false')
    .map((q) => int(child(q, 'ID')) ?? int(child(q, 'id')))
    .filter((id): id is number => id !== null);
}

/** The GUID (key) file's name, as the web UI saves it. The device names none. */
export function assumedKeyFileName(serial: string): string {
  return `${serial.replace(/[^A-Za-z0-9._-]/g, '_')}.GUID`;
}

/** §19 [U]: the export verb (the web UI downloads through its plugin); POST carries the body. */
export function assumedGuidExportMethod(): 'POST' {
  return 'POST';
}

/**
 * §19 [U]: what in the key file `GUIDReset` wants. The vendor file is opaque; an XML file's
 * `<GUID>` element, or a file that is only the GUID, is what the lab hands out.
 */
export function assumedGuidFromKeyFile(data: Uint8Array): string | null {
  const s = Buffer.from(data).toString('utf8').trim();
  const tagged = /<GUID>\s*([^<\s]{8,128})\s*<\/GUID>/i.exec(s)?.[1];
  if (tagged) return tagged;
  return /^[0-9A-Za-z-]{8,128}$/.test(s) ? s : null;
}

/** §18 [U]: the reserved e-mail's `password` is `security=1`-encrypted like other secret fields. */
export function assumedEmailPasswordEncrypted(): boolean {
  return true;
}

/**
 * §14 [I]: newer firmware (isSupportUserCheck) wants the caller's current password with a user
 * change; the web UI sends `loginPassword` as a query parameter on DELETE, its place on PUT is not
 * public. It goes in the `<User>` body under that name, where older firmware ignores it.
 */
export function assumedUserLoginPasswordElement(): 'loginPassword' {
  return 'loginPassword';
}

/** What the device handed out for the QR path. */
export interface QrHandout {
  payload: string;
  expiresAt: Date | null;
  /** Masked address, when the device tells. */
  sentTo: string | null;
}

/**
 * §18 [U]: the `email/qrCode?format=json` reply, `{"SecurityQRCode":{"QRCode","expireTime"}}`
 * per the lab, modelled on EZVIZ `{"EZVIZQRCode":{"QRCode"}}`; an `emailAddress` is read if sent.
 */
export function assumedQrCodeReply(body: string): QrHandout {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    throw badReply('qrCode reply is not JSON');
  }
  const o = isNode(v) ? v : {};
  const inner = [o.SecurityQRCode, o.QRCode, o].find(isNode) ?? {};
  const str = (k: string) => (typeof inner[k] === 'string' ? inner[k] : null);
  const payload = str('QRCode');
  if (!payload) throw badReply('qrCode reply without QRCode');
  const expire = str('expireTime');
  const when = expire === null ? NaN : Date.parse(expire);
  return {
    payload,
    expiresAt: Number.isNaN(when) ? null : new Date(when),
    sentTo: str('emailAddress') ?? str('maskedEmail'),
  };
}

/**
 * §18 [U]: how a device refuses `email/qrCode` when no recovery e-mail is reserved. Vendor manuals
 * say the reserved e-mail must be set first; the reply is not public. The lab answers ResponseStatus
 * 4 `invalidOperation` (HTTP 403), the status ISAPI uses for an operation the current state forbids;
 * `notSupport` is taken the same way, since a device that has the feature but no address would
 * plausibly say it.
 */
export function assumedQrRefusalMeansNoEmail(status: IsapiStatus): boolean {
  return (
    status.statusCode === 4 &&
    (status.subStatusCode === 'invalidOperation' || status.subStatusCode === 'notSupport')
  );
}

/** [U] A `GetQRcodes` that fails without a QR is taken as "no reserved e-mail", its only known cause. */
export function assumedSadpQrRefusalMeansNoEmail(
  result: string | null,
  payload: string | null,
): boolean {
  return payload === null && assumedSadpResult(result) !== 'ok';
}

/** §18 [U]: the `emailCertification` body: the e-mailed code and the new password. */
export function assumedEmailCertificationBody(code: string, newPassword: string): string {
  return JSON.stringify({ EmailCertification: { verificationCode: code, password: newPassword } });
}

/** How the device judged one `emailCertification` attempt. */
export type CodeVerdict =
  | { kind: 'ok' }
  | { kind: 'wrong'; attemptsLeft: number | null }
  /** No code pending: expired, voided by 5 wrong tries, a reboot or a new QR. Not counted. */
  | { kind: 'expired' }
  /** Refused before the code was checked (malformed code, weak password). Not counted. */
  | { kind: 'refused'; subStatus: string };

/**
 * §18 [U]: reading the reply. `badVerificationCode` with `retryTimes` (the lab's shape 2 reading
 * of §16) is a wrong code; `invalidOperation` means no code is pending.
 */
export function assumedEmailCertificationVerdict(
  httpStatus: number,
  status: IsapiStatus | null,
): CodeVerdict {
  if (httpStatus === 200 && (status === null || status.statusCode === 1)) return { kind: 'ok' };
  const sub = status?.subStatusCode ?? `HTTP ${httpStatus}`;
  if (sub === 'invalidOperation') return { kind: 'expired' };
  if (/verification|code/i.test(sub)) {
    return { kind: 'wrong', attemptsLeft: status?.lock?.remainingAttempts ?? null };
  }
  return { kind: 'refused', subStatus: sub };
}

/**
 * [I] An anonymous GET of a protected resource answers 401 without spending a try; its body may
 * carry the lock fields (the lab sends them, §16 shape 2). userCheck is the cheapest such resource.
 */
export function assumedLockProbePath(): string {
  return '/ISAPI/Security/userCheck';
}
