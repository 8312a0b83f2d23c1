/**
 * The vendor desk and mailbox over HTTP on 127.0.0.1:
 *   POST /redeem {payload}         what the vendor's phone app or support does with a scanned QR
 *   GET  /mailbox/<address>.json   the address's messages, newest first
 *   GET  /mailbox/<address>        the same as a small HTML page
 * The mailbox is the only way to read a code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback, readJsonBody, sendError, sendJson } from '../http/json-http';
import type { VendorDesk } from './desk';
import type { Mailbox } from './mailbox';
import { mailboxPage } from './mailbox-page';

export interface DeskServer {
  /** Base URL; `redeem` is `${url}redeem`. */
  readonly url: string;
  /** `${url}mailbox/`: append an address (URL-encoded) and optionally `.json`. */
  readonly mailboxUrl: string;
  close(): Promise<void>;
}

const MAX_PAYLOAD = 4096;
const ADDRESS_RE = /^[^\s@<>"/]{1,64}@[^\s@<>"/]{1,189}$/;

async function redeem(desk: VendorDesk, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonBody(req);
  if (!body.ok) return sendError(res, body.status, 'bad_request', body.error);
  const payload = (body.value as { payload?: unknown } | null)?.payload;
  if (typeof payload !== 'string' || payload.length === 0 || payload.length > MAX_PAYLOAD)
    return sendError(
      res,
      400,
      'bad_request',
      `payload must be a string of 1..${MAX_PAYLOAD} characters`,
    );
  const r = desk.redeem(payload);
  if (r.ok) return sendJson(res, 200, { delivered: true, to: r.to });
  sendError(res, r.status, r.error, r.message);
}

function mailbox(box: Mailbox, rest: string, res: ServerResponse): void {
  const json = rest.endsWith('.json');
  let address: string;
  try {
    address = decodeURIComponent(json ? rest.slice(0, -'.json'.length) : rest);
  } catch {
    return sendError(res, 400, 'bad_address', 'the address is not valid URL encoding');
  }
  if (!ADDRESS_RE.test(address))
    return sendError(res, 400, 'bad_address', 'that is not an e-mail address');
  const messages = box.list(address);
  if (json) return sendJson(res, 200, { address, messages });
  const html = mailboxPage(address, messages);
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    // Nothing on the page may run or load: it shows device-supplied text.
    'Content-Security-Policy': "default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

/** Starts the desk and mailbox server (port 0: any free port). */
export async function startDeskServer(
  desk: VendorDesk,
  box: Mailbox,
  port = 0,
): Promise<DeskServer> {
  const server = await listenLoopback(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/redeem') {
      if (req.method !== 'POST') return sendError(res, 405, 'method', 'POST only');
      return redeem(desk, req, res);
    }
    if (path.startsWith('/mailbox/')) {
      if (req.method !== 'GET') return sendError(res, 405, 'method', 'GET only');
      return mailbox(box, path.slice('/mailbox/'.length), res);
    }
    sendError(res, 404, 'not_found', 'try POST /redeem or GET /mailbox/<address>.json');
  }, port);
  return { url: server.url, mailboxUrl: `${server.url}mailbox/`, close: server.close };
}
