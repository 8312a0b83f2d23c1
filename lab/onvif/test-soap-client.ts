/**
 * A minimal SOAP client for the lab's own tests: raw HTTP so tests see every status and header,
 * plus the two credential forms (HTTP Digest, WS-UsernameToken) built independently of the server.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { NS, PASSWORD_DIGEST_TYPE } from './namespaces';

export interface RawReply {
  status: number;
  /** Every WWW-Authenticate header, in order. */
  challenges: string[];
  body: string;
}

export function envelope(body: string, header = ''): string {
  return (
    `<s:Envelope xmlns:s="${NS.soap}" xmlns:tds="${NS.tds}" xmlns:tt="${NS.tt}">` +
    `<s:Header>${header}</s:Header><s:Body>${body}</s:Body></s:Envelope>`
  );
}

export function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { 'Content-Type': 'application/soap+xml', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const challenges: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            if (res.rawHeaders[i]!.toLowerCase() === 'www-authenticate')
              challenges.push(res.rawHeaders[i + 1]!);
          resolve({
            status: res.statusCode ?? 0,
            challenges,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface TokenOptions {
  nonce?: Buffer | null;
  created?: string | null;
}

/** A WS-Security header with a UsernameToken PasswordDigest (null omits nonce or Created). */
export function usernameToken(username: string, password: string, opts: TokenOptions = {}): string {
  const nonce = opts.nonce === undefined ? randomBytes(16) : opts.nonce;
  const created = opts.created === undefined ? new Date().toISOString() : opts.created;
  const digest = createHash('sha1')
    .update(
      Buffer.concat([nonce ?? Buffer.alloc(0), Buffer.from(created ?? ''), Buffer.from(password)]),
    )
    .digest('base64');
  return (
    `<Security xmlns="${NS.wsse}"><UsernameToken><Username>${username}</Username>` +
    `<Password Type="${PASSWORD_DIGEST_TYPE}">${digest}</Password>` +
    (nonce ? `<Nonce>${nonce.toString('base64')}</Nonce>` : '') +
    (created ? `<Created xmlns="${NS.wsu}">${created}</Created>` : '') +
    '</UsernameToken></Security>'
  );
}

/** Answers a Digest challenge (RFC 7616, qop=auth). */
export function digestAuthorization(
  challenge: string,
  username: string,
  password: string,
  method: string,
  uri: string,
): string {
  const field = (name: string) => new RegExp(`${name}="?([^",]+)"?`).exec(challenge)?.[1] ?? '';
  const alg = field('algorithm') || 'MD5';
  const h = (s: string) =>
    createHash(alg === 'SHA-256' ? 'sha256' : 'md5')
      .update(s)
      .digest('hex');
  const realm = field('realm');
  const nonce = field('nonce');
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  const response = h(
    `${h(`${username}:${realm}:${password}`)}:${nonce}:${nc}:${cnonce}:auth:${h(`${method}:${uri}`)}`,
  );
  return (
    `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=${alg}, ` +
    `qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`
  );
}
