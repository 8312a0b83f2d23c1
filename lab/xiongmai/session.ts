/**
 * Per-connection NETIP state and the reply builder shared by the command handlers.
 */
import { assumedSessionIdText } from './assumptions';

/** What one TCP connection has earned: a login session, a passed reset check. */
export interface NetipConnection {
  session: number | null;
  /** Set by a passed CheckSafetyAnswer or CheckVerifyCode; spent by SetNewPassword. */
  resetGranted: boolean;
}

/** A handler's answer: the JSON body; the dispatcher frames it as request id + 1. */
export type ReplyBody = Record<string, unknown>;

/** `{ Name, Ret, SessionID }` plus extra keys in front, the common reply shape. */
export function reply(
  name: string,
  ret: number,
  session: number,
  extra: Record<string, unknown> = {},
): ReplyBody {
  return { ...extra, Name: name, Ret: ret, SessionID: assumedSessionIdText(session) };
}

/** The body's `Name`, or '' when absent or not a string. */
export function nameOf(body: Record<string, unknown>): string {
  return typeof body.Name === 'string' ? body.Name : '';
}

/** A nested object field, or an empty object. */
export function objectAt(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = body[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}
