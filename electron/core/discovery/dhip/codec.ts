/**
 * DHIP discovery codec: pure functions over Buffer, no sockets. `encodeDhipSearch` builds the
 * probe devices answer; `decodeDhipMessage` classifies anything that arrives on a DHIP socket and
 * never throws, because one bad datagram must not end a scan.
 */
import { DISCOVER_SEARCH, NOTIFY_DEV_INFO } from './constants';
import { readDeviceInfo, normalizeDhipMac, type DhipDeviceInfo } from './device-info';
import {
  decodeDhipFrame,
  encodeDhipFrame,
  type DecodeFrameOptions,
  type DhipHeader,
} from './frame';

export type { DhipDeviceInfo } from './device-info';

/** What a DHIP datagram turned out to be. */
export type DhipMessage =
  | { kind: 'devInfo'; header: DhipHeader; info: DhipDeviceInfo }
  /** Another client's search (the lab's responder decodes ours with this). */
  | { kind: 'search'; header: DhipHeader; mac: string | null }
  /** Well-formed DHIP that is not for discovery (other notifications, RPC replies). */
  | { kind: 'ignored'; reason: string }
  /** Could not be used: oversize, bad header, bad JSON, a reply with nothing to identify. */
  | { kind: 'invalid'; reason: string };

// The body exactly as S1 builds it (Python's default separators): 64 bytes, length 0x40, the
// probe whose bytes dahua.md §2 gives. Devices ignore bare JSON, so the header is not optional.
const SEARCH_BODY = '{"method": "DHDiscover.search", "params": {"mac": "", "uni": 1}}';

/** The `DHDiscover.search` probe every device on the segment answers (dahua.md §2, §3). */
export function encodeDhipSearch(): Buffer {
  return encodeDhipFrame(SEARCH_BODY);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Classifies one datagram. Never throws: every failure is `{ kind: 'invalid', reason }`. */
export function decodeDhipMessage(input: Buffer, options: DecodeFrameOptions = {}): DhipMessage {
  const frame = decodeDhipFrame(input, options);
  if (!frame.ok) return { kind: 'invalid', reason: frame.reason };
  try {
    return classify(frame.header, frame.json);
  } catch (err) {
    return { kind: 'invalid', reason: `decoder error: ${err instanceof Error ? err.message : ''}` };
  }
}

function classify(header: DhipHeader, json: unknown): DhipMessage {
  if (!isObject(json)) return { kind: 'invalid', reason: 'body is not a JSON object' };
  const method = typeof json.method === 'string' ? json.method : null;
  if (method === NOTIFY_DEV_INFO) {
    const info = readDeviceInfo(json);
    if (!info) return { kind: 'invalid', reason: 'client.notifyDevInfo without params.deviceInfo' };
    if (!info.mac && !info.serial && !info.deviceType) {
      return { kind: 'invalid', reason: 'client.notifyDevInfo without MAC, serial or model' };
    }
    return { kind: 'devInfo', header, info };
  }
  if (method === DISCOVER_SEARCH) {
    // A targeted search puts `mac` at the top level (S15) or inside params (S13).
    const params = isObject(json.params) ? json.params : {};
    const mac = normalizeDhipMac(json.mac) ?? normalizeDhipMac(params.mac) ?? null;
    return { kind: 'search', header, mac };
  }
  const what = method ?? (json.error !== undefined ? 'an error reply' : 'a reply');
  return { kind: 'ignored', reason: `DHIP ${what.slice(0, 64)} is not discovery` };
}
