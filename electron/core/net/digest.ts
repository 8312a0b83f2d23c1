/**
 * HTTP Digest access authentication (RFC 2617, RFC 7616) as pure functions: parse a
 * `WWW-Authenticate` header into challenges, and build the `Authorization` header that answers
 * one. No I/O and no randomness here (the cnonce is passed in), so the RFC worked examples are
 * unit tests.
 */
import { createHash } from 'node:crypto';

/** The digest algorithms Custodian answers; ONVIF Core lists MD5 and SHA-256 (HashingAlgorithms). */
export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

const ALGORITHMS: Record<string, DigestAlgorithm> = {
  md5: 'MD5',
  'md5-sess': 'MD5-sess',
  'sha-256': 'SHA-256',
  'sha-256-sess': 'SHA-256-sess',
};

/** One `Digest` challenge from a 401 reply. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  algorithm: DigestAlgorithm;
  /** The qop values offered; empty for an RFC 2069 server that sends none. */
  qop: string[];
  opaque?: string;
  /** The server says the nonce expired but the credentials were right. */
  stale: boolean;
  /** RFC 7616: send H(username:realm) instead of the user name. */
  userhash: boolean;
}

/** One challenge of any scheme, with its auth-params (names lower-cased). */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
const PARAM = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*=[ \t]*("(?:[^"\\]|\\.)*"|[^\s,"]+)/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

/**
 * Splits `WWW-Authenticate` values into challenges. Node joins repeated headers with ", ", and a
 * challenge's params are comma-separated too, so a token followed by "=" is a param and any other
 * token starts the next challenge (RFC 9110 section 11.6.1 grammar).
 */
export function parseAuthChallenges(header: string | readonly string[]): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  let rest = (typeof header === 'string' ? header : header.join(', ')).trim();
  let current: AuthChallenge | null = null;
  while (rest.length > 0) {
    rest = rest.replace(/^[\s,]+/, '');
    if (rest.length === 0) break;
    const param = current ? PARAM.exec(rest) : null;
    if (current && param) {
      const [whole, name = '', raw = ''] = param;
      current.params[name.toLowerCase()] = raw.startsWith('"')
        ? raw.slice(1, -1).replace(/\\(.)/g, '$1')
        : raw;
      rest = rest.slice(whole.length);
      continue;
    }
    const scheme = TOKEN.exec(rest);
    if (!scheme) break; // Unparseable tail: keep what was understood rather than guess.
    current = { scheme: scheme[0], params: {} };
    out.push(current);
    rest = rest.slice(scheme[0].length).replace(/^[ \t]+/, '');
    // A token68 (Basic/Negotiate credentials blob) belongs to the scheme, not a param.
    const t68 = PARAM.exec(rest) ? null : TOKEN68.exec(rest);
    if (t68 && /^[ \t]*(,|$)/.test(rest.slice(t68[0].length))) rest = rest.slice(t68[0].length);
  }
  return out;
}

/**
 * The first `Digest` challenge whose algorithm Custodian supports (RFC 7616 section 3.7: servers
 * list challenges in order of preference), or null when there is none.
 */
export function parseDigestChallenge(header: string | readonly string[]): DigestChallenge | null {
  for (const c of parseAuthChallenges(header)) {
    if (c.scheme.toLowerCase() !== 'digest') continue;
    const { realm, nonce } = c.params;
    const algorithm = ALGORITHMS[(c.params.algorithm ?? 'MD5').toLowerCase()];
    if (realm === undefined || nonce === undefined || !algorithm) continue;
    const qop = (c.params.qop ?? '')
      .split(',')
      .map((q) => q.trim().toLowerCase())
      .filter((q) => q.length > 0);
    // Only qop=auth (or no qop at all) is answered: auth-int needs the body hashed, and no
    // ONVIF device is known to require it.
    if (qop.length > 0 && !qop.includes('auth')) continue;
    const challenge: DigestChallenge = {
      realm,
      nonce,
      algorithm,
      qop,
      stale: (c.params.stale ?? '').toLowerCase() === 'true',
      userhash: (c.params.userhash ?? '').toLowerCase() === 'true',
    };
    if (c.params.opaque !== undefined) challenge.opaque = c.params.opaque;
    return challenge;
  }
  return null;
}

/** Inputs of one digest response. `nc` is the request count under this nonce (1 for us). */
export interface DigestInput {
  challenge: DigestChallenge;
  username: string;
  password: string;
  method: string;
  /** The request-target exactly as sent: path plus query. */
  uri: string;
  cnonce: string;
  nc: number;
}

function hash(algorithm: DigestAlgorithm, data: string): string {
  const name = algorithm.startsWith('SHA-256') ? 'sha256' : 'md5';
  return createHash(name).update(data, 'utf8').digest('hex');
}

/** The 8-hex-digit nonce count, e.g. 1 -> "00000001". */
export function formatNonceCount(nc: number): string {
  return nc.toString(16).padStart(8, '0');
}

/** The `response` value of RFC 7616 section 3.4.1 (and RFC 2617 section 3.2.2.1). */
export function computeDigestResponse(input: DigestInput): string {
  const { challenge: c, username, password, method, uri, cnonce } = input;
  const alg = c.algorithm;
  let ha1 = hash(alg, `${username}:${c.realm}:${password}`);
  if (alg.endsWith('-sess')) ha1 = hash(alg, `${ha1}:${c.nonce}:${cnonce}`);
  const ha2 = hash(alg, `${method}:${uri}`);
  if (c.qop.length === 0) return hash(alg, `${ha1}:${c.nonce}:${ha2}`); // RFC 2069 fallback
  return hash(alg, `${ha1}:${c.nonce}:${formatNonceCount(input.nc)}:${cnonce}:auth:${ha2}`);
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** The full `Authorization` header value answering `input.challenge`. */
export function buildDigestAuthorization(input: DigestInput): string {
  const c = input.challenge;
  const username = c.userhash ? hash(c.algorithm, `${input.username}:${c.realm}`) : input.username;
  const parts = [
    `username=${quote(username)}`,
    `realm=${quote(c.realm)}`,
    `nonce=${quote(c.nonce)}`,
    `uri=${quote(input.uri)}`,
    `algorithm=${c.algorithm}`,
    `response=${quote(computeDigestResponse(input))}`,
  ];
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  if (c.qop.length > 0) {
    parts.push('qop=auth', `nc=${formatNonceCount(input.nc)}`, `cnonce=${quote(input.cnonce)}`);
  }
  if (c.userhash) parts.push('userhash=true');
  return `Digest ${parts.join(', ')}`;
}
