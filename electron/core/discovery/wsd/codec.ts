/**
 * WS-Discovery codec: pure functions over Buffer/string, no sockets. `encodeProbe` builds the
 * multicast Probe ONVIF devices answer; `decodeWsdMessage` classifies anything that arrives on a
 * WS-Discovery socket and never throws, because one bad datagram must not end a scan.
 */
import {
  NS,
  PROBE_ACTION,
  PROBE_TYPES,
  WSD_MAX_MESSAGE_BYTES,
  WSD_TO,
  dialectOf,
  type ProbeType,
  type WsdDialect,
} from './namespaces';
import { child, childrenNamed, parseXml, type XmlElement } from './xml';
import { isOnvifMatch, readFault, readMatch, type ReadMatch, type WsdMatch } from './match';

export type { WsdMatch } from './match';

/** What a WS-Discovery datagram turned out to be. */
export type WsdMessage =
  | {
      kind: 'probeMatches';
      dialect: WsdDialect;
      messageId: string | null;
      /** The MessageID of the Probe this answers; the scanner accepts only its own. */
      relatesTo: string | null;
      /** ONVIF matches only; non-camera matches in the same message are left out. */
      matches: WsdMatch[];
    }
  | { kind: 'hello'; dialect: WsdDialect; messageId: string | null; match: WsdMatch }
  | { kind: 'bye'; dialect: WsdDialect; messageId: string | null; endpoint: string }
  /** Another client's Probe (the lab's responder decodes ours with this). */
  | { kind: 'probe'; dialect: WsdDialect; messageId: string | null; types: string[] }
  /** Well-formed traffic that is not for us: Windows WSD, printers, NAS, Resolve. */
  | { kind: 'ignored'; reason: string }
  /** Could not be used: oversize, malformed, DTD, SOAP Fault, missing parts. */
  | { kind: 'invalid'; reason: string };

export interface ProbeOptions {
  /** `urn:uuid:…`, fresh for every Probe: replies are matched on it through RelatesTo. */
  messageId: string;
  types: readonly ProbeType[];
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Builds a SOAP 1.2 WS-Discovery 2005/04 Probe. Compact on purpose: the widely used ONVIF probe
 * is one line, and some embedded parsers are picky about anything else.
 */
export function encodeProbe({ messageId, types }: ProbeOptions): Buffer {
  const decls = [...new Set(types)]
    .map((t) => `xmlns:${PROBE_TYPES[t].prefix}="${PROBE_TYPES[t].namespace}"`)
    .join(' ');
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<s:Envelope xmlns:s="${NS.soap12}" xmlns:a="${NS.addressing}" xmlns:d="${NS.discovery}"${decls ? ' ' + decls : ''}>` +
    '<s:Header>' +
    `<a:MessageID>${escapeXml(messageId)}</a:MessageID>` +
    `<a:To s:mustUnderstand="true">${WSD_TO}</a:To>` +
    `<a:Action s:mustUnderstand="true">${PROBE_ACTION}</a:Action>` +
    '</s:Header>' +
    `<s:Body><d:Probe><d:Types>${types.join(' ')}</d:Types></d:Probe></s:Body>` +
    '</s:Envelope>';
  return Buffer.from(xml, 'utf8');
}

export interface DecodeOptions {
  /** Refuse larger input before parsing; defaults to 64 KiB and can only be lowered. */
  maxBytes?: number;
}

/** Classifies one datagram. Never throws: every failure is `{ kind: 'invalid', reason }`. */
export function decodeWsdMessage(input: Buffer | string, opts: DecodeOptions = {}): WsdMessage {
  try {
    const cap = Math.min(opts.maxBytes ?? WSD_MAX_MESSAGE_BYTES, WSD_MAX_MESSAGE_BYTES);
    const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
    if (size > cap) return invalid(`too large: ${size} bytes (limit ${cap})`);
    const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(
      /^\uFEFF/,
      '',
    );
    if (!text.trimStart().startsWith('<')) return invalid('not XML');
    const parsed = parseXml(text);
    if (!parsed.ok) return invalid(parsed.reason);
    return classify(parsed.root);
  } catch (err) {
    return invalid(`decoder error: ${err instanceof Error ? err.message : 'unknown'}`);
  }
}

function invalid(reason: string): WsdMessage {
  return { kind: 'invalid', reason };
}

function classify(envelope: XmlElement): WsdMessage {
  if (envelope.local !== 'Envelope') return invalid(`not a SOAP envelope (<${envelope.local}>)`);
  if (envelope.ns !== NS.soap12 && envelope.ns !== NS.soap11) {
    return invalid(`unknown SOAP envelope namespace ${envelope.ns ?? '(undeclared)'}`);
  }
  const header = child(envelope, 'Header');
  const body = child(envelope, 'Body');
  if (!body) return invalid('SOAP envelope without Body');
  const payload = body.children[0];
  if (!payload) return invalid('empty SOAP Body');
  if (payload.local === 'Fault') return invalid(`SOAP Fault: ${readFault(payload)}`);

  const action = child(header, 'Action')?.text ?? '';
  const messageId = child(header, 'MessageID')?.text || null;
  // Trust the body element's namespace; fall back to the Action URI for firmware that forgot to
  // declare its discovery prefix.
  const dialect =
    dialectOf(payload.ns) ??
    (payload.ns === undefined ? dialectOf(action.slice(0, action.lastIndexOf('/'))) : null);
  if (!dialect) {
    return {
      kind: 'ignored',
      reason: `not WS-Discovery: <${payload.local}> in ${payload.ns ?? '?'}`,
    };
  }

  switch (payload.local) {
    case 'ProbeMatches': {
      const relatesTo = child(header, 'RelatesTo')?.text || null;
      const read = childrenNamed(payload, 'ProbeMatch').map(readMatch);
      const usable = read.filter((m): m is ReadMatch => m !== null);
      if (read.length === 0) return { kind: 'ignored', reason: 'empty ProbeMatches' };
      if (usable.length === 0) return invalid('ProbeMatch without EndpointReference/Address');
      const matches = usable.filter(isOnvifMatch).map((m) => m.match);
      if (matches.length === 0) return { kind: 'ignored', reason: notOnvif(usable) };
      return { kind: 'probeMatches', dialect, messageId, relatesTo, matches };
    }
    case 'Hello': {
      const read = readMatch(payload);
      if (!read) return invalid('Hello without EndpointReference/Address');
      if (!isOnvifMatch(read)) return { kind: 'ignored', reason: notOnvif([read]) };
      return { kind: 'hello', dialect, messageId, match: read.match };
    }
    case 'Bye': {
      const read = readMatch(payload);
      if (!read) return invalid('Bye without EndpointReference/Address');
      // A Bye usually carries only the endpoint; drop it only when it says it is not a camera.
      if (read.match.types.length > 0 && !isOnvifMatch(read)) {
        return { kind: 'ignored', reason: notOnvif([read]) };
      }
      return { kind: 'bye', dialect, messageId, endpoint: read.match.endpoint };
    }
    case 'Probe': {
      const types = (child(payload, 'Types')?.text ?? '').split(/\s+/).filter(Boolean);
      return { kind: 'probe', dialect, messageId, types };
    }
    default:
      return { kind: 'ignored', reason: `WS-Discovery ${payload.local} is not used` };
  }
}

function notOnvif(read: ReadMatch[]): string {
  const types = [...new Set(read.flatMap((r) => r.match.types))].join(' ') || 'none';
  return `not an ONVIF device (types: ${types})`;
}

/**
 * Compares MessageIDs the way firmware echoes them: case-insensitively, and with or without the
 * `urn:` in front of `uuid:` (the agsh mock-up and some cameras drop it).
 */
export function sameMessageId(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && normalizeMessageId(a) === normalizeMessageId(b);
}

/** The comparable form of a MessageID or endpoint reference. */
export function normalizeMessageId(id: string): string {
  return id
    .trim()
    .toLowerCase()
    .replace(/^urn:uuid:/, 'uuid:');
}
