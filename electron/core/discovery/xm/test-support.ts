/**
 * Helpers for tests and the virtual lab: loading the XM search fixtures and framing a reply body
 * the way devices send it. Not used by the product code.
 */
import { readFileSync } from 'node:fs';
import { XM_MSG, encodeXmFrame } from './netip';
import { ipToXmHex } from './search';

export const XM_FIXTURES = [
  'search-reply-icsee.json',
  'search-reply-dvr.json',
  'search-request.hex',
] as const;
export type XmFixtureName = (typeof XM_FIXTURES)[number];

/** The fixture's bytes exactly as stored (`.hex` files are decoded to their bytes). */
export function loadXmFixture(name: XmFixtureName): Buffer {
  const data = readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
  return name.endsWith('.hex') ? Buffer.from(data.toString('utf8').trim(), 'hex') : data;
}

/** How a body ends: `\n\0` (every sender), NUL padding (search replies), or nothing. */
export type XmTrailer = 'newline-nul' | 'nuls' | 'none';

/** A 1531 datagram around `body`, header as devices send it (version 1, session 0). */
export function xmSearchReplyFrame(
  body: Buffer | string | object,
  trailer: XmTrailer = 'newline-nul',
): Buffer {
  const json = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  const trimmed = Buffer.from(json.toString('utf8').trimEnd(), 'utf8');
  const tail = { 'newline-nul': [0x0a, 0x00], nuls: [0, 0, 0, 0, 0, 0], none: [] }[trailer];
  const payload = Buffer.concat([trimmed, Buffer.from(tail)]);
  return encodeXmFrame({ messageId: XM_MSG.IPSEARCH_RSP, version: 1 }, payload);
}

/** Identity a simulated device puts into a fixture reply. */
export interface XmTestIdentity {
  hostIp: string;
  mac?: string;
  serial?: string;
  netmask?: string;
}

/** The fixture body with the NetCommon identity replaced, e.g. for a device on 127.0.60.x. */
export function xmReplyBody(name: XmFixtureName, id: XmTestIdentity): string {
  const body = JSON.parse(loadXmFixture(name).toString('utf8')) as Record<string, unknown>;
  const nc = { ...(body['NetWork.NetCommon'] as Record<string, unknown>) };
  nc.HostIP = ipToXmHex(id.hostIp);
  if (id.netmask) nc.Submask = ipToXmHex(id.netmask);
  if (id.mac) nc.MAC = id.mac;
  if (id.serial) nc.SN = id.serial;
  return JSON.stringify({ ...body, 'NetWork.NetCommon': nc });
}
