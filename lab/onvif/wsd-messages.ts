/**
 * WS-Discovery 2005/04 codec for the target side: parse a Probe, write ProbeMatches, Hello and
 * Bye. Pure functions over strings so they are tested without sockets.
 */
import { randomUUID } from 'node:crypto';
import { NS, WSA_ANONYMOUS, WSD_ACTION, WSD_TO } from './namespaces';
import type { OnvifDeviceState } from './device-state';
import { scopesMatch } from './scopes';
import { attrOf, child, escapeXml, parseXml, textOf } from './xml';

export interface Probe {
  messageId: string;
  /** Requested types, namespace resolved where the probe declared the prefix. */
  types: { ns: string | undefined; local: string }[];
  scopes: string[];
  matchBy: string | undefined;
}

/** The types every simulated device is: what it answers for and announces. */
const DEVICE_TYPES: Record<string, string> = { NetworkVideoTransmitter: NS.dn, Device: NS.tds };
/** Conventional prefixes, for sloppy probes that use `dn:`/`tds:` without declaring them. */
const CONVENTIONAL: Record<string, string> = { dn: NS.dn, tds: NS.tds };

/**
 * The prefix declarations anywhere in the document. An approximation of XML scoping (a prefix
 * redeclared in a nested element is not seen), good enough for a one-element Types list.
 */
function declaredPrefixes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/g))
    if (!out.has(m[1]!)) out.set(m[1]!, m[2]!);
  return out;
}

function resolveQName(
  qname: string,
  prefixes: Map<string, string>,
): { ns: string | undefined; local: string } {
  const colon = qname.indexOf(':');
  if (colon < 0) return { ns: undefined, local: qname };
  const prefix = qname.slice(0, colon);
  return { ns: prefixes.get(prefix) ?? CONVENTIONAL[prefix], local: qname.slice(colon + 1) };
}
const TYPES_TEXT = 'dn:NetworkVideoTransmitter tds:Device';

/** Largest datagram the responder reads; a Probe is well under 2 KB. */
export const MAX_PROBE_BYTES = 16 * 1024;

/** Parses a datagram as a Probe; null for anything else (Hello, Bye, other SOAP, garbage). */
export function parseProbe(datagram: Buffer | string): Probe | null {
  if (datagram.length > MAX_PROBE_BYTES) return null;
  let doc;
  const text = typeof datagram === 'string' ? datagram : datagram.toString('utf8');
  try {
    doc = parseXml(text);
  } catch {
    return null;
  }
  const env = child(doc, 'Envelope');
  const probe = child(child(env, 'Body'), 'Probe');
  if (probe === undefined) return null;
  const messageId = textOf(child(child(env, 'Header'), 'MessageID'))?.trim();
  if (!messageId) return null;
  const scopesEl = child(probe, 'Scopes');
  const split = (s: string | undefined) => (s ?? '').split(/\s+/).filter(Boolean);
  return {
    messageId,
    types: split(textOf(child(probe, 'Types'))).map((q) => resolveQName(q, declaredPrefixes(text))),
    scopes: split(textOf(scopesEl)),
    matchBy: attrOf(scopesEl, 'MatchBy'),
  };
}

/** Whether a device answers this probe: all requested types known and all scopes matched. */
export function probeMatchesDevice(probe: Probe, device: OnvifDeviceState): boolean {
  // An unprefixed or undeclared type matches on its local name, as lenient firmware does; a
  // declared namespace must be the ONVIF one (Windows probes for wsdp:Device must stay unanswered).
  const known = (t: Probe['types'][number]) =>
    Object.hasOwn(DEVICE_TYPES, t.local) && (t.ns === undefined || t.ns === DEVICE_TYPES[t.local]);
  if (!probe.types.every(known)) return false;
  return scopesMatch(probe.scopes, device.scopes, probe.matchBy);
}

function envelope(header: string, body: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<s:Envelope xmlns:s="${NS.soap}" xmlns:a="${NS.wsa}" xmlns:d="${NS.wsd}" xmlns:dn="${NS.dn}" xmlns:tds="${NS.tds}">` +
    `<s:Header>${header}</s:Header><s:Body>${body}</s:Body></s:Envelope>`
  );
}

function appSequence(device: OnvifDeviceState): string {
  return `<d:AppSequence InstanceId="${device.instanceId}" MessageNumber="${device.nextMessageNumber()}"/>`;
}

function endpointRef(device: OnvifDeviceState): string {
  return `<a:EndpointReference><a:Address>${escapeXml(device.device.endpoint)}</a:Address></a:EndpointReference>`;
}

/** Types, Scopes, XAddrs and MetadataVersion: the part Hello and ProbeMatch share. */
function metadata(device: OnvifDeviceState): string {
  return (
    endpointRef(device) +
    `<d:Types>${TYPES_TEXT}</d:Types>` +
    `<d:Scopes>${escapeXml(device.scopes.join(' '))}</d:Scopes>` +
    `<d:XAddrs>${escapeXml(device.xaddr)}</d:XAddrs>` +
    `<d:MetadataVersion>${device.metadataVersion}</d:MetadataVersion>`
  );
}

function header(action: string, to: string, extra = ''): string {
  return (
    `<a:MessageID>urn:uuid:${randomUUID()}</a:MessageID>` +
    extra +
    `<a:To>${to}</a:To><a:Action>${action}</a:Action>`
  );
}

/** The unicast answer to a probe; RelatesTo echoes the probe's MessageID. */
export function buildProbeMatches(device: OnvifDeviceState, relatesTo: string): string {
  const rel = `<a:RelatesTo>${escapeXml(relatesTo)}</a:RelatesTo>`;
  return envelope(
    header(WSD_ACTION.probeMatches, WSA_ANONYMOUS, rel) + appSequence(device),
    `<d:ProbeMatches><d:ProbeMatch>${metadata(device)}</d:ProbeMatch></d:ProbeMatches>`,
  );
}

/** Multicast announcement when the device joins (or its metadata changes). */
export function buildHello(device: OnvifDeviceState): string {
  return envelope(
    header(WSD_ACTION.hello, WSD_TO) + appSequence(device),
    `<d:Hello>${metadata(device)}</d:Hello>`,
  );
}

/** Multicast announcement when the device leaves. */
export function buildBye(device: OnvifDeviceState): string {
  return envelope(
    header(WSD_ACTION.bye, WSD_TO) + appSequence(device),
    `<d:Bye>${endpointRef(device)}</d:Bye>`,
  );
}
