/**
 * SADP codec: pure functions over Buffer/string, no sockets (hikvision.md §2-§4). `encodeInquiry`
 * builds the Probe SADPTool multicasts; `decodeSadpMessage` classifies anything that arrives on a
 * SADP socket and never throws, because one bad datagram must not end a scan.
 */
import { parseXml, type XmlElement } from '../wsd/xml';
import { SADP_MAX_MESSAGE_BYTES, type SadpInquiryType } from './constants';
import { readSadpMatch, type SadpMatch } from './match';

export type { SadpAccountFlags, SadpMatch, SadpNetwork } from './match';

/** What a SADP datagram turned out to be. */
export type SadpMessage =
  /** The answer to an inquiry. */
  | { kind: 'probeMatch'; match: SadpMatch }
  /** The unsolicited announcement a device multicasts when it boots (no Uuid). */
  | { kind: 'hello'; match: SadpMatch }
  /** A client's Probe: ours looped back, another SADP tool's, or (in the lab) one to answer. */
  | { kind: 'probe'; uuid: string | null; types: string; mac: string | null }
  /** A reply to a MAC-addressed command (activate, update, getcode ...): not discovery. */
  | { kind: 'commandReply'; uuid: string | null; types: string; result: string | null }
  /** Well-formed XML that is not SADP. */
  | { kind: 'ignored'; reason: string }
  /** Could not be used: oversize, malformed, DTD, or a reply that names no device. */
  | { kind: 'invalid'; reason: string };

export interface InquiryOptions {
  /** Upper-case GUID, fresh per inquiry; devices normally echo it. */
  uuid: string;
  /** Target one device (dash-separated MAC), as Sadp.dll's subnet search does [S]. */
  mac?: string;
  types?: SadpInquiryType;
}

const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const DASHED_MAC = /^[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}$/;

/**
 * The inquiry exactly as SADPTool sends it (one line, hikvision.md §2); with `mac`, the element
 * sits between Uuid and Types as in the command templates (§4). Throws on a malformed Uuid or MAC:
 * those come from our own code, never from the network.
 */
export function encodeInquiry({ uuid, mac, types = 'inquiry' }: InquiryOptions): Buffer {
  if (!GUID.test(uuid)) throw new TypeError('SADP Uuid must be a GUID');
  if (mac !== undefined && !DASHED_MAC.test(mac)) throw new TypeError('SADP MAC must be aa-bb-..');
  const target = mac === undefined ? '' : `<MAC>${mac}</MAC>`;
  return Buffer.from(
    '<?xml version="1.0" encoding="utf-8"?>' +
      `<Probe><Uuid>${uuid.toUpperCase()}</Uuid>${target}<Types>${types}</Types></Probe>`,
    'utf8',
  );
}

export interface DecodeOptions {
  /** Refuse larger input before parsing; defaults to 16 KiB and can only be lowered. */
  maxBytes?: number;
}

/** Classifies one datagram. Never throws: every failure is `{ kind: 'invalid', reason }`. */
export function decodeSadpMessage(input: Buffer | string, opts: DecodeOptions = {}): SadpMessage {
  try {
    const cap = Math.min(opts.maxBytes ?? SADP_MAX_MESSAGE_BYTES, SADP_MAX_MESSAGE_BYTES);
    const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
    if (size > cap) return invalid(`too large: ${size} bytes (limit ${cap})`);
    const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(
      /^\uFEFF/,
      '',
    );
    if (!text.trimStart().startsWith('<')) return invalid('not XML');
    const parsed = parseXml(text); // refuses DOCTYPE/ENTITY, bounds nesting
    if (!parsed.ok) return invalid(parsed.reason);
    return classify(parsed.root);
  } catch (err) {
    return invalid(`decoder error: ${err instanceof Error ? err.message : 'unknown'}`);
  }
}

function invalid(reason: string): SadpMessage {
  return { kind: 'invalid', reason };
}

function leaf(root: XmlElement, local: string): string | null {
  const el = root.children.find((c) => c.local === local && c.children.length === 0);
  return el ? el.text : null;
}

function classify(root: XmlElement): SadpMessage {
  // Firmware writes `activate ` with a trailing space (hikvision.md §4.1), so verbs are trimmed.
  const types = (leaf(root, 'Types') ?? '').trim();
  const uuid = leaf(root, 'Uuid') || null;
  switch (root.local) {
    case 'Probe':
      return { kind: 'probe', uuid, types, mac: leaf(root, 'MAC') || null };
    case 'ProbeMatch': {
      const result = leaf(root, 'Result');
      const verb = types.toLowerCase();
      // A command reply (§4.1) carries Result and its verb; `update` replies repeat every device
      // field too, but they answer someone's command, not our inquiry.
      if (result !== null || (verb !== '' && verb !== 'inquiry' && verb !== 'inquiry_v32')) {
        return { kind: 'commandReply', uuid, types, result: result?.trim() || null };
      }
      return named('probeMatch', readSadpMatch(root));
    }
    case 'Hello':
      return named('hello', readSadpMatch(root));
    default:
      return { kind: 'ignored', reason: `not SADP: <${root.local}>` };
  }
}

/** A reply that names no device (no usable MAC and no serial) cannot become a sighting. */
function named(kind: 'probeMatch' | 'hello', match: SadpMatch): SadpMessage {
  if (match.mac === null && match.serial === null) {
    const what = kind === 'hello' ? 'Hello' : 'ProbeMatch';
    return invalid(`${what} without a usable MAC or DeviceSN`);
  }
  return { kind, match };
}
