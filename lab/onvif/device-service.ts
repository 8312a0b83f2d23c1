/**
 * The HTTP side of one simulated ONVIF device: a node:http server bound to the device's own
 * loopback address, answering SOAP 1.2 POSTs. Every request has a body cap and a deadline, so a
 * slow or oversized client cannot tie the lab up.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NO_FAULTS, type DeviceFaults } from '../families/types';
import { assertLoopback } from '../fleet/addressing';
import { DigestAuthority } from './auth-digest';
import type { OnvifDeviceState } from './device-state';
import { handleDeviceRequest, type DeviceContext } from './device-dispatch';

/** Largest request body accepted; SOAP management calls are a few KB. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Whole-request deadline (headers and body). */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface DeviceService {
  readonly state: OnvifDeviceState;
  /** The port actually bound (differs from the spec when it asked for 0). */
  readonly port: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return resolve(null);
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

/** Run-time faults and a per-request hook, from the family runtime (control API faults, reboots). */
export interface DeviceServiceHooks {
  faults?: () => DeviceFaults;
  /** Called after each answered request. */
  afterRequest?: () => void;
}

async function serve(
  ctx: DeviceContext,
  req: IncomingMessage,
  res: ServerResponse,
  hooks: DeviceServiceHooks,
): Promise<void> {
  const faults = hooks.faults?.() ?? NO_FAULTS;
  if (faults.packetLoss > 0 && Math.random() < faults.packetLoss) {
    // A lost request: the client sees the connection drop, as with a device that fell over.
    req.resume();
    req.socket.destroy();
    return;
  }
  if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
  const body = await readBody(req);
  if (body === null) {
    res
      .writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' })
      .end('Request body too large\n');
    return;
  }
  const out = handleDeviceRequest(ctx, {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    authorization: req.headers.authorization,
    body,
  });
  // Malformed: the reply is cut in half, as flaky firmware does; clients must not choke on it.
  const text = faults.malformed ? out.body.slice(0, Math.floor(out.body.length / 2)) : out.body;
  res.writeHead(out.status, {
    ...out.headers,
    'Content-Length': Buffer.byteLength(text),
    Server: 'lab-onvif',
  });
  res.end(text);
  hooks.afterRequest?.();
}

/** Starts the device's HTTP server on its address and port (port 0: any free port). */
export function startDeviceService(
  state: OnvifDeviceState,
  hooks: DeviceServiceHooks = {},
): Promise<DeviceService> {
  const { ip, ports } = state.device;
  assertLoopback(ip, 'HTTP bind address');
  const ctx: DeviceContext = { state, digest: new DigestAuthority(`${state.device.vendor} ONVIF`) };
  const server: Server = createServer(
    { maxHeaderSize: 16 * 1024, requestTimeout: REQUEST_TIMEOUT_MS },
    (req, res) => {
      serve(ctx, req, res, hooks).catch(() => {
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
      const port = (server.address() as AddressInfo).port;
      resolve({
        state,
        port,
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
