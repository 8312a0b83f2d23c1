/**
 * Test support: a minimal Hikvision ISAPI device on 127.0.0.1 (port 0). It enforces MD5 digest
 * with realm `IP Camera(C2183)` as the captured challenge shows, answers failed logins with the
 * userCheck lock body (5 tries, then a lock, hikvision.md §16), serves the fixtures, and records
 * every request so tests can count login tries. Loopback only: it never binds another address.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { computeDigestResponse, parseAuthChallenges, parseDigestChallenge } from '../../net/digest';

/** A fixture file's text. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

export interface FakeHikOptions {
  username?: string;
  password?: string;
  activated?: boolean;
  maxTries?: number;
  /** Path -> [HTTP status, fixture file]; overrides the defaults. */
  replies?: Record<string, [number, string]>;
  /** Ask for a login on extern/capabilities too (firmware that does not serve it pre-login). */
  protectExtern?: boolean;
}

export interface FakeHikRequest {
  path: string;
  authorization: string | null;
  status: number;
}

export interface FakeHik {
  url: string;
  requests: FakeHikRequest[];
  close(): Promise<void>;
}

const CHALLENGE = fixture('www-authenticate.txt').trim();

const DEFAULTS: Record<string, [number, string]> = {
  '/ISAPI/System/deviceInfo': [200, 'device-info.ipc.xml'],
  '/ISAPI/Security/capabilities': [200, 'security-capabilities.xml'],
  '/ISAPI/Security/extern/capabilities': [200, 'extern-capabilities.xml'],
};

function userCheck(remaining: number, unlockTime: number): string {
  const lock = remaining > 0 ? 'unlock' : 'locked';
  return (
    '<?xml version="1.0" encoding="UTF-8"?><userCheck><statusValue>401</statusValue>' +
    `<statusString>Unauthorized</statusString><lockStatus>${lock}</lockStatus>` +
    `<unlockTime>${unlockTime}</unlockTime><retryLoginTime>${remaining}</retryLoginTime></userCheck>`
  );
}

/** Starts a fake device; close it in afterEach. */
export async function startFakeHik(options: FakeHikOptions = {}): Promise<FakeHik> {
  const { username = 'admin', password = 'Correct-Horse-1', maxTries = 5 } = options;
  const challenge = parseDigestChallenge(CHALLENGE)!;
  const open = new Set(['/SDK/activateStatus']);
  if (!options.protectExtern) open.add('/ISAPI/Security/extern/capabilities');
  const replies = { ...DEFAULTS, ...options.replies };
  const requests: FakeHikRequest[] = [];
  let failures = 0;

  const digestOk = (req: http.IncomingMessage): boolean => {
    const c = parseAuthChallenges(req.headers.authorization ?? '')[0];
    if (!c || c.scheme.toLowerCase() !== 'digest' || c.params.username !== username) return false;
    const expected = computeDigestResponse({
      challenge,
      username,
      password,
      method: req.method ?? '',
      uri: c.params.uri ?? '',
      cnonce: c.params.cnonce ?? '',
      nc: parseInt(c.params.nc ?? '0', 16),
    });
    return c.params.response === expected && c.params.uri === req.url;
  };

  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      const record: FakeHikRequest = {
        path,
        authorization: req.headers.authorization ?? null,
        status: 200,
      };
      requests.push(record);
      const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
        record.status = status;
        res.writeHead(status, { 'content-type': 'application/xml; charset=UTF-8', ...headers });
        res.end(body);
      };
      if (path === '/SDK/activateStatus') {
        return send(
          200,
          fixture(`activate-status.${options.activated === false ? 'inactive' : 'active'}.xml`),
        );
      }
      // Before activation there is no password to check: everything but the pre-login
      // endpoints declines with notActivated (hikvision.md §24).
      if (options.activated === false && !open.has(path)) {
        return send(403, fixture('response-status.not-activated.xml'));
      }
      if (!open.has(path)) {
        const locked = failures >= maxTries;
        if (!req.headers.authorization || locked || !digestOk(req)) {
          if (req.headers.authorization && !locked) failures += 1;
          const left = Math.max(0, maxTries - failures);
          const body = req.headers.authorization ? userCheck(left, left > 0 ? 0 : 1800) : '';
          return send(401, body, { 'www-authenticate': CHALLENGE });
        }
        failures = 0;
      }
      const reply = replies[path];
      if (!reply) return send(404, fixture('response-status.not-support.xml'));
      return send(reply[0], fixture(reply[1]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
