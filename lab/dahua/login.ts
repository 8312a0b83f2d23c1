/**
 * `global.login` on /RPC2_Login (dahua.md §8): step 1 hands out a challenge (realm
 * `Login to <serial>`, a random decimal, `encryption: "Default"`) under a new session; step 2
 * answers it with UPPER(MD5(user:random:UPPER(MD5(user:realm:password)))). Failures count toward
 * the lockout and say how many tries are left. The CVE-2021-33044/33045 bypass shapes are refused
 * whatever password they carry.
 */
import { createHash } from 'node:crypto';
import type { DahuaDeviceState } from './device-state';
import { DEFAULT_LOCK_AFTER_FAILURES, LOGIN_LOCK_MS } from './device-state';
import { RPC_ERROR } from './errors';
import { fail, ok, type RpcReply, type RpcRequest } from './rpc';

/** Seconds a client is told to keep the session alive within (S1, S3, S17). */
export const KEEP_ALIVE_INTERVAL = 60;

export interface LoginEnv {
  now: number;
  /** Failed logins before the lock; null keeps the family default (5). */
  lockAfterFailures: number | null;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();

/** The `Default` step-2 password for a known password (the documented hash). */
export function defaultLoginHash(
  user: string,
  password: string,
  realm: string,
  random: string,
): string {
  return md5(`${user}:${random}:${md5(`${user}:${realm}:${password}`)}`);
}

/**
 * The login shapes behind CVE-2021-33044 (clientType NetKeyboard) and CVE-2021-33045 (clientType
 * Local, loginType Loopback, ipAddr 127.0.0.1), per dahua.md §17. Vulnerable firmware logged
 * these in without checking the password; patched firmware does not.
 */
export function isBypassShape(params: Record<string, unknown>): boolean {
  return (
    params.clientType === 'NetKeyboard' ||
    params.clientType === 'Local' ||
    params.loginType === 'Loopback' ||
    params.ipAddr === '127.0.0.1'
  );
}

function challengeReply(s: DahuaDeviceState, req: RpcRequest, now: number): RpcReply {
  const { session, random } = s.newChallenge(now);
  return fail(
    req,
    RPC_ERROR.loginChallenge,
    {
      // 40 hex, per device and stable (S1: "unique for each device but not random").
      authorization: createHash('sha1').update(s.device.serial).digest('hex'),
      encryption: 'Default',
      mac: s.device.mac.replaceAll(':', '').toUpperCase(),
      random,
      realm: s.realm,
    },
    session,
  );
}

/** Counts one failed login and answers as the firmware does: tries left, or the lock. */
function failedLogin(s: DahuaDeviceState, req: RpcRequest, env: LoginEnv): RpcReply {
  const limit = Math.max(1, env.lockAfterFailures ?? DEFAULT_LOCK_AFTER_FAILURES);
  s.loginFailures++;
  if (s.loginFailures >= limit) {
    s.loginFailures = 0;
    s.lockedUntil = env.now + LOGIN_LOCK_MS;
    return lockedReply(s, req, env.now);
  }
  const params = { remainLockSecond: 0, remainLoginTimes: limit - s.loginFailures };
  return fail(req, RPC_ERROR.userOrPasswordNotValid, params);
}

function lockedReply(s: DahuaDeviceState, req: RpcRequest, now: number): RpcReply {
  const remainLockSecond = Math.ceil(s.lockRemainingMs(now) / 1000);
  return fail(req, RPC_ERROR.userLocked, { remainLockSecond, remainLoginTimes: 0 });
}

/**
 * ASSUMPTION (dahua.md §17 gives the shapes, not a patched device's answer): a patched device
 * treats a bypass shape as an ordinary login whose password does not verify, so it answers
 * "User or password not valid" and the try counts toward the lockout.
 */
function assumedPatchedBypassReply(s: DahuaDeviceState, req: RpcRequest, env: LoginEnv): RpcReply {
  if (s.lockRemainingMs(env.now) > 0) return lockedReply(s, req, env.now);
  return failedLogin(s, req, env);
}

/** Answers one global.login request (either step). */
export function handleLogin(s: DahuaDeviceState, req: RpcRequest, env: LoginEnv): RpcReply {
  const p = req.params ?? {};
  if (isBypassShape(p)) return assumedPatchedBypassReply(s, req, env);
  const user = typeof p.userName === 'string' ? p.userName : '';
  const password = typeof p.password === 'string' ? p.password : '';
  if (password === '') return challengeReply(s, req, env.now);
  const challenge = s.takeChallenge(req.session, env.now);
  if (!challenge) return fail(req, RPC_ERROR.invalidSession);
  if (!s.initialized || s.password === null) return fail(req, RPC_ERROR.notInitialized);
  if (s.lockRemainingMs(env.now) > 0) return lockedReply(s, req, env.now);
  const known = user === 'admin';
  const defaultHash =
    (p.authorityType ?? 'Default') === 'Default' && (p.passwordType ?? 'Default') === 'Default';
  const expected = defaultLoginHash(user, s.password, s.realm, challenge.random);
  if (!known || !defaultHash || password.toUpperCase() !== expected)
    return failedLogin(s, req, env);
  s.loginFailures = 0;
  const session = String(req.session);
  s.openSession(session, user, env.now);
  return ok(req, { keepAliveInterval: KEEP_ALIVE_INTERVAL }, session);
}
