/**
 * WS-Security UsernameToken with PasswordDigest, server side (Core "Username token profile"):
 * Digest = Base64(SHA1(nonce ‖ Created ‖ password)). Core requires both nonce and Created, so a
 * token missing either is refused; Created must be inside the window and a nonce is accepted once.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { LabUser } from '../fleet/spec';
import { CREATED_WINDOW_MS, type NonceCache } from './nonce-cache';
import { PASSWORD_DIGEST_TYPE } from './namespaces';
import { attrOf, child, textOf, type XmlValue } from './xml';

export interface UsernameToken {
  username: string;
  password: string;
  passwordType: string | undefined;
  nonce: string | undefined;
  created: string | undefined;
}

export type WsseResult = { ok: true; user: LabUser } | { ok: false; reason: string };

/** Reads `Header/Security/UsernameToken`; undefined when the request carries none. */
export function readUsernameToken(header: XmlValue | undefined): UsernameToken | undefined {
  const token = child(child(header, 'Security'), 'UsernameToken');
  if (token === undefined) return undefined;
  const pw = child(token, 'Password');
  return {
    username: textOf(child(token, 'Username')) ?? '',
    password: textOf(pw) ?? '',
    passwordType: attrOf(pw, 'Type'),
    nonce: textOf(child(token, 'Nonce')),
    created: textOf(child(token, 'Created')),
  };
}

/** PasswordDigest as Core defines it; exported for tests and the Core test vector. */
export function passwordDigest(nonce: Buffer, created: string, password: string): string {
  return createHash('sha1')
    .update(Buffer.concat([nonce, Buffer.from(created, 'utf8'), Buffer.from(password, 'utf8')]))
    .digest('base64');
}

const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

/** Checks a token against the users; remembers its nonce only when everything else passed. */
export function verifyUsernameToken(
  token: UsernameToken,
  users: readonly LabUser[],
  nonces: NonceCache,
  now: number,
): WsseResult {
  // Plain-text passwords are refused: ONVIF clients send digests, and text would cross the wire.
  if (token.passwordType !== undefined && token.passwordType !== PASSWORD_DIGEST_TYPE)
    return { ok: false, reason: 'only PasswordDigest is accepted' };
  if (!token.nonce || !token.created)
    return { ok: false, reason: 'nonce and Created are required' };
  if (!BASE64_RE.test(token.nonce)) return { ok: false, reason: 'nonce is not base64' };
  const created = Date.parse(token.created);
  if (!Number.isFinite(created)) return { ok: false, reason: 'Created is not a dateTime' };
  if (Math.abs(now - created) > CREATED_WINDOW_MS)
    return { ok: false, reason: 'Created outside the window' };
  const user = users.find((u) => u.username === token.username);
  if (!user) return { ok: false, reason: 'unknown user' };
  const expected = Buffer.from(
    passwordDigest(Buffer.from(token.nonce, 'base64'), token.created, user.password),
  );
  const got = Buffer.from(token.password);
  if (expected.length !== got.length || !timingSafeEqual(expected, got))
    return { ok: false, reason: 'wrong password' };
  if (!nonces.remember(token.nonce, now)) return { ok: false, reason: 'nonce replayed' };
  return { ok: true, user };
}
