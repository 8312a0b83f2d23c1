/**
 * The HTTP side of one simulated Dahua device: node:http bound to the device's own loopback
 * address, serving the JSON-RPC endpoints /RPC2_Login, /RPC2 and /OutsideCmd (dahua.md §7). Every
 * request has a body cap and a deadline; the device's faults decide whether a request is dropped,
 * delayed or answered garbled, and whether the device reboots after answering.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertLoopback } from '../fleet/addressing';
import type { DahuaDeviceState } from './device-state';
import type { DahuaEnv } from './env';
import { RPC_ERROR } from './errors';
import { delay, garble, type RequestFate } from './fault-gate';
import { handleLogin } from './login';
import { handleOutsideCmd } from './outside-cmd';
import { fail, parseRpcRequest, type RpcReply } from './rpc';
import { handleRpc2 } from './rpc2';

/** JSON-RPC bodies are a few KB; an envelope with a 2048-bit salt is under 2 KB. */
export const MAX_BODY_BYTES = 64 * 1024;
export const REQUEST_TIMEOUT_MS = 10_000;

export interface DahuaHttpHooks {
  env(): DahuaEnv;
  fate(): RequestFate;
  /** Called once a request whose fate says so has been answered. */
  reboot(): void;
}

export interface DahuaHttpService {
  /** The port actually bound (differs from the spec when it asked for 0). */
  readonly port: number;
  /** Drops every open connection (a reboot does that to a real device). */
  dropConnections(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

async function route(
  s: DahuaDeviceState,
  path: string,
  body: string,
  env: DahuaEnv,
): Promise<RpcReply> {
  const req = parseRpcRequest(body);
  if (!req) return fail({ method: '', params: null, id: 0, extra: {} }, RPC_ERROR.parseError);
  if (path === '/RPC2_Login') {
    if (req.method !== 'global.login') return fail(req, RPC_ERROR.methodNotFound);
    return handleLogin(s, req, env);
  }
  if (path === '/OutsideCmd') return handleOutsideCmd(s, req, env);
  return handleRpc2(s, req, env);
}

async function serve(
  s: DahuaDeviceState,
  hooks: DahuaHttpHooks,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const fate = hooks.fate();
  if (fate.drop) {
    // A lost request: the client sees its connection go, never an answer.
    req.socket.destroy();
    return;
  }
  const path = (req.url ?? '/').split('?')[0]!;
  let status = 200;
  let text: string;
  if (path.startsWith('/cgi-bin/')) {
    // S14: a factory-fresh device answers every CGI with 401; the lab serves no CGI beyond that.
    status = s.initialized ? 404 : 401;
    text = s.initialized ? 'Not Found\r\n' : 'Invalid Authority!\r\n';
  } else if (!['/RPC2_Login', '/RPC2', '/OutsideCmd'].includes(path)) {
    status = 404;
    text = 'Not Found\r\n';
  } else if (req.method !== 'POST') {
    status = 405;
    text = 'Method Not Allowed\r\n';
  } else {
    const body = await readBody(req);
    if (body === null) {
      res.writeHead(413, { Connection: 'close' }).end();
      return;
    }
    text = JSON.stringify(await route(s, path, body, hooks.env()));
  }
  await delay(fate.delayMs);
  let out: Buffer = Buffer.from(text, 'utf8');
  if (fate.malformed) out = garble(out);
  res.writeHead(status, {
    'Content-Type': status === 200 ? 'application/json; charset=UTF-8' : 'text/plain',
    'Content-Length': out.length,
  });
  if (fate.rebootAfter) res.once('finish', () => hooks.reboot());
  res.end(out);
}

/** Starts the device's HTTP server on its address and HTTP port (0: any free port). */
export function startDahuaHttp(
  s: DahuaDeviceState,
  hooks: DahuaHttpHooks,
): Promise<DahuaHttpService> {
  const { ip, ports } = s.device;
  assertLoopback(ip, 'HTTP bind address');
  const server: Server = createServer(
    { maxHeaderSize: 16 * 1024, requestTimeout: REQUEST_TIMEOUT_MS },
    (req, res) => {
      serve(s, hooks, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    },
  );
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: ip, port: ports.http, exclusive: true }, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        dropConnections: () => server.closeAllConnections(),
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
