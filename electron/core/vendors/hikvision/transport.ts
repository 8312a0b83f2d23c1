/**
 * One ISAPI exchange with at most one credential try, keeping the 401 body. The shared HTTP
 * client throws HttpAuthFailedError on a refused digest and drops the reply, but a Hikvision 401
 * body carries the lock fields (retryLoginTime, unlockTime, hikvision.md §16) that the lockout
 * guard needs. So the digest answer is built here from net/digest.ts and sent as a plain header:
 * the HTTP client then never answers a challenge itself, and the one-try rule still holds.
 */
import { randomBytes } from 'node:crypto';
import { buildDigestAuthorization, parseDigestChallenge } from '../../net/digest';
import type { HttpClient, HttpCredentials, HttpResponse } from '../../net/http-client';

export interface IsapiGet {
  url: string;
  /** Sent only in answer to a Digest challenge, and only once. Undefined: anonymous request. */
  credentials?: HttpCredentials;
  timeoutMs?: number;
}

/** The reply, with whether a credential was spent on it and whether that challenge was stale. */
export interface IsapiReply extends HttpResponse {
  stale: boolean;
}

/** GET with the one-try digest handshake. Transport errors propagate as the client maps them. */
export async function isapiGet(
  http: HttpClient,
  req: IsapiGet,
  cnonce: () => string = () => randomBytes(16).toString('hex'),
): Promise<IsapiReply> {
  const headers = { accept: 'application/xml, application/json;q=0.5' };
  const first = await http.request({
    method: 'GET',
    url: req.url,
    headers,
    timeoutMs: req.timeoutMs,
  });
  if (first.status !== 401 || !req.credentials) return { ...first, stale: false };
  const challenge = parseDigestChallenge(first.headers['www-authenticate'] ?? []);
  // Basic only: a password in clear over plain HTTP is refused; the caller gets the 401.
  if (!challenge) return { ...first, stale: false };
  const url = new URL(req.url);
  const authorization = buildDigestAuthorization({
    challenge,
    username: req.credentials.username,
    password: req.credentials.password,
    method: 'GET',
    uri: url.pathname + url.search,
    cnonce: cnonce(),
    nc: 1,
  });
  // No `credentials` on this request: the header is its one try, the client must not add another.
  const second = await http.request({
    method: 'GET',
    url: req.url,
    headers: { ...headers, authorization },
    timeoutMs: req.timeoutMs,
  });
  const again =
    second.status === 401 ? parseDigestChallenge(second.headers['www-authenticate'] ?? []) : null;
  return { ...second, authenticated: 'digest', stale: again?.stale ?? false };
}
