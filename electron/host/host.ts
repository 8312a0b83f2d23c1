/**
 * The WebSocket host: serves the renderer and the API contract over loopback, so the same UI runs
 * in a browser (`npm run web`, e2e) as in the Electron window. Threats it answers: another local
 * process or a web page in the user's browser driving the engine. Hence: loopback only by default,
 * a random token per start (compared in constant time), the Origin checked on every upgrade, and
 * every message validated by the same dispatch() the IPC transport uses.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_NAMES, type HostMessage, type HostRequest } from '../shared';
import { CustodianError, type ErrorCode } from '../shared/errors';
import { dispatch } from '../core/api/dispatch';
import type { Engine } from '../core/engine';
import { mimeOf, readStatic, resolveStaticPath } from './static-files';

/** Hard cap on one WebSocket frame; the contract's own cap (64 KiB) answers with a typed error below it. */
const MAX_FRAME_BYTES = 1024 * 1024;

export interface HostOptions {
  engine: Engine;
  /** Defaults to 127.0.0.1. Anything else must be asked for explicitly. */
  host?: string;
  port?: number;
  /** Built renderer (out/renderer); without it only the API is served. */
  staticDir?: string;
  /** Extra origins allowed to open the socket (e.g. the Vite dev server). */
  allowedOrigins?: string[];
  token?: string;
}

export interface RunningHost {
  url: string;
  /** The page address with the token, what a person opens. */
  pageUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(socket: import('node:stream').Duplex, status: number, code: ErrorCode): void {
  const body = JSON.stringify({ error: new CustodianError(code).toPayload() });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function csp(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const api = options.engine.apiFor('websocket');
  const sockets = new Set<WebSocket>();
  let port = 0;

  const server = http.createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const file = options.staticDir ? resolveStaticPath(options.staticDir, req.url ?? '/') : null;
      const body = file ? await readStatic(file) : null;
      if (!file || !body) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': mimeOf(file),
        'Content-Security-Policy': csp(port),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    })();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    if (url.pathname !== '/api') return refuse(socket, 404, 'UNKNOWN_VERB');
    const allowed = new Set([
      `http://127.0.0.1:${port}`,
      `http://localhost:${port}`,
      ...(options.allowedOrigins ?? []),
    ]);
    // Browsers always send Origin on a WebSocket upgrade: a missing one is not a browser page of ours.
    if (!req.headers.origin || !allowed.has(req.headers.origin)) {
      return refuse(socket, 403, 'ORIGIN_DENIED');
    }
    if (!sameToken(url.searchParams.get('token'), token)) {
      return refuse(socket, 401, 'HOST_UNAUTHORIZED');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      void handleMessage(ws, isBinary ? null : data.toString());
    });
  });

  const send = (ws: WebSocket, msg: HostMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };

  const handleMessage = async (ws: WebSocket, text: string | null) => {
    let req: Partial<HostRequest>;
    try {
      req = text === null ? {} : (JSON.parse(text) as Partial<HostRequest>);
    } catch {
      req = {};
    }
    const id = typeof req?.id === 'number' && Number.isSafeInteger(req.id) ? req.id : -1;
    if (id < 0 || typeof req !== 'object' || req === null) {
      const error = new CustodianError('INVALID_INPUT', 'not a request').toPayload();
      return send(ws, { id: -1, ok: false, error });
    }
    const envelope = await dispatch(api, req.verb, req.input, { transport: 'websocket' });
    send(ws, { id, ...envelope } as HostMessage);
  };

  const unsubscribe = EVENT_NAMES.map((event) =>
    options.engine.on(event, (payload) => {
      const text = JSON.stringify({ event, payload } satisfies HostMessage);
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://${host}:${port}`;

  return {
    url: base,
    pageUrl: `${base}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    async close() {
      for (const off of unsubscribe) off();
      // The host closes with its process: no close handshake to wait on.
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
