/**
 * Everything the lab does that xiongmai.md marks [I] or [U], one named function each, so a real
 * capture can replace any of them without hunting through the runtime (xiongmai.md "Assumption
 * rule"). Nothing here derives a reset code from device data: codes are random per request.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { RET } from './constants';

const MINUTE = 60_000;

/** [U] §4/oem-map §5: the 205 threshold is not public. Five, like most NVR firmware. */
export function assumedLoginLockThreshold(): number {
  return 5;
}

/** [U] How long a 205 lock lasts when nobody reboots the device. */
export function assumedLoginLockMs(): number {
  return 30 * MINUTE;
}

/** [U] A reboot clears the login lock and the failure count (kept in RAM on XM firmware). */
export function assumedRebootClearsLoginLock(): boolean {
  return true;
}

/**
 * [I] Which reply the failed login that reaches the threshold gets: 205 at once, so a client
 * learns of the lock from the attempt that caused it (earlier failures get 203).
 */
export function assumedFailedLoginRet(failuresSoFar: number, threshold: number): number {
  return failuresSoFar >= threshold ? RET.userLocked : RET.wrongPassword;
}

/** [I] An unknown user name: a real XM530 answered 205, not 204 (KostasEreksonas 1001 fixture). */
export function assumedUnknownUserRet(): number {
  return RET.userLocked;
}

/** [I] Ret for a logged-in-only command on a connection without a session (105 vs 202). */
export function assumedNotLoggedInRet(): number {
  return RET.notLoggedIn;
}

/** [I] Ret for a message id the lab does not implement. */
export function assumedUnknownMessageRet(): number {
  return RET.illegalCommand;
}

/** [I] Session id text: 8 lower-case hex digits, as the XM530 writes it (`0x0000000b`). */
export function assumedSessionIdText(session: number): string {
  return `0x${session.toString(16).padStart(8, '0')}`;
}

/** [I] Login-reply facts by kind, from the two captured replies (XM530 IPC, an HVR). */
export function assumedLoginFacts(kind: 'camera' | 'recorder'): {
  deviceType: string;
  channels: number;
  aliveInterval: number;
} {
  return kind === 'camera'
    ? { deviceType: 'IPC', channels: 1, aliveInterval: 30 }
    : { deviceType: 'HVR', channels: 4, aliveInterval: 21 };
}

/** [I] Search `DeviceType` integer: 24 on an ICSee IPC (§6.1); the recorder value is unknown. */
export function assumedSearchDeviceType(kind: 'camera' | 'recorder'): number {
  return kind === 'camera' ? 24 : 0;
}

/** [I] `HostName`: ICSee cameras use camera_ + the last two MAC bytes (§6.1); recorders unknown. */
export function assumedHostName(kind: 'camera' | 'recorder', mac: string): string {
  return kind === 'camera' ? `camera_${mac.split(':').slice(-2).join('')}` : 'LocalHost';
}

/** [U] `OtherFunction`: `D=<device time> V=<hex>`; V changes per reply and its meaning is unknown. */
export function assumedOtherFunction(nowMs: number): string {
  const d = new Date(nowMs).toISOString().replace('T', ' ').slice(0, 19);
  return `D=${d} V=${randomBytes(8).toString('hex').slice(0, 15)}`;
}

/**
 * [I] §6.1/§13: devices broadcast the 1531/1533 reply to port 34569; the lab also answers the
 * sender directly, so a client bound to an ephemeral port hears it too. Duplicates are expected:
 * clients de-duplicate by source address, as go2rtc does.
 */
export function assumedReplyTargets(
  sender: { address: string; port: number },
  broadcast: string,
  searchPort: number,
): { address: string; port: number }[] {
  return [{ address: broadcast, port: searchPort }, sender];
}

/** [I] A failed 1532 password counts toward the login lock: it is a credential attempt. */
export function assumedIpSetCountsAsLoginFailure(): boolean {
  return true;
}

/** [U] §7.5: verify-code tries before 221. */
export function assumedVerifyCodeAttempts(): number {
  return 5;
}

/** [U] §7.5: verify-code validity window. */
export function assumedVerifyCodeValidityMs(): number {
  return 30 * MINUTE;
}

/** [U] The code the XMEye cloud hands out: six random digits, fresh per QR request. */
export function assumedVerifyCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** [I] §7.6: `Text` is opaque base64 of 64 random bytes; only the vendor desk maps it to a code. */
export function assumedVerifyQrText(): string {
  return randomBytes(64).toString('base64');
}

/** [I] §7.6: `code` looks like a 37x37 module bitmap (344 hex chars); the lab sends random bits. */
export function assumedVerifyQrBitmap(): { code: string; size: number } {
  return { code: `0x${randomBytes(172).toString('hex')}`, size: 37 };
}

/** [U] §12.1: `VerifyQRCode` 1 when a contact (e-mail) is bound, 2 when none is (Viettel comment). */
export function assumedVerifyQrAbility(emailBound: boolean): 1 | 2 {
  return emailBound ? 1 : 2;
}

/** [I] Ret for SetNewPassword without a passed answer or code check on this connection. */
export function assumedResetNotAuthorisedRet(): number {
  return RET.illegalRequest;
}

/** [I] Ret for GetSafetyQuestion / CheckSafetyAnswer when no questions are set. */
export function assumedNoQuestionsRet(): number {
  return RET.configMissing;
}

/** [I] A passed check authorises one SetNewPassword on the same connection only. */
export function assumedResetGrantPerConnection(): boolean {
  return true;
}

/** [U] Password policy of SetNewPassword / ModifyPassword: non-empty, at most 63 characters. */
export function assumedNewPasswordAcceptable(password: string): boolean {
  return password.length > 0 && password.length <= 63;
}

/** [I] `General.PwdSafety` reads back answers empty: the stored MD5_8 is never handed out. */
export function assumedPwdSafetyAnswerReadback(): string {
  return '';
}

/** [U] §9: msg 1010 RSA negotiation is not modelled; the lab answers it as unsupported. */
export function assumedXmRsaLoginMsg1010Ret(): number {
  return RET.unsupported;
}
