/**
 * HTTP Digest, server side (RFC 7616 with qop=auth; MD5 and SHA-256, as Core 22.12 allows). Nonces
 * are stateless: a timestamp plus an HMAC under a per-device secret, so an idle device stores
 * nothing and a forged or expired nonce is recognised.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LabUser } from '../fleet/spec';

/** How long a nonce the device handed out stays valid; after that the client is told `stale`. */
export const DIGEST_NONCE_TTL_MS = 5 * 60_000;

const ALGORITHMS = { MD5: 'md5', 'SHA-256': 'sha256' } as const;
type Algorithm = keyof typeof ALGORITHMS;

export type DigestResult =
  { ok: true; user: LabUser } | { ok: false; stale: boolean; reason: string };

/** Splits `Digest a="b", c=d` into its parameters (quoted values may contain commas). */
export function parseDigestHeader(header: string): Record<string, string> | null {
  const m = /^Digest\s+(.*)$/is.exec(header.trim());
  if (!m) return null;
  const out: Record<string, string> = {};
  const re = /([a-z0-9-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/gi;
  for (const match of m[1]!.matchAll(re)) {
    out[match[1]!.toLowerCase()] =
      match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!;
  }
  return Object.keys(out).length ? out : null;
}

function hash(alg: Algorithm, text: string): string {
  return createHash(ALGORITHMS[alg]).update(text, 'utf8').digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class DigestAuthority {
  private readonly secret = randomBytes(32);
  constructor(readonly realm: string) {}

  private mac(stamp: string): string {
    return createHmac('sha256', this.secret).update(stamp).digest('hex').slice(0, 32);
  }

  private nonce(now: number): string {
    const stamp = now.toString(16).padStart(12, '0');
    return stamp + this.mac(stamp);
  }

  /** The WWW-Authenticate values for a 401: SHA-256 first (preferred), then MD5 for older clients. */
  challenge(now: number, stale = false): string[] {
    const nonce = this.nonce(now);
    const tail = `, qop="auth", nonce="${nonce}"${stale ? ', stale=true' : ''}`;
    return [
      `Digest realm="${this.realm}", algorithm=SHA-256${tail}`,
      `Digest realm="${this.realm}", algorithm=MD5${tail}`,
    ];
  }

  /** Checks an Authorization header against the users for this request's method and URI. */
  verify(
    header: string,
    method: string,
    requestUri: string,
    users: readonly LabUser[],
    now: number,
  ): DigestResult {
    const p = parseDigestHeader(header);
    if (!p) return { ok: false, stale: false, reason: 'not a Digest header' };
    const alg = (p.algorithm ?? 'MD5').toUpperCase();
    if (alg !== 'MD5' && alg !== 'SHA-256')
      return { ok: false, stale: false, reason: `algorithm ${alg}` };
    const { username, realm, nonce, uri, response, qop, nc, cnonce } = p;
    if (!username || !nonce || !uri || !response)
      return { ok: false, stale: false, reason: 'missing fields' };
    if (realm !== this.realm) return { ok: false, stale: false, reason: 'wrong realm' };
    if (uri !== requestUri)
      return { ok: false, stale: false, reason: 'uri does not match the request' };
    if (qop !== 'auth' || !nc || !cnonce)
      return { ok: false, stale: false, reason: 'qop=auth required' };
    const stamp = nonce.slice(0, 12);
    if (nonce.length !== 44 || !safeEqual(nonce.slice(12), this.mac(stamp)))
      return { ok: false, stale: false, reason: 'nonce not issued by this device' };
    const user = users.find((u) => u.username === username);
    if (!user) return { ok: false, stale: false, reason: 'unknown user' };
    const ha1 = hash(alg, `${username}:${this.realm}:${user.password}`);
    const ha2 = hash(alg, `${method}:${uri}`);
    const expected = hash(alg, `${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
    if (!safeEqual(expected, response.toLowerCase()))
      return { ok: false, stale: false, reason: 'wrong password' };
    // Only a correct response learns that its nonce expired, so `stale` never confirms a guess.
    if (now - parseInt(stamp, 16) > DIGEST_NONCE_TTL_MS)
      return { ok: false, stale: true, reason: 'nonce expired' };
    return { ok: true, user };
  }
}
