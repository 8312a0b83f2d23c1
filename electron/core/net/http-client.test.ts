import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CustodianError } from '../../shared/errors';
import { computeDigestResponse, parseAuthChallenges, parseDigestChallenge } from './digest';
import { createHttpClient, HttpAuthFailedError } from './http-client';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const servers: http.Server[] = [];
const seen: http.IncomingMessage[] = [];

/** A server on 127.0.0.1, port 0; every request is recorded in `seen`. */
async function serve(handler: Handler): Promise<string> {
  const server = http.createServer((req, res) => {
    seen.push(req);
    req.resume();
    req.on('end', () => handler(req, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/onvif/device_service?x=1`;
}

afterEach(async () => {
  seen.length = 0;
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise((resolve) => {
          s.closeAllConnections();
          s.close(resolve);
        }),
    ),
  );
});

const CHALLENGE = 'Digest realm="cam", qop="auth", nonce="abc123", algorithm=SHA-256';
const creds = { username: 'admin', password: 'Correct-Horse-1' };

function digestValid(req: http.IncomingMessage, password: string): boolean {
  const p = parseAuthChallenges(req.headers.authorization ?? '')[0]?.params ?? {};
  const challenge = parseDigestChallenge(CHALLENGE)!;
  const expected = computeDigestResponse({
    challenge,
    username: p.username ?? '',
    password,
    method: req.method ?? '',
    uri: p.uri ?? '',
    cnonce: p.cnonce ?? '',
    nc: parseInt(p.nc ?? '0', 16),
  });
  return p.response === expected && p.uri === req.url;
}

describe('HTTP client digest handshake', () => {
  it('answers one SHA-256 challenge and reports the credential as spent', async () => {
    const url = await serve((req, res) => {
      if (!req.headers.authorization || !digestValid(req, creds.password)) {
        res.writeHead(401, { 'www-authenticate': CHALLENGE }).end();
      } else res.writeHead(200).end('ok');
    });
    const res = await createHttpClient().request({
      method: 'POST',
      url,
      body: 'x',
      credentials: creds,
    });
    expect(res.status).toBe(200);
    expect(res.authenticated).toBe('digest');
    expect(res.body.toString()).toBe('ok');
    expect(seen.map((r) => Boolean(r.headers.authorization))).toEqual([false, true]);
  });

  it('401 then 401: exactly two requests, a typed failure, no retry', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(401, { 'www-authenticate': CHALLENGE }).end();
    });
    const err = await createHttpClient()
      .request({ method: 'POST', url, credentials: { ...creds, password: 'wrong' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpAuthFailedError);
    expect(err).toMatchObject({ code: 'DEVICE_AUTH_FAILED', detail: 'rejected', stale: false });
    expect(String((err as Error).message)).not.toContain('wrong');
    await new Promise((r) => setTimeout(r, 50)); // a retry would land here
    expect(seen).toHaveLength(2);
  });

  it('never sends Basic credentials: a Basic-only 401 comes back after one request', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="cam"' }).end();
    });
    const res = await createHttpClient().request({ method: 'GET', url, credentials: creds });
    expect(res.status).toBe(401);
    expect(res.authenticated).toBe('none');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });

  it('without credentials returns the 401 with its challenge', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(401, { 'www-authenticate': CHALLENGE }).end();
    });
    const res = await createHttpClient().request({ method: 'GET', url });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toEqual([CHALLENGE]);
    expect(seen).toHaveLength(1);
  });
});

describe('HTTP client limits and failures', () => {
  const code = (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'resolved',
      (e: unknown) => (e instanceof CustodianError ? e.code : `raw ${String(e)}`),
    );

  it('refuses a body over the cap announced by Content-Length', async () => {
    const url = await serve((_req, res) => res.writeHead(200).end(Buffer.alloc(2048)));
    expect(await code(createHttpClient().request({ method: 'GET', url, maxBodyBytes: 1024 }))).toBe(
      'DEVICE_BAD_REPLY',
    );
  });

  it('aborts a chunked body once it passes the cap (default 1 MiB)', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      for (let i = 0; i < 20; i++) res.write(chunk);
      res.end();
    });
    expect(await code(createHttpClient().request({ method: 'GET', url }))).toBe('DEVICE_BAD_REPLY');
  });

  it('times out on a server that never answers', async () => {
    const url = await serve(() => undefined);
    const started = Date.now();
    expect(await code(createHttpClient().request({ method: 'GET', url, timeoutMs: 200 }))).toBe(
      'TIMEOUT',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('maps a refused connection to DEVICE_UNREACHABLE', async () => {
    const url = await serve(() => undefined);
    const s = servers.pop()!;
    await new Promise((resolve) => s.close(resolve));
    expect(await code(createHttpClient().request({ method: 'GET', url }))).toBe(
      'DEVICE_UNREACHABLE',
    );
  });

  it('maps a mid-body disconnect to DEVICE_UNREACHABLE', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    expect(await code(createHttpClient().request({ method: 'GET', url }))).toBe(
      'DEVICE_UNREACHABLE',
    );
  });

  it('accepts only http: URLs', async () => {
    const client = createHttpClient();
    expect(await code(client.request({ method: 'GET', url: 'https://127.0.0.1/' }))).toBe(
      'INVALID_INPUT',
    );
    expect(await code(client.request({ method: 'GET', url: 'not a url' }))).toBe('INVALID_INPUT');
    expect(
      await code(
        client.request({ method: 'GET', url: 'http://127.0.0.1:1/', headers: { x: 'a\r\nb: c' } }),
      ),
    ).toBe('INVALID_INPUT');
  });
});
