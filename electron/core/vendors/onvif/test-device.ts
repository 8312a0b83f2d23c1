/**
 * Test support: a minimal ONVIF device service on 127.0.0.1 (port 0) that enforces HTTP digest
 * or UsernameToken the way ONVIF Core describes, serves the fixtures, and records every request
 * so tests can count login tries. Loopback only: it never binds another address.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { computeDigestResponse, parseAuthChallenges, type DigestChallenge } from '../../net/digest';
import { passwordDigest } from './soap';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** A fixture file's text. */
export function fixture(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8');
}

export interface FakeDeviceOptions {
  auth: 'none' | 'digest' | 'usernameToken';
  username?: string;
  password?: string;
  /** Device clock minus real clock. */
  skewMs?: number;
  /** Whether GetSystemDateAndTime is open to anonymous callers (Core: yes). */
  preAuthClock?: boolean;
  algorithm?: 'MD5' | 'SHA-256';
  /** How far a token's Created may be from the device clock. */
  tokenWindowMs?: number;
  /** Fixture file per operation; GetSystemDateAndTime is generated from the device clock. */
  replies?: Record<string, string>;
}

export interface RecordedRequest {
  op: string | null;
  authorization: string | null;
  token: { username: string; created: string } | null;
  status: number;
}

export interface FakeDevice {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const DEFAULT_REPLIES: Record<string, string> = {
  GetDeviceInformation: 'GetDeviceInformation.hikvision.xml',
  GetScopes: 'GetScopes.xml',
  GetNetworkInterfaces: 'GetNetworkInterfaces.xml',
  GetUsers: 'GetUsers.xml',
};

function clockReply(at: Date): string {
  const dt = (d: Date): string =>
    `<tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute>` +
    `<tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time><tt:Date><tt:Year>${d.getUTCFullYear()}` +
    `</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">' +
    '<env:Body><tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>Manual' +
    '</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>UTC0</tt:TZ>' +
    `</tt:TimeZone><tt:UTCDateTime>${dt(at)}</tt:UTCDateTime></tds:SystemDateAndTime>` +
    '</tds:GetSystemDateAndTimeResponse></env:Body></env:Envelope>'
  );
}

function tag(xml: string, name: string): string | null {
  return new RegExp(`<(?:\\w+:)?${name}\\b[^>]*>([^<]*)</`).exec(xml)?.[1] ?? null;
}

/** Starts a fake device; close it in afterEach. */
export async function startFakeDevice(options: FakeDeviceOptions): Promise<FakeDevice> {
  const { username = 'admin', password = 'Correct-Horse-1', skewMs = 0 } = options;
  const requests: RecordedRequest[] = [];
  const seenNonces = new Set<string>();
  const challenge: DigestChallenge = {
    realm: 'IP Camera(E1234)',
    nonce: randomBytes(12).toString('hex'),
    algorithm: options.algorithm ?? 'MD5',
    qop: ['auth'],
    stale: false,
    userhash: false,
  };
  const wwwAuthenticate = `Digest qop="auth", realm="${challenge.realm}", nonce="${challenge.nonce}", algorithm=${challenge.algorithm}`;

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

  const tokenOk = (xml: string): boolean => {
    const [user, digest, nonce, created] = ['Username', 'Password', 'Nonce', 'Created'].map((n) =>
      tag(xml, n),
    );
    if (!user || !digest || !nonce || !created || user !== username) return false;
    const drift = Math.abs(Date.parse(created) - (Date.now() + skewMs));
    if (!(drift <= (options.tokenWindowMs ?? 5_000)) || seenNonces.has(nonce)) return false;
    seenNonces.add(nonce);
    return passwordDigest(Buffer.from(nonce, 'base64'), created, password) === digest;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const xml = Buffer.concat(chunks).toString('utf8');
      const op = /<(?:\w+:)?Body>\s*<(?:\w+:)?(\w+)/.exec(xml)?.[1] ?? null;
      const user = tag(xml, 'Username');
      const record: RecordedRequest = {
        op,
        authorization: req.headers.authorization ?? null,
        token: user ? { username: user, created: tag(xml, 'Created') ?? '' } : null,
        status: 200,
      };
      requests.push(record);
      const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
        record.status = status;
        res.writeHead(status, {
          'content-type': 'application/soap+xml; charset=utf-8',
          ...headers,
        });
        res.end(body);
      };
      const open =
        options.auth === 'none' ||
        (op === 'GetSystemDateAndTime' && options.preAuthClock !== false);
      if (!open && options.auth === 'digest' && !digestOk(req)) {
        return send(401, '', { 'www-authenticate': wwwAuthenticate });
      }
      if (!open && options.auth === 'usernameToken' && !tokenOk(xml)) {
        return send(400, fixture('Fault.NotAuthorized.xml'));
      }
      if (op === 'GetSystemDateAndTime')
        return send(200, clockReply(new Date(Date.now() + skewMs)));
      const file = (options.replies ?? {})[op ?? ''] ?? DEFAULT_REPLIES[op ?? ''];
      if (!file) return send(500, fixture('Fault.ActionNotSupported.xml'));
      // SOAP 1.2 HTTP binding: a Receiver fault travels with 500, a Sender fault with 400.
      if (file.startsWith('Fault.'))
        return send(file.includes('NotAuthorized') ? 400 : 500, fixture(file));
      return send(200, fixture(file));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/onvif/device_service`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
