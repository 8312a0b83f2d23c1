/**
 * One device-service request, from bytes to reply, without sockets: parse, authenticate (HTTP
 * Digest or WS-UsernameToken), authorize by access class, run the operation. Kept transport-free
 * so every auth and fault path is tested directly.
 */
import type { LabUser } from '../fleet/spec';
import { accessClassOf, assumedOnvifFactoryDefaultAccess, levelMayCall } from './access';
import type { DigestAuthority } from './auth-digest';
import { readUsernameToken, verifyUsernameToken } from './auth-wsse';
import type { OnvifDeviceState } from './device-state';
import * as r from './device-responses';
import { actionNotSupported, notAuthorized, SoapFault, soapEnvelope } from './soap';
import { createUsers, deleteUsers, setUser } from './user-ops';
import { child, parseXml, textOf, XmlRefused, type XmlNode, type XmlValue } from './xml';

export interface SoapHttpRequest {
  method: string;
  /** Request target as sent (path and query), used for the Digest `uri` check. */
  url: string;
  authorization: string | undefined;
  body: string;
}

export interface SoapHttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

export interface DeviceContext {
  state: OnvifDeviceState;
  digest: DigestAuthority;
}

export const DEVICE_SERVICE_PATH = '/onvif/device_service';
export const EVENT_SERVICE_PATH = '/onvif/event_service';

const SOAP_TYPE = 'application/soap+xml; charset=utf-8';

type Handler = (state: OnvifDeviceState, op: XmlValue | undefined, now: number) => string;
const HANDLERS: Record<string, Handler> = {
  GetSystemDateAndTime: (_s, _op, now) => r.systemDateAndTime(new Date(now)),
  GetDeviceInformation: (s) => r.deviceInformation(s),
  GetScopes: (s) => r.scopes(s),
  GetNetworkInterfaces: (s) => r.networkInterfaces(s),
  GetUsers: (s) => r.users(s),
  GetServices: (s, op) => r.services(s, textOf(child(op, 'IncludeCapability')) === 'true'),
  GetServiceCapabilities: () => r.getServiceCapabilities(),
  GetCapabilities: (s) => r.capabilities(s),
  CreateUsers: createUsers,
  SetUser: setUser,
  DeleteUsers: deleteUsers,
};

function soap(
  status: number,
  body: string,
  extra: Record<string, string | string[]> = {},
): SoapHttpResponse {
  return { status, headers: { 'Content-Type': SOAP_TYPE, ...extra }, body };
}

function fault(f: SoapFault, extra: Record<string, string | string[]> = {}): SoapHttpResponse {
  return soap(f.httpStatus, f.toXml(), extra);
}

/** Core: no credentials (or a failed digest) means 401 with a digest challenge. */
function challenge(ctx: DeviceContext, now: number, stale = false): SoapHttpResponse {
  return {
    ...fault(notAuthorized(), { 'WWW-Authenticate': ctx.digest.challenge(now, stale) }),
    status: 401,
  };
}

/** The first element child of Body: the operation. */
function operationOf(
  doc: XmlNode,
): { name: string; node: XmlValue | undefined; header: XmlValue | undefined } | null {
  const env = child(doc, 'Envelope');
  const body = child(env, 'Body');
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const name = Object.keys(body).find((k) => !k.startsWith('@_') && k !== '#text');
  return name ? { name, node: body[name], header: child(env, 'Header') } : null;
}

type Caller =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: LabUser }
  | { kind: 'refused'; response: SoapHttpResponse };

function authenticate(
  ctx: DeviceContext,
  req: SoapHttpRequest,
  header: XmlValue | undefined,
  now: number,
): Caller {
  const { state } = ctx;
  if (req.authorization !== undefined && /^Digest\s/i.test(req.authorization)) {
    const d = ctx.digest.verify(req.authorization, req.method, req.url, state.users, now);
    return d.ok
      ? { kind: 'user', user: d.user }
      : { kind: 'refused', response: challenge(ctx, now, d.stale) };
  }
  const token = readUsernameToken(header);
  if (token) {
    const w = verifyUsernameToken(token, state.users, state.nonces, now);
    // Core: a rejected UsernameToken is HTTP 400 with ter:NotAuthorized, not a digest challenge.
    return w.ok
      ? { kind: 'user', user: w.user }
      : { kind: 'refused', response: fault(notAuthorized()) };
  }
  return { kind: 'anonymous' };
}

/** Answers one HTTP request to the device service. Never throws. */
export function handleDeviceRequest(
  ctx: DeviceContext,
  req: SoapHttpRequest,
  now = Date.now(),
): SoapHttpResponse {
  const path = req.url.split('?')[0];
  if (path !== DEVICE_SERVICE_PATH && path !== EVENT_SERVICE_PATH)
    return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Not Found\n' };
  if (req.method !== 'POST')
    return {
      status: 405,
      headers: { Allow: 'POST', 'Content-Type': 'text/plain' },
      body: 'POST only\n',
    };
  let doc: XmlNode;
  try {
    doc = parseXml(req.body);
  } catch (err) {
    const why = err instanceof XmlRefused ? err.message : 'unreadable request';
    return fault(new SoapFault('Sender', ['WellFormed'], why));
  }
  const op = operationOf(doc);
  if (!op) return fault(new SoapFault('Sender', ['WellFormed'], 'No operation in the SOAP Body'));
  const { state } = ctx;
  const cls = accessClassOf(op.name);
  if (cls !== 'PRE_AUTH' && !assumedOnvifFactoryDefaultAccess(state.state)) {
    const caller = authenticate(ctx, req, op.header, now);
    if (caller.kind === 'refused') return caller.response;
    if (caller.kind === 'anonymous') return challenge(ctx, now);
    if (!levelMayCall(caller.user.level, cls))
      return fault(notAuthorized(`${caller.user.level} may not call ${op.name}`));
  }
  const handler = path === DEVICE_SERVICE_PATH ? HANDLERS[op.name] : undefined;
  try {
    if (!handler) throw actionNotSupported(op.name);
    return soap(200, soapEnvelope(handler(state, op.node, now)));
  } catch (err) {
    if (err instanceof SoapFault) return fault(err);
    return fault(new SoapFault('Receiver', ['Action'], 'Internal error'));
  }
}
