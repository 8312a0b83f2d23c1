/**
 * From a decoded ProbeMatch to DeviceFacts: ONVIF scopes (Core spec "Scope parameters"), XAddr
 * ordering, endpoint normalisation. Anything the spec does not define sits in `assumptions.ts`.
 */
import type { DeviceFacts } from '../types';
import {
  assumedFirmwareFromScopes,
  assumedScopeCategory,
  assumedVendorFromScopeName,
} from './assumptions';
import type { WsdMatch } from './match';
import { ONVIF_SCOPE_ROOT } from './namespaces';

/** One `onvif://www.onvif.org/<category>/<value>` scope, decoded. */
export interface OnvifScope {
  /** Lower-cased first path segment, aliases folded (`serial` -> `serialnumber`). */
  category: string;
  /** The rest of the path, each segment percent-decoded, joined with `/`. */
  value: string;
}

function decodeSegment(segment: string): string {
  // Decode each run of escapes on its own, so a stray `%` in a camera name costs only itself.
  return segment.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run; // not valid UTF-8
    }
  });
}

/** Parses one scope URI; null for scopes outside the ONVIF scheme (they are kept raw in facts). */
export function parseOnvifScope(scope: string): OnvifScope | null {
  if (!scope.toLowerCase().startsWith(ONVIF_SCOPE_ROOT)) return null;
  const [first = '', ...rest] = scope.slice(ONVIF_SCOPE_ROOT.length).split('/');
  if (!first) return null;
  const category = assumedScopeCategory(decodeSegment(first).toLowerCase());
  return { category, value: rest.map(decodeSegment).join('/') };
}

/** Every ONVIF scope of a match, in order. */
export function parseOnvifScopes(scopes: readonly string[]): OnvifScope[] {
  return scopes.map(parseOnvifScope).filter((s): s is OnvifScope => s !== null);
}

/** `aa:bb:cc:dd:ee:ff` from the usual spellings (colons, dashes, dots, none); else null. */
export function normalizeMac(value: string): string | null {
  const hex = value.replace(/[:\-.\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex) || /^0{12}$|^f{12}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/** `urn:uuid:<lower-case uuid>` for any UUID spelling; other endpoint references are kept as sent. */
export function normalizeEndpoint(endpoint: string): string {
  const m = /^(?:urn:)?uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(
    endpoint.trim(),
  );
  return m ? `urn:uuid:${m[1]!.toLowerCase()}` : endpoint.trim();
}

function hostOf(xaddr: string): string | null {
  try {
    const url = new URL(xaddr);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return null;
  }
}

function isLinkLocal(host: string): boolean {
  return host.startsWith('169.254.') || /^fe[89ab][0-9a-f]:/.test(host);
}

/**
 * Best first: the XAddr on the address the reply came from, then other IPv4, then IPv6. 169.254.x
 * and fe80:: link-local addresses are dropped unless nothing else is offered (Axis and others list
 * them, agsh/onvif#63, #239), and so are entries that are not http(s) URLs.
 */
export function orderXaddrs(xaddrs: readonly string[], sourceAddress: string): string[] {
  const source = sourceAddress.toLowerCase();
  const ranked: { xaddr: string; rank: number; index: number }[] = [];
  [...new Set(xaddrs)].forEach((xaddr, index) => {
    const host = hostOf(xaddr);
    if (host === null) return;
    const rank = host === source ? 0 : isLinkLocal(host) ? 3 : host.includes(':') ? 2 : 1;
    ranked.push({ xaddr, rank, index });
  });
  const usable = ranked.some((r) => r.rank < 3) ? ranked.filter((r) => r.rank < 3) : ranked;
  return usable.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.xaddr);
}

/** What one ONVIF match says about the device that sent it from `sourceAddress`. */
export function factsFromMatch(match: WsdMatch, sourceAddress: string): DeviceFacts {
  const facts: DeviceFacts = {
    endpoint: normalizeEndpoint(match.endpoint),
    xaddrs: orderXaddrs(match.xaddrs, sourceAddress),
    scopes: [...match.scopes],
  };
  const scopes = parseOnvifScopes(match.scopes);
  const first = (category: string): string | undefined =>
    scopes.find((s) => s.category === category && s.value.trim() !== '')?.value.trim();

  const hardware = first('hardware');
  if (hardware) facts.model = hardware;
  const serial = first('serialnumber');
  if (serial) facts.serial = serial;
  const mac = scopes
    .filter((s) => s.category === 'macaddress')
    .map((s) => normalizeMac(s.value))
    .find((m) => m !== null);
  if (mac) facts.mac = mac;

  const name = first('name');
  const vendor = name ? assumedVendorFromScopeName(name) : undefined;
  if (vendor) facts.vendor = vendor;
  const firmware = assumedFirmwareFromScopes(scopes);
  if (firmware) facts.firmware = firmware;

  for (const s of scopes) {
    if (s.category !== 'profile') continue;
    const q = s.value.toLowerCase();
    if (q === 'q/factorydefault') facts.profileQ = 'factoryDefault';
    else if (q === 'q/operational') facts.profileQ = 'operational';
  }
  return facts;
}
