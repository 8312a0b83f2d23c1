/**
 * Hardened XML reading for device replies: size cap, no DTD, no entity expansion, bounded
 * nesting, and accessors that never walk the prototype chain. A device is untrusted input.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CustodianError } from '../../../shared/errors';

/** Same bound as the HTTP body cap: a reply that passed transport also fits here. */
export const MAX_SOAP_BYTES = 1024 * 1024;

/** An element as fast-xml-parser shapes it: children by local name, attributes as `@_name`. */
export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  removeNSPrefix: true,
  // Entities are decoded by decodeXmlText below, in one pass, so nothing can expand.
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Keep every value a string: a serial "00012345" must not become the number 12345.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 64,
});

/** A DEVICE_BAD_REPLY with a short reason; never the reply text, which may hold secrets. */
export function badReply(reason: string, cause?: unknown): CustodianError {
  return new CustodianError(
    'DEVICE_BAD_REPLY',
    reason,
    cause === undefined ? undefined : { cause },
  );
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a reply into a tree, or throws DEVICE_BAD_REPLY. Never throws anything else. */
export function parseXml(input: string | Uint8Array, maxBytes = MAX_SOAP_BYTES): XmlNode {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) throw badReply(`reply over ${maxBytes} bytes`);
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  // A DTD is how entity bombs and external-entity reads get in; no ONVIF reply needs one.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw badReply('DOCTYPE refused');
  let tree: unknown;
  try {
    // The parser itself is lenient (it accepts unclosed tags); validate first so a truncated
    // reply is reported as such instead of decoding into half a device.
    if (XMLValidator.validate(text) !== true) throw badReply('not well-formed XML');
    tree = parser.parse(text);
  } catch (err) {
    if (err instanceof CustodianError) throw err;
    throw badReply('not well-formed XML', err);
  }
  if (!isNode(tree)) throw badReply('not XML');
  return tree;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references, once, left to right. */
export function decodeXmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (all, ref) => {
    const name = String(ref);
    if (!name.startsWith('#')) return PREDEFINED[name] ?? all;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/** Every child element called `name` (a repeated element parses as an array). */
export function children(node: unknown, name: string): unknown[] {
  if (!isNode(node) || !Object.hasOwn(node, name)) return [];
  const value = node[name];
  return Array.isArray(value) ? value : [value];
}

/** The first child element called `name`, or undefined. */
export function child(node: unknown, name: string): unknown {
  return children(node, name)[0];
}

/** Follows a path of local names, taking the first element at each step. */
export function at(node: unknown, ...path: string[]): unknown {
  let cur = node;
  for (const name of path) cur = child(cur, name);
  return cur;
}

/** The text content of an element (decoded and trimmed), or null when it has none. */
export function text(value: unknown): string | null {
  if (typeof value === 'string') return decodeXmlText(value).trim();
  if (isNode(value) && Object.hasOwn(value, '#text')) return text(value['#text']);
  if (isNode(value)) return '';
  return null;
}

/** An attribute's decoded value, or null. */
export function attr(node: unknown, name: string): string | null {
  const key = `@_${name}`;
  if (!isNode(node) || !Object.hasOwn(node, key)) return null;
  const value = node[key];
  return typeof value === 'string' ? decodeXmlText(value) : null;
}

/** xs:boolean: "true"/"1" and "false"/"0"; anything else is unknown. */
export function bool(value: unknown): boolean | null {
  const t = text(value)?.toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return null;
}

/** A non-negative integer element, or null. */
export function int(value: unknown): number | null {
  const t = text(value);
  return t !== null && /^\d{1,9}$/.test(t) ? Number(t) : null;
}
