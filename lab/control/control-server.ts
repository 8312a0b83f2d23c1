/**
 * The lab's control API, HTTP JSON on 127.0.0.1. With the mailbox it is the only test-only door:
 *   GET  /devices                 the manifest's devices with live account snapshots and faults
 *   GET  /devices/<id>/faults     PUT replaces them (validated; omitted fields reset)
 *   POST /devices/<id>/reboot
 *   GET  /devices/<id>/screen     POST one person's action on a recorder's own monitor
 *   POST /clock                   { advanceMs }: moves the whole lab's clock forward (never back),
 *                                 so a test sees codes expire and locks end without waiting
 * Every other account change goes through the devices' own protocols.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeviceFaults, DeviceScreenPort } from '../families/types';
import {
  listenLoopback,
  readJsonBody,
  sendError,
  sendJson,
  type LoopbackServer,
} from '../http/json-http';
import { int, object } from '../../electron/shared/schema';
import { parseFaults } from './faults-schema';

/** What the control API acts on; `startLab` implements it. */
export interface ControlTarget {
  /** Every device: manifest entry, live snapshot, faults. */
  devices(): unknown[];
  has(id: string): boolean;
  faults(id: string): DeviceFaults;
  setFaults(id: string, faults: DeviceFaults): void;
  reboot(id: string): Promise<{ bootedAt: string }>;
  /** The device's monitor, if its family has one. */
  screens(id: string): DeviceScreenPort | undefined;
  /** Moves the lab clock forward; answers the lab's time after the move. */
  advanceClock(ms: number): { now: string };
}

/** One step of `POST /clock`: a week at most, so a typo cannot push the lab out of range. */
const clockSchema = object({ advanceMs: int({ min: 1, max: 7 * 24 * 3600_000 }) });

const ROUTE = /^\/devices\/([A-Za-z0-9._-]{1,64})\/(faults|reboot|screen)$/;

async function route(t: ControlTarget, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  const method = req.method ?? 'GET';
  if (path === '/devices') {
    if (method !== 'GET') return sendError(res, 405, 'method', 'GET only');
    return sendJson(res, 200, { devices: t.devices() });
  }
  if (path === '/clock') {
    if (method !== 'POST') return sendError(res, 405, 'method', 'POST only');
    const body = await readJsonBody(req);
    if (!body.ok) return sendError(res, body.status, 'bad_request', body.error);
    const r = clockSchema.parse(body.value);
    if (!r.ok)
      return sendError(res, 400, 'bad_clock', `${r.issues[0]!.path} ${r.issues[0]!.problem}`);
    return sendJson(res, 200, t.advanceClock(r.value.advanceMs));
  }
  const m = ROUTE.exec(path);
  if (!m) return sendError(res, 404, 'not_found', 'no such route');
  const [, id, what] = m as unknown as [string, string, 'faults' | 'reboot' | 'screen'];
  if (!t.has(id)) return sendError(res, 404, 'no_device', `no device ${id} in this lab`);
  switch (`${method} ${what}`) {
    case 'GET faults':
      return sendJson(res, 200, t.faults(id));
    case 'PUT faults': {
      const body = await readJsonBody(req);
      if (!body.ok) return sendError(res, body.status, 'bad_request', body.error);
      const r = parseFaults(body.value);
      if (!r.ok) {
        const issue = r.issues[0]!;
        return sendError(res, 400, 'bad_faults', `${issue.path} ${issue.problem}`);
      }
      t.setFaults(id, r.value);
      return sendJson(res, 200, r.value);
    }
    case 'POST reboot':
      return sendJson(res, 200, { rebooted: true, ...(await t.reboot(id)) });
    case 'GET screen':
    case 'POST screen':
      return screen(t.screens(id), id, method, req, res);
    default:
      return sendError(res, 405, 'method', `${method} is not allowed on ${what}`);
  }
}

async function screen(
  port: DeviceScreenPort | undefined,
  id: string,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const view = port?.view(id) ?? null;
  if (!port || view === null)
    return sendError(res, 404, 'no_screen', `${id} has no recovery screen`);
  if (method === 'GET') return sendJson(res, 200, view);
  const body = await readJsonBody(req);
  if (!body.ok) return sendError(res, body.status, 'bad_request', body.error);
  const r = port.act(id, body.value);
  if (r.ok) return sendJson(res, 200, r.view);
  sendError(res, r.status, r.error, r.message);
}

/** Starts the control API (port 0: any free port). */
export function startControlServer(target: ControlTarget, port = 0): Promise<LoopbackServer> {
  return listenLoopback((req, res) => route(target, req, res), port);
}
