/**
 * HTTP Digest as Hikvision devices speak it (hikvision.md §9): MD5, qop="auth", a realm of the form
 * `IP Camera(C2183)` and the challenge header in the captured order, `stale="FALSE"` included.
 * Nonces are stateless (a time stamp and an HMAC under a per-boot secret), hex-encoded base64 as in
 * the capture, so an idle device stores nothing and a reboot voids every nonce it handed out.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a nonce stays good; after that a right answer is told `stale`. */
export const NONCE_TTL_MS = 5 * 60_000;

export type DigestVerdict = 'ok' | 'stale' | 'wrongPassword' | 'invalid';

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Splits `Digest a="b", c=d` into its parameters; null when it is not Digest. */
export function parseDigest(header: string): Record<string, string> | null {
  const m = /^Digest\s+(.*)$/is.exec(header.trim());
  if (!m) return null;
  const out: Record<string, string> = {};
  for (const p of m[1]!.matchAll(/([a-z0-9-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/gi)) {
    out[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  }
  return out;
}

export class DigestServer {
  private secret = randomBytes(32);
  constructor(readonly realm: string) {}

  /** New secret: nonces from the previous boot are no longer recognised. */
  rotate(): void {
    this.secret = randomBytes(32);
  }

  private mac(stamp: string): string {
    return createHmac('sha256', this.secret).update(stamp).digest('hex').slice(0, 16);
  }

  /** The WWW-Authenticate value, shaped like the vendor documentation's capture. */
  challenge(now: number, stale = false): string {
    const stamp = Math.floor(now).toString(16);
    const nonce = Buffer.from(
      Buffer.from(`${stamp}:${this.mac(stamp)}`).toString('base64'),
    ).toString('hex');
    return `Digest qop="auth", realm="${this.realm}", nonce="${nonce}", stale="${stale ? 'TRUE' : 'FALSE'}"`;
  }

  /**
   * Checks an Authorization header. `invalid` (not Digest, wrong realm or uri, a nonce this device
   * never issued) says nothing about the password and so is not counted as a failed login.
   */
  verify(
    header: string,
    method: string,
    uri: string,
    user: string,
    password: string,
    now: number,
  ): DigestVerdict {
    const p = parseDigest(header);
    if (!p?.username || !p.nonce || !p.response || !p.uri || !p.cnonce || !p.nc) return 'invalid';
    if (p.realm !== this.realm || p.uri !== uri || p.qop !== 'auth') return 'invalid';
    if ((p.algorithm ?? 'MD5').toUpperCase() !== 'MD5') return 'invalid';
    const inner = /^[0-9a-f]+$/i.test(p.nonce)
      ? Buffer.from(Buffer.from(p.nonce, 'hex').toString('latin1'), 'base64').toString('latin1')
      : '';
    const [stamp = '', mac = ''] = inner.split(':');
    if (!/^[0-9a-f]{1,13}$/.test(stamp) || !safeEqual(mac, this.mac(stamp))) return 'invalid';
    const ha1 = md5(`${p.username}:${this.realm}:${password}`);
    const ha2 = md5(`${method}:${p.uri}`);
    const expected = md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
    if (p.username !== user || !safeEqual(expected, p.response.toLowerCase()))
      return 'wrongPassword';
    // Only a right answer learns that its nonce expired, so `stale` never confirms a guess.
    return now - parseInt(stamp, 16) > NONCE_TTL_MS ? 'stale' : 'ok';
  }
}
