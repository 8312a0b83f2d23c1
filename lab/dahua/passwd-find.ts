/**
 * The QR + e-mailed security code reset (dahua.md §12a) on /OutsideCmd, unauthenticated:
 * `PasswdFind.getDescript` shows the QR (`desc`) and the masked reserved contact and registers a
 * fresh random code with the vendor desk; `checkAuthCode` and `resetPassword` (encrypted
 * envelope) take the code back. Limits come from `assumedResetLimits`.
 */
import type { DahuaDeviceState } from './device-state';
import type { DahuaEnv } from './env';
import { isAcceptablePassword } from './password-policy';
import {
  assumedCodeFailureParams,
  assumedQrPayload,
  assumedResetLimits,
  assumedSecurityCode,
  maskEmail,
  maskPhone,
} from './reset-limits';
import { RPC_ERROR } from './errors';
import { assumedSdkErrorReply, fail, ok, type RpcReply, type RpcRequest } from './rpc';
import { openSealedParams } from './sealed';

const LIMITS = assumedResetLimits();

/** PasswdFind.getDescript {"name":"admin"}: the QR payload and masked contact. */
export function getDescript(s: DahuaDeviceState, req: RpcRequest, env: DahuaEnv): RpcReply {
  if (!s.initialized) return assumedSdkErrorReply(req, 'notInitializedCannotReset');
  if (req.params?.name !== 'admin') return fail(req, RPC_ERROR.invalidParam);
  if (s.reset && env.now > s.reset.expiresAt) dropReset(s, env);
  if (!s.reset) {
    s.codesIssuedAt = s.codesIssuedAt.filter((t) => env.now - t < LIMITS.codeWindowMs);
    if (s.codesIssuedAt.length >= LIMITS.maxCodesPerWindow)
      return assumedSdkErrorReply(req, 'generateCodeFailed');
    // The QR stays the same while it is on screen (it may be scanned twice); a new one, with a
    // new code, only once the last is gone (reboot, expiry, success).
    s.reset = {
      payload: assumedQrPayload(),
      code: assumedSecurityCode(),
      expiresAt: env.now + LIMITS.codeValidityMs,
    };
    s.codesIssuedAt.push(env.now);
    env.desk.expectRedemption({
      family: 'dahua',
      deviceId: s.device.id,
      serial: s.device.serial,
      payload: s.reset.payload,
      code: s.reset.code,
      email: s.email,
      expiresAt: s.reset.expiresAt,
    });
  }
  return ok(req, {
    contactEmail: maskEmail(s.email),
    contactPhone: maskPhone(s.phone),
    desc: s.reset.payload,
    mode: 2,
  });
}

function dropReset(s: DahuaDeviceState, env: DahuaEnv): void {
  if (s.reset) env.desk.cancel(s.reset.payload);
  s.reset = null;
}

/**
 * Checks a code against the reset in progress, counting a wrong one; null when it is right,
 * else the reply to send.
 */
function verifyCode(
  s: DahuaDeviceState,
  req: RpcRequest,
  code: unknown,
  env: DahuaEnv,
): RpcReply | null {
  if (!s.initialized) return assumedSdkErrorReply(req, 'notInitializedCannotReset');
  const lockMs = s.codeLockedUntil - env.now;
  if (lockMs > 0) {
    const params = assumedCodeFailureParams(0, Math.ceil(lockMs / 1000));
    return assumedSdkErrorReply(req, 'tooManyAuthCodeChecks', params);
  }
  if (s.reset && env.now > s.reset.expiresAt) dropReset(s, env);
  if (!s.reset) return assumedSdkErrorReply(req, 'securityCodeExpired');
  if (typeof code === 'string' && code.trim().toLowerCase() === s.reset.code) return null;
  s.codeFailures++;
  if (s.codeFailures >= LIMITS.maxWrongCodes) {
    s.codeFailures = 0;
    s.codeLockedUntil = env.now + LIMITS.wrongCodeLockMs;
    const params = assumedCodeFailureParams(0, LIMITS.wrongCodeLockMs / 1000);
    return assumedSdkErrorReply(req, 'tooManyAuthCodeChecks', params);
  }
  const params = assumedCodeFailureParams(LIMITS.maxWrongCodes - s.codeFailures, 0);
  return assumedSdkErrorReply(req, 'securityCodeWrong', params);
}

/** PasswdFind.checkAuthCode, envelope `{"authCode":"<code>"}`; success is `params.result` (S13). */
export async function checkAuthCode(
  s: DahuaDeviceState,
  req: RpcRequest,
  env: DahuaEnv,
): Promise<RpcReply> {
  const payload = await openSealedParams(s, req);
  if (!payload) return fail(req, RPC_ERROR.invalidParam);
  const refused = verifyCode(s, req, payload.authCode, env);
  return refused ?? ok(req, { result: true });
}

/** PasswdFind.resetPassword, envelope `{"user":"admin","auth":"<code>","pwd":"<new>"}`. */
export async function resetPassword(
  s: DahuaDeviceState,
  req: RpcRequest,
  env: DahuaEnv,
): Promise<RpcReply> {
  const payload = await openSealedParams(s, req);
  if (!payload || payload.user !== 'admin') return fail(req, RPC_ERROR.invalidParam);
  const refused = verifyCode(s, req, payload.auth, env);
  if (refused) return refused;
  // A weak password leaves the code usable: the person only has to pick a better one.
  if (!isAcceptablePassword(payload.pwd)) return assumedSdkErrorReply(req, 'passwordNotStrong');
  s.setPassword(payload.pwd);
  dropReset(s, env);
  s.codesIssuedAt = [];
  s.codeFailures = 0;
  return ok(req, { result: true });
}
