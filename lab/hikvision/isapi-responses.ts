/**
 * ISAPI reply documents (hikvision.md §9-§17), our own templates shaped like the public captures.
 * Cameras answer in the older hikvision.com namespace, recorders in isapi.org (§9).
 */
import type { HikDeviceState } from './device-state';
import type { LockView } from './lockout';
import { esc } from './xml';

const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS_HIK = 'http://www.hikvision.com/ver20/XMLSchema';
const NS_ISAPI = 'http://www.isapi.org/ver20/XMLSchema';

/** One ISAPI request as the handlers see it. */
export interface IsapiRequest {
  method: string;
  /** Path and query exactly as sent (what a Digest `uri` must match). */
  url: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: string;
}

/** True when the client asked for JSON (`?format=json`). */
export function wantsJson(req: IsapiRequest): boolean {
  return req.query.get('format')?.toLowerCase() === 'json';
}

/** What a handler hands back; the server adds length and server headers. */
export interface IsapiReply {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

function ns(s: HikDeviceState): string {
  return s.device.kind === 'recorder' ? NS_ISAPI : NS_HIK;
}

/** `<Root version="2.0" xmlns=…>inner</Root>` with the declaration. */
export function doc(s: HikDeviceState, root: string, inner: string): string {
  return `${DECL}<${root} version="2.0" xmlns="${ns(s)}">\n${inner}</${root}>\n`;
}

const STATUS_STRING: Record<number, string> = {
  1: 'OK',
  2: 'Device Busy',
  3: 'Device Error',
  4: 'Invalid Operation',
  5: 'Invalid XML Format',
  6: 'Invalid XML Content',
  7: 'Reboot Required',
};

/** Lock fields of the ResponseStatus failed-auth shape (§16 shape 2). */
export function lockFields(v: LockView): Record<string, string | number> {
  return {
    lockStatus: v.locked ? 'locked' : 'unlock',
    retryTimes: v.retryTimes,
    resLockTime: v.resLockTime,
  };
}

/** A ResponseStatus in XML, or in JSON when the request asked `format=json` (§9). */
export function responseStatus(
  s: HikDeviceState,
  http: number,
  url: string,
  code: number,
  sub: string,
  extra: Record<string, string | number> = {},
  json = false,
): IsapiReply {
  const statusString = STATUS_STRING[code] ?? 'Invalid Operation';
  if (json) {
    const body = { requestURL: url, statusCode: code, statusString, subStatusCode: sub, ...extra };
    return { status: http, body: JSON.stringify(body), contentType: 'application/json' };
  }
  const tail = Object.entries(extra)
    .map(([k, v]) => `<${k}>${esc(v)}</${k}>\n`)
    .join('');
  const body =
    `${DECL}<ResponseStatus version="1.0" xmlns="${ns(s)}">\n<requestURL>${esc(url)}</requestURL>\n` +
    `<statusCode>${code}</statusCode>\n<statusString>${statusString}</statusString>\n` +
    `<subStatusCode>${esc(sub)}</subStatusCode>\n${tail}</ResponseStatus>\n`;
  return { status: http, body };
}

/** An XML 200 reply. */
export function xml(body: string): IsapiReply {
  return { status: 200, body };
}
