/**
 * The HTTP side of one simulated Hikvision device: node:http on the device's own loopback address.
 * Bodies are capped and requests have a deadline. The device's faults apply here as on SADP: a
 * lost request is a dropped connection, latency delays the answer, `malformed` truncates it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertLoopback } from '../fleet/addressing';
import type { HikDeviceState } from './device-state';
import type { DigestServer } from './digest';
import { dispatchIsapi } from './isapi-dispatch';
import { MAX_XML_BYTES } from './xml';

/** Whole-request deadline (headers and body). */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface IsapiServer {
  /** The port actually bound (the spec may ask for 0). */
  readonly port: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_XML_BYTES) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_XML_BYTES) chunks.push(c);
    });
    req.on('end', () =>
      resolve(size > MAX_XML_BYTES ? null : Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', () => resolve(null));
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function serve(
  s: HikDeviceState,
  digest: DigestServer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const f = s.faults();
  if (f.packetLoss > 0 && Math.random() < f.packetLoss) {
    req.socket.destroy();
    return;
  }
  const body = await readBody(req);
  if (body === null) {
    res.writeHead(413, { Connection: 'close' }).end();
    return;
  }
  const url = req.url ?? '/';
  const parsed = new URL(url, 'http://device.invalid');
  const out = dispatchIsapi(s, digest, {
    method: req.method ?? 'GET',
    url,
    path: parsed.pathname,
    query: parsed.searchParams,
    authorization: req.headers.authorization,
    body,
  });
  if (f.latencyMs > 0) await sleep(f.latencyMs);
  const text = f.malformed ? out.body.slice(0, Math.floor(out.body.length / 2)) : out.body;
  res.writeHead(out.status, {
    ...out.headers,
    'Content-Type': out.contentType ?? 'application/xml; charset="UTF-8"',
    'Content-Length': Buffer.byteLength(text),
    Server: 'App-webs/',
  });
  res.end(text);
  if (s.countRequest()) s.reboot();
}

/** Starts the device's ISAPI server on its address and HTTP port (0: any free port). */
export function startIsapiServer(s: HikDeviceState, digest: DigestServer): Promise<IsapiServer> {
  const { ip, ports } = s.device;
  assertLoopback(ip, 'HTTP bind address');
  const server = createServer(
    { maxHeaderSize: 16 * 1024, requestTimeout: REQUEST_TIMEOUT_MS },
    (req, res) => {
      serve(s, digest, req, res).catch(() => {
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
