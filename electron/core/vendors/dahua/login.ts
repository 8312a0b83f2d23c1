/**
 * The two-step `global.login` of /RPC2_Login (dahua.md §8): reading the challenge, hashing the
 * password the way `encryption: Default` asks, and turning the device's answer into a typed
 * result the lockout guard reads (tries left, lock time). Pure: no I/O here.
 */
import { createHash } from 'node:crypto';
import { DAHUA_ERROR, paramInt, paramText, type DahuaSession, type RpcReply } from './rpc-codec';

/**
 * What step 1 hands out. `realm` is `Login to <serial>`; `random` is single-use; `session` must
 * go back with step 2.
 */
export interface DahuaChallenge {
  realm: string;
  random: string;
  encryption: string;
  /** From the realm (`Login to 4H01D66PAJ2FA64`), when it has that shape. */
  serial: string | null;
  /** `aa:bb:cc:dd:ee:ff`, from `params.mac` (upper hex without colons on the wire). */
  mac: string | null;
  session: DahuaSession | null;
}

// Fixed and harmless on purpose: the CVE-2021-33044/33045 bypasses are other clientType and
// loginType values (NetKeyboard, Local, Loopback), which nothing here can send.
const CLIENT_TYPE = 'Web3.0';
const LOGIN_TYPE = 'Direct';

/** Step 1: asks for the challenge. No password travels, so no login try is spent. */
export function loginStep1Params(username: string): Record<string, unknown> {
  return { userName: username, password: '', clientType: CLIENT_TYPE, loginType: LOGIN_TYPE };
}

/** Step 2 for `encryption: Default`: the hash goes where the password would. */
export function loginStep2Params(username: string, hash: string): Record<string, unknown> {
  return {
    userName: username,
    password: hash,
    clientType: CLIENT_TYPE,
    loginType: LOGIN_TYPE,
    authorityType: 'Default',
    passwordType: 'Default',
  };
}

function md5Upper(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
}

/**
 * The `Default` login hash [C] (S3, S4, S1, S7; test vector in dahua.md §8):
 * HA1 = MD5(user:realm:password), then MD5(user:random:HA1), both upper-case hex.
 */
export function dahuaDefaultHash(input: {
  username: string;
  password: string;
  realm: string;
  random: string;
}): string {
  const ha1 = md5Upper(`${input.username}:${input.realm}:${input.password}`);
  return md5Upper(`${input.username}:${input.random}:${ha1}`);
}

/** `Login to <serial>` -> the serial; null for any other realm. */
export function serialFromRealm(realm: string): string | null {
  return /^Login to ([0-9A-Za-z][0-9A-Za-z._-]{0,63})$/.exec(realm.trim())?.[1] ?? null;
}

/** Upper hex without colons (as login sends it) or any usual spelling -> colon lower-case. */
export function normalizeLoginMac(value: string | null): string | null {
  const hex = value?.replace(/[:\-.\s]/g, '').toLowerCase() ?? '';
  return /^[0-9a-f]{12}$/.test(hex) && !/^0{12}$/.test(hex) ? hex.match(/../g)!.join(':') : null;
}

/**
 * The challenge in a step-1 reply: error 268632079 (some firmware: 401) with `realm` and `random`
 * in params. Null when the reply is something else.
 */
export function readChallenge(reply: RpcReply): DahuaChallenge | null {
  const code = reply.error?.code;
  if (reply.result === true) return null;
  if (code !== undefined && code !== DAHUA_ERROR.loginChallenge && code !== 401) return null;
  const realm = paramText(reply.params, 'realm');
  const random = paramText(reply.params, 'random');
  if (!realm || !random) return null;
  return {
    realm,
    random,
    encryption: paramText(reply.params, 'encryption') ?? 'Default',
    serial: serialFromRealm(realm),
    mac: normalizeLoginMac(paramText(reply.params, 'mac')),
    session: reply.session,
  };
}

/** Why a login did not give a session. */
export type DahuaLoginFailureReason =
  | 'badCredentials'
  | 'locked'
  | 'notInitialized'
  | 'blacklisted'
  | 'inUse'
  | 'busy'
  | 'unsupportedEncryption'
  | 'refused';

export interface DahuaLoginFailure {
  ok: false;
  reason: DahuaLoginFailureReason;
  /** A credential reached the device: the guard counts this as one spent try. */
  attemptSpent: boolean;
  /** The device's error code, when it sent one. */
  code: number | null;
  message: string;
  /** Tries left before the lock, as the device reports it (`remainLoginTimes`). */
  remainLoginTimes: number | null;
  /** Seconds until the lock lifts (`remainLockSecond`); 0 when not locked. */
  remainLockSeconds: number | null;
}

export interface DahuaLoginSuccess {
  ok: true;
  /** Seconds between keep-alives the device asks for (60 usual). */
  keepAliveIntervalSec: number | null;
}

export type DahuaLoginResult = DahuaLoginSuccess | DahuaLoginFailure;

/** Maps a refusal (step 1 or step 2) to a typed failure; `attemptSpent` is the caller's to say. */
export function loginFailure(reply: RpcReply, attemptSpent: boolean): DahuaLoginFailure {
  const code = reply.error?.code ?? null;
  const remainLoginTimes = paramInt(reply.params, 'remainLoginTimes');
  const remainLockSeconds = paramInt(reply.params, 'remainLockSecond');
  return {
    ok: false,
    reason: failureReason(code, remainLockSeconds),
    attemptSpent,
    code,
    message: reply.error?.message ?? '',
    remainLoginTimes,
    remainLockSeconds,
  };
}

function failureReason(code: number | null, lockSeconds: number | null): DahuaLoginFailureReason {
  switch (code) {
    case DAHUA_ERROR.badCredentials:
    case DAHUA_ERROR.userNotValid:
    case DAHUA_ERROR.passwordNotValid:
      // The try that used up the last attempt answers "not valid" with the lock already running.
      return lockSeconds !== null && lockSeconds > 0 ? 'locked' : 'badCredentials';
    case DAHUA_ERROR.locked:
      return 'locked';
    case DAHUA_ERROR.notInitialized:
      return 'notInitialized';
    case DAHUA_ERROR.inBlackList:
      return 'blacklisted';
    case DAHUA_ERROR.hasBeenUsed:
      return 'inUse';
    case DAHUA_ERROR.busy:
      return 'busy';
    default:
      return 'refused';
  }
}
