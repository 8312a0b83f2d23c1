/** Test helper: a minimal HTTP client with MD5 Digest (RFC 2617, qop=auth), written for the tests. */
import { createHash, randomBytes } from 'node:crypto';

export interface HttpReply {
  status: number;
  headers: Headers;
  body: string;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** One plain request. */
export async function request(
  base: string,
  method: string,
  path: string,
  body?: string,
  authorization?: string,
): Promise<HttpReply> {
  const res = await fetch(base + path, {
    method,
    body,
    headers: {
      ...(authorization ? { Authorization: authorization } : {}),
      ...(body ? { 'Content-Type': 'application/xml' } : {}),
    },
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** The Authorization header answering a `WWW-Authenticate: Digest …` challenge. */
export function digestHeader(
  challenge: string,
  method: string,
  uri: string,
  user: string,
  password: string,
): string {
  const p = Object.fromEntries(
    [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
  );
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  const ha1 = md5(`${user}:${p.realm}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const response = md5(`${ha1}:${p.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${user}", realm="${p.realm}", nonce="${p.nonce}", uri="${uri}", qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`;
}

/** A request that answers the device's 401 challenge once with `user`/`password`. */
export async function digestRequest(
  base: string,
  method: string,
  path: string,
  password: string,
  body?: string,
  user = 'admin',
): Promise<HttpReply> {
  const first = await request(base, method, path, body);
  const challenge = first.headers.get('www-authenticate');
  if (first.status !== 401 || !challenge) return first;
  return request(base, method, path, body, digestHeader(challenge, method, path, user, password));
}
