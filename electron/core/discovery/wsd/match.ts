/**
 * Reading the parts of a WS-Discovery message body: one ProbeMatch (or Hello/Bye payload), the
 * test for "is this a camera", and a SOAP Fault's text. Used only by the codec.
 */
import { NS, ONVIF_NAMESPACE_ROOT, ONVIF_SCOPE_ROOT } from './namespaces';
import { child, resolveQName, type XmlElement } from './xml';

/** One target service as a ProbeMatch or Hello describes it, values as sent. */
export interface WsdMatch {
  /** EndpointReference/Address as sent: `urn:uuid:…`, sometimes `uuid:…`. */
  endpoint: string;
  /** QNames as written, e.g. `dn:NetworkVideoTransmitter`. */
  types: string[];
  scopes: string[];
  xaddrs: string[];
  metadataVersion: number | null;
}

function list(el: XmlElement | undefined): string[] {
  return (el?.text ?? '').split(/\s+/).filter(Boolean);
}

/** A match as read, with whether its types say "camera" (resolved against the XML scope). */
export interface ReadMatch {
  match: WsdMatch;
  onvifTypes: boolean;
}

/** Reads a ProbeMatch, Hello or Bye element; null when it has no endpoint address. */
export function readMatch(el: XmlElement): ReadMatch | null {
  const endpoint = child(child(el, 'EndpointReference'), 'Address')?.text ?? '';
  if (!endpoint) return null;
  const typesEl = child(el, 'Types');
  const version = child(el, 'MetadataVersion')?.text ?? '';
  const types = list(typesEl);
  return {
    match: {
      endpoint,
      types,
      scopes: list(child(el, 'Scopes')),
      xaddrs: list(child(el, 'XAddrs')),
      metadataVersion: /^\d{1,10}$/.test(version) ? Number(version) : null,
    },
    // QNames in text resolve against the namespaces in scope where they were written.
    onvifTypes: typesEl !== undefined && types.some((t) => isOnvifType(typesEl, t)),
  };
}

function isOnvifType(scopeEl: XmlElement, qname: string): boolean {
  const { ns, prefix, local } = resolveQName(scopeEl, qname);
  if (ns !== undefined) return ns.startsWith(ONVIF_NAMESPACE_ROOT);
  // Undeclared prefix (seen on cheap firmware): go by the conventional ONVIF prefixes.
  return local === 'NetworkVideoTransmitter' || prefix === 'tds' || prefix === 'dn';
}

/**
 * A camera, recorder or encoder: an ONVIF type (resolved by namespace, so Windows' `wsdp:Device`
 * does not pass for `tds:Device`) or, for firmware with odd types, any `onvif://` scope.
 */
export function isOnvifMatch({ match, onvifTypes }: ReadMatch): boolean {
  return onvifTypes || match.scopes.some((s) => s.toLowerCase().startsWith(ONVIF_SCOPE_ROOT));
}

/** `code[/subcode]: reason` from a SOAP 1.2 or SOAP 1.1 Fault. */
export function readFault(fault: XmlElement): string {
  if (fault.ns === NS.soap11 || child(fault, 'faultcode')) {
    const code = child(fault, 'faultcode')?.text ?? '?';
    return `${code}: ${child(fault, 'faultstring')?.text || 'no reason given'}`;
  }
  const code = child(fault, 'Code');
  const codes = [child(code, 'Value')?.text, child(child(code, 'Subcode'), 'Value')?.text];
  const reason = child(child(fault, 'Reason'), 'Text')?.text || 'no reason given';
  return `${codes.filter(Boolean).join('/') || '?'}: ${reason}`;
}
