/**
 * The discovery scopes a device announces (Core "Scope parameters": Profile, Hardware and Name are
 * mandatory; MacAddress and SerialNumber are Core categories too), and the rfc3986 matching rule a
 * Probe's Scopes are checked with.
 */
import type { OnvifAccountState, OnvifLabDevice } from '../fleet/spec';

const ONVIF_SCOPE = 'onvif://www.onvif.org/';

/**
 * Assumption: the value forms of the MacAddress and SerialNumber categories (lower-case, colon
 * separated MAC; the serial as printed). Core names the categories; field devices' exact value
 * spelling is not confirmed (onvif.md §1.4, §9.2).
 */
export function assumedIdentityScopes(mac: string, serial: string): string[] {
  return [
    `${ONVIF_SCOPE}MacAddress/${mac}`,
    `${ONVIF_SCOPE}SerialNumber/${encodeURIComponent(serial)}`,
  ];
}

/** All scopes of a device in the given account state, percent-encoded as Core requires. */
export function deviceScopes(device: OnvifLabDevice, state: OnvifAccountState): string[] {
  const typeScopes =
    device.kind === 'camera'
      ? ['type/video_encoder', 'type/Network_Video_Transmitter']
      : ['type/Network_Video_Transmitter', 'type/Network_Video_Recorder'];
  return [
    `${ONVIF_SCOPE}Profile/Streaming`,
    `${ONVIF_SCOPE}Profile/Q/${state === 'factoryDefault' ? 'FactoryDefault' : 'Operational'}`,
    ...typeScopes.map((s) => ONVIF_SCOPE + s),
    `${ONVIF_SCOPE}hardware/${encodeURIComponent(device.model)}`,
    `${ONVIF_SCOPE}name/${encodeURIComponent(`${device.vendor} ${device.model}`)}`,
    ...assumedIdentityScopes(device.mac, device.serial),
    ...device.scopes,
  ];
}

const RFC3986 = 'http://schemas.xmlsoap.org/ws/2005/04/discovery/rfc3986';

/**
 * WS-Discovery rfc3986 matching: every probe scope must be a segment-wise prefix of some device
 * scope (scheme and authority case-insensitive). Other MatchBy rules are not supported, so a probe
 * that asks for one matches nothing (real devices fault or stay silent).
 */
export function scopesMatch(
  probeScopes: readonly string[],
  deviceScopeList: readonly string[],
  matchBy?: string,
): boolean {
  if (probeScopes.length === 0) return true;
  if (matchBy !== undefined && matchBy !== '' && matchBy !== RFC3986) return false;
  const own = deviceScopeList.map(splitScope).filter((s) => s !== null);
  return probeScopes.every((p) => {
    const want = splitScope(p);
    return want !== null && own.some((have) => isPrefix(want, have));
  });
}

type SplitScope = { origin: string; segments: string[] };

function splitScope(scope: string): SplitScope | null {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/.*)?$/i.exec(scope.trim());
  if (!m) return null;
  const segments = (m[2] ?? '').split('/').filter((s) => s !== '');
  return { origin: m[1]!.toLowerCase(), segments };
}

function isPrefix(want: SplitScope, have: SplitScope): boolean {
  if (want.origin !== have.origin || want.segments.length > have.segments.length) return false;
  return want.segments.every((seg, i) => seg === have.segments[i]);
}
