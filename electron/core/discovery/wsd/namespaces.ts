/**
 * WS-Discovery constants as ONVIF uses them (see shared/protocols/onvif.md §1.1). Kept apart from
 * the codec so the scanner, the lab and the tests name the same strings.
 */

/** The IPv4 multicast group and port every WS-Discovery target listens on. */
export const WSD_MULTICAST_ADDRESS = '239.255.255.250';
export const WSD_PORT = 3702;

/** Replies larger than this are refused before parsing (a ProbeMatches is a few KiB at most). */
export const WSD_MAX_MESSAGE_BYTES = 64 * 1024;

export const NS = {
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  /** WS-Addressing 2004/08, paired with WS-Discovery 2005/04 (what ONVIF devices speak). */
  addressing: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  /** WS-Addressing 1.0, paired with the OASIS 2009/01 discovery namespace. */
  addressing10: 'http://www.w3.org/2005/08/addressing',
  discovery: 'http://schemas.xmlsoap.org/ws/2005/04/discovery',
  discovery2009: 'http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01',
  onvifNetwork: 'http://www.onvif.org/ver10/network/wsdl',
  onvifDevice: 'http://www.onvif.org/ver10/device/wsdl',
} as const;

/** `To` of a multicast Probe in the 2005/04 dialect. */
export const WSD_TO = 'urn:schemas-xmlsoap-org:ws:2005:04:discovery';
export const PROBE_ACTION = `${NS.discovery}/Probe`;

/** Which WS-Discovery namespace a message used. ONVIF mandates 2005/04; some stacks send 2009/01. */
export type WsdDialect = '2005/04' | '2009/01';

/** Maps a discovery namespace URI to its dialect, or null when it is not WS-Discovery at all. */
export function dialectOf(namespaceUri: string | undefined): WsdDialect | null {
  if (namespaceUri === NS.discovery) return '2005/04';
  if (namespaceUri === NS.discovery2009) return '2009/01';
  return null;
}

/** The Probe types Custodian sends, with the prefix bound to the namespace each needs. */
export const PROBE_TYPES = {
  'dn:NetworkVideoTransmitter': { prefix: 'dn', namespace: NS.onvifNetwork },
  'tds:Device': { prefix: 'tds', namespace: NS.onvifDevice },
} as const;
export type ProbeType = keyof typeof PROBE_TYPES;

/** Every ONVIF type lives under this namespace root (network, device, and later versions). */
export const ONVIF_NAMESPACE_ROOT = 'http://www.onvif.org/';
/** Every ONVIF scope starts with this (compared case-insensitively: hosts are). */
export const ONVIF_SCOPE_ROOT = 'onvif://www.onvif.org/';
