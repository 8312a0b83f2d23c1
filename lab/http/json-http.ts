/**
 * Small JSON-over-HTTP helpers for the lab's own test doors (vendor desk, mailbox, control API):
 * bodies are capped, only JSON is accepted on writes (a browser cannot send that cross-origin
 * without a preflight), and servers bind to 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertLoopback } from '../fleet/addressing';

/** Largest request body the lab's JSON doors accept. */
export const MAX_JSON_BODY = 16 * 1024;

export type BodyResult =
  { ok: true; value: unknown } | { ok: false; status: number; error: string };

/** Reads a JSON request body, refusing other content types, oversize bodies and bad JSON. */
export function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      req.resume();
      return resolve({ ok: false, status: 415, error: 'send application/json' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_JSON_BODY) {
        req.removeAllListeners('data');
        req.resume();
        resolve({ ok: false, status: 413, error: 'body too large' });
      } else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ ok: false, status: 400, error: 'body is not JSON' });
      }
    });
    req.on('error', () => resolve({ ok: false, status: 400, error: 'unreadable body' }));
  });
}

/** Sends `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

/** An error answer: a stable `error` code and a sentence for people. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
): void {
  sendJson(res, status, { error, message });
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Serves `handler` on 127.0.0.1 (port 0: any free port); a handler that throws answers 500. */
export function listenLoopback(handler: Handler, port = 0): Promise<LoopbackServer> {
  const host = '127.0.0.1';
  assertLoopback(host, 'HTTP bind address');
  const server: Server = createServer({ requestTimeout: 10_000 }, (req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'internal', 'internal error');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${bound}/`,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive sockets would otherwise hold close() open until they time out.
            server.closeAllConnections();
          }),
      });
    });
  });
}
