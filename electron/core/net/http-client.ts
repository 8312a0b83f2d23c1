/**
 * A small HTTP/1.1 client over node:http for talking to devices: a timeout on every exchange, a
 * cap on every reply body, and HTTP Digest done by the one rule the lockout guard depends on:
 * a credential is sent at most once per request.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { CustodianError } from '../../shared/errors';
import { buildDigestAuthorization, parseDigestChallenge } from './digest';
import { HttpAuthFailedError, mapHttpError } from './http-errors';

export { HttpAuthFailedError } from './http-errors';

/** Devices on a LAN answer in well under a second; 4 s leaves room for a busy NVR. */
export const DEFAULT_TIMEOUT_MS = 4_000;
/** Device-service replies are a few KiB; 1 MiB bounds what a hostile peer can make us hold. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface HttpCredentials {
  username: string;
  password: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** An absolute `http:` URL. */
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Per exchange; the digest handshake's second request gets a fresh timeout. */
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** When set, a 401 Digest challenge is answered once with these. Basic is never sent. */
  credentials?: HttpCredentials;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names; every value of a repeated header kept. */
  headers: Record<string, string[]>;
  body: Buffer;
  /** Whether a credential was spent to get this reply. */
  authenticated: 'none' | 'digest';
}

/** The seam vendor drivers depend on, so tests and the lab can inject their own. */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  timeoutMs?: number;
  maxBodyBytes?: number;
  agent?: http.Agent;
  /** Source of client nonces; injectable so tests are deterministic. */
  cnonce?: () => string;
}

// keepAlive off: a pooled socket would hold the event loop open after a CLI run or a test, and a
// device is asked a handful of questions at a time, so reuse buys nothing.
const sharedAgent = new http.Agent({ keepAlive: false });

/** Creates a client; defaults apply to every request that does not set its own. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const agent = options.agent ?? sharedAgent;
  const cnonce = options.cnonce ?? (() => randomBytes(16).toString('hex'));
  return {
    async request(req) {
      const url = parseTarget(req.url);
      const limits = {
        timeoutMs: req.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxBodyBytes: req.maxBodyBytes ?? options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      };
      // The first request carries no credential, so it never costs a login try.
      const first = await exchange(url, req, undefined, agent, limits);
      if (first.status !== 401 || !req.credentials) return first;
      const challenge = parseDigestChallenge(first.headers['www-authenticate'] ?? []);
      // No usable Digest challenge (e.g. Basic only): sending a password in clear over plain
      // HTTP is refused, so the caller gets the 401 to act on.
      if (!challenge) return first;
      const authorization = buildDigestAuthorization({
        challenge,
        username: req.credentials.username,
        password: req.credentials.password,
        method: req.method,
        uri: url.pathname + url.search,
        cnonce: cnonce(),
        nc: 1,
      });
      const second = await exchange(url, req, authorization, agent, limits);
      if (second.status === 401) {
        // The one try is spent: answering this challenge again is what locks devices out.
        const again = parseDigestChallenge(second.headers['www-authenticate'] ?? []);
        throw new HttpAuthFailedError(again?.stale ?? false);
      }
      return { ...second, authenticated: 'digest' };
    },
  };
}

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CustodianError('INVALID_INPUT', 'not a URL');
  }
  if (url.protocol !== 'http:') throw new CustodianError('INVALID_INPUT', 'only http: URLs');
  return url;
}

function exchange(
  url: URL,
  req: HttpRequest,
  authorization: string | undefined,
  agent: http.Agent,
  limits: { timeoutMs: number; maxBodyBytes: number },
): Promise<HttpResponse> {
  const target = `${url.hostname}:${url.port || '80'}`;
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  const headers: Record<string, string> = { ...req.headers, connection: 'close' };
  if (body) headers['content-length'] = String(body.length);
  if (authorization) headers.authorization = authorization;

  return new Promise((resolve, reject) => {
    let settled = false;
    let request: http.ClientRequest | undefined;
    const finish = (err: unknown, res?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err !== undefined) {
        request?.destroy();
        reject(mapHttpError(err, target));
      } else if (res) resolve(res);
    };
    const timer = setTimeout(
      () => finish(new CustodianError('TIMEOUT', `${target} after ${limits.timeoutMs} ms`)),
      limits.timeoutMs,
    );
    const tooLarge = (): CustodianError =>
      new CustodianError('DEVICE_BAD_REPLY', `${target}: reply over ${limits.maxBodyBytes} bytes`);

    try {
      request = http.request(
        {
          hostname: url.hostname,
          port: url.port || 80,
          path: url.pathname + url.search,
          method: req.method,
          headers,
          agent,
        },
        (res) => {
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && declared > limits.maxBodyBytes)
            return finish(tooLarge());
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limits.maxBodyBytes) finish(tooLarge());
            else chunks.push(chunk);
          });
          res.on('error', (err) => finish(err));
          // A peer that closes mid-body must not leave the promise hanging until the timeout.
          res.on('close', () => {
            if (!res.complete) finish(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
          });
          res.on('end', () => {
            const out: Record<string, string[]> = {};
            for (const [name, values] of Object.entries(res.headersDistinct)) {
              if (values) out[name] = values;
            }
            finish(undefined, {
              status: res.statusCode ?? 0,
              headers: out,
              body: Buffer.concat(chunks, size),
              authenticated: 'none',
            });
          });
        },
      );
    } catch {
      // node:http validates headers synchronously (e.g. a CR/LF smuggled into a value).
      finish(new CustodianError('INVALID_INPUT', 'request header refused'));
      return;
    }
    request.on('error', (err) => finish(err));
    request.end(body);
  });
}
