/**
 * A fake Dahua web port on 127.0.0.1 for the client tests: the two-step login with a lockout
 * counter, sessions, keep-alive, logout and one ordinary method. Not used by the product code;
 * the full simulator lives in lab/.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dahuaDefaultHash } from './login';
import { DAHUA_ERROR } from './rpc-codec';

export interface FakeDahuaOptions {
  serial?: string;
  username?: string;
  password?: string;
  encryption?: string;
  /** Tries before the lock; default 5 (dahua.md §8 [I]). */
  attempts?: number;
  lockSeconds?: number;
  initialized?: boolean;
  /** Sessions as integers, as older firmware sends them. */
  integerSessions?: boolean;
  /** Some firmware signals the challenge with code 401 instead of 268632079. */
  challengeCode?: number;
  /** Answer every request with this raw body and status instead. */
  raw?: { status: number; body: string };
  /** Accept the connection, then never answer step 2. */
  hangOnStep2?: boolean;
}

export interface FakeRequest {
  path: string;
  body: Record<string, unknown>;
}

export interface FakeDahua {
  url: string;
  requests: FakeRequest[];
  /** Step-2 tries the device counted. */
  triesCounted: () => number;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeDahua(options: FakeDahuaOptions = {}): Promise<FakeDahua> {
  const serial = options.serial ?? '4H01D66PAJ2FA64';
  const realm = `Login to ${serial}`;
  const limit = options.attempts ?? 5;
  let failures = 0;
  let tries = 0;
  let nextSession = 76594003;
  const challenges = new Map<string, string>(); // session -> random
  const sessions = new Set<string>();
  const requests: FakeRequest[] = [];

  const newSession = (): string | number => {
    nextSession += 1;
    return options.integerSessions ? nextSession : nextSession.toString(16).padStart(32, '0');
  };

  const login = (body: Record<string, unknown>): object => {
    const p = (body.params ?? {}) as Record<string, unknown>;
    const id = body.id;
    if (p.password === '') {
      const session = newSession();
      const random = String(1_000_000_000 + nextSession);
      challenges.set(String(session), random);
      const code = options.challengeCode ?? DAHUA_ERROR.loginChallenge;
      const params = {
        encryption: options.encryption ?? 'Default',
        mac: '38AF29BBBCAB',
        random,
        realm,
      };
      return {
        error: { code, message: 'Component error: login challenge!' },
        id,
        params,
        result: false,
        session,
      };
    }
    tries += 1;
    const random = challenges.get(String(body.session));
    challenges.delete(String(body.session));
    if (failures >= limit) {
      const params = { remainLockSecond: options.lockSeconds ?? 300, remainLoginTimes: 0 };
      return { error: { code: DAHUA_ERROR.locked, message: 'locked' }, id, params, result: false };
    }
    if (options.initialized === false) {
      return {
        error: { code: DAHUA_ERROR.notInitialized, message: 'not init' },
        id,
        result: false,
      };
    }
    const expected =
      random &&
      dahuaDefaultHash({
        username: options.username ?? 'admin',
        password: options.password ?? 'SecretPassword',
        realm,
        random,
      });
    if (p.userName === (options.username ?? 'admin') && p.password === expected) {
      failures = 0;
      const session = String(body.session);
      sessions.add(session);
      return { id, params: { keepAliveInterval: 60 }, result: true, session: body.session };
    }
    failures += 1;
    const left = Math.max(0, limit - failures);
    const params = {
      remainLockSecond: left === 0 ? (options.lockSeconds ?? 300) : 0,
      remainLoginTimes: left,
    };
    const error = {
      code: DAHUA_ERROR.badCredentials,
      message: 'Component error: User or password not valid!',
    };
    return { error, id, params, result: false, session: body.session };
  };

  const rpc = (body: Record<string, unknown>): object => {
    const { id, method } = body;
    if (!sessions.has(String(body.session))) {
      const error = {
        code: DAHUA_ERROR.invalidSessionAlt,
        message: 'Invalid session in request data!',
      };
      return { error, id, result: false, session: 0 };
    }
    switch (method) {
      case 'global.keepAlive':
        return { id, params: { timeout: 300 }, result: true, session: body.session };
      case 'global.logout':
        sessions.delete(String(body.session));
        return { id, result: true, session: body.session };
      case 'magicBox.getSerialNo':
        return { id, params: { sn: serial }, result: true, session: body.session };
      default:
        return {
          error: { code: DAHUA_ERROR.methodNotFound, message: 'Method not found!' },
          id,
          result: false,
        };
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        // recorded as an empty body; the tests assert on what the client sent
      }
      requests.push({ path: req.url ?? '', body });
      if (options.raw) return void res.writeHead(options.raw.status).end(options.raw.body);
      const step2 = req.url === '/RPC2_Login' && (body.params as { password?: string })?.password;
      if (options.hangOnStep2 && step2) return;
      const reply =
        req.url === '/RPC2_Login' ? login(body) : req.url === '/RPC2' ? rpc(body) : null;
      if (!reply) return void res.writeHead(404).end('Not Found');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    triesCounted: () => tries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
