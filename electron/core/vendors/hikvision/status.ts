/**
 * ISAPI status bodies: `ResponseStatus` (XML, or the flat JSON form) and the `userCheck` body a
 * failed login answers with, including the lock fields the lockout guard needs (hikvision.md §9,
 * §16). Decoding never throws: a body that is not a status is null.
 */
import { assumedLockStatusIsLocked, assumedResponseStatusLock } from './assumptions';
import { child, isNode, parseXml, text } from '../onvif/xml';

/** What the device said about the login counter, in either of its two shapes. */
export interface HikLoginLock {
  /** `userCheck` (login errors) or `ResponseStatus` (XML or JSON). */
  shape: 'userCheck' | 'ResponseStatus';
  /** Null when lockStatus is missing or unknown. */
  locked: boolean | null;
  /** lockStatus as sent. */
  lockStatus: string | null;
  /** Login tries left before the lock (retryLoginTime / retryTimes). */
  remainingAttempts: number | null;
  /** Seconds until the lock lifts (unlockTime / resLockTime). */
  unlockInSeconds: number | null;
}

/** One decoded status body. Numbers that do not parse are null; strings are as sent. */
export interface IsapiStatus {
  root: 'ResponseStatus' | 'userCheck';
  format: 'xml' | 'json';
  /** ResponseStatus 1 OK, 3 deviceError, 4 invalid operation, 6 bad XML content, 7 reboot ... */
  statusCode: number | null;
  /** userCheck's HTTP-like value (200, 401). */
  statusValue: number | null;
  statusString: string | null;
  subStatusCode: string | null;
  requestURL: string | null;
  /** JSON form only, e.g. 1073741827 (0x40000003, badAuthorization). */
  errorCode: number | null;
  errorMsg: string | null;
  lock: HikLoginLock | null;
}

type Getter = (name: string) => string | null;

function number(get: Getter, name: string): number | null {
  const v = get(name);
  return v !== null && /^-?\d{1,10}$/.test(v.trim()) ? Number(v.trim()) : null;
}

function readLock(shape: HikLoginLock['shape'], get: Getter): HikLoginLock | null {
  const lockStatus = get('lockStatus');
  const times =
    shape === 'userCheck'
      ? {
          remainingAttempts: number(get, 'retryLoginTime'),
          unlockInSeconds: number(get, 'unlockTime'),
        }
      : assumedResponseStatusLock(number(get, 'retryTimes'), number(get, 'resLockTime'));
  if (lockStatus === null && times.remainingAttempts === null && times.unlockInSeconds === null) {
    return null;
  }
  const locked = lockStatus === null ? null : assumedLockStatusIsLocked(lockStatus);
  return { shape, locked, lockStatus, ...times };
}

function build(root: IsapiStatus['root'], format: IsapiStatus['format'], get: Getter): IsapiStatus {
  return {
    root,
    format,
    statusCode: number(get, 'statusCode'),
    statusValue: number(get, 'statusValue'),
    statusString: get('statusString'),
    subStatusCode: get('subStatusCode'),
    requestURL: get('requestURL'),
    errorCode: number(get, 'errorCode'),
    errorMsg: get('errorMsg'),
    lock: readLock(root === 'userCheck' ? 'userCheck' : 'ResponseStatus', get),
  };
}

function fromJson(body: string): IsapiStatus | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (!isNode(value)) return null;
  // Some firmware wraps the fields in {"ResponseStatus": {...}}; the public example is flat.
  const inner = isNode(value.ResponseStatus) ? value.ResponseStatus : value;
  if (!isNode(inner) || !('statusCode' in inner || 'subStatusCode' in inner)) return null;
  const get: Getter = (name) => {
    const v = Object.hasOwn(inner, name) ? inner[name] : undefined;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  };
  return build('ResponseStatus', 'json', get);
}

/** Reads a ResponseStatus or userCheck body (XML or JSON); null for anything else. */
export function decodeIsapiStatus(body: string | Uint8Array): IsapiStatus | null {
  const str = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  const trimmed = str.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{')) return fromJson(trimmed);
  if (!trimmed.startsWith('<')) return null;
  let tree;
  try {
    tree = parseXml(trimmed, 64 * 1024);
  } catch {
    return null;
  }
  for (const root of ['ResponseStatus', 'userCheck'] as const) {
    const node = child(tree, root);
    if (node !== undefined) return build(root, 'xml', (name) => text(child(node, name)) ?? null);
  }
  return null;
}

/** A status that reports success (ResponseStatus 1/OK, or userCheck 200). */
export function isIsapiOk(status: IsapiStatus): boolean {
  return status.root === 'userCheck' ? status.statusValue === 200 : status.statusCode === 1;
}
