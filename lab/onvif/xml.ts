/**
 * XML in and out. Replies are our own string templates with escaped values; requests are parsed
 * with fast-xml-parser without entity processing and with namespace prefixes removed (the lab
 * routes on local names, as lenient real firmware does). A DOCTYPE is refused outright: no DTD
 * means no entity expansion, whatever the parser would do.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A parsed element: text under `#text`, attributes under `@_name`. */
export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Why a document was refused. */
export class XmlRefused extends Error {
  override name = 'XmlRefused';
}

/** Parses a request document; throws XmlRefused for a DOCTYPE or malformed XML. */
export function parseXml(text: string): XmlNode {
  if (/<!DOCTYPE/i.test(text)) throw new XmlRefused('DOCTYPE is not accepted');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlRefused(`malformed XML: ${valid.err.msg}`);
  return parser.parse(text) as XmlNode;
}

/** Escapes text for element content and attribute values. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Decodes the five predefined entities and character references (the parser leaves them as-is). */
export function decodeXmlText(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, ent: string) => {
    const e = ent.toLowerCase();
    if (e.startsWith('#x')) return safeCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return safeCodePoint(parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] ?? '';
  });
}

function safeCodePoint(cp: number): string {
  return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
}

/** The child `name` of `node` when it is a single element (arrays: the first). */
export function child(node: XmlValue | undefined, name: string): XmlValue | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  const first = Array.isArray(node) ? node[0] : node;
  if (first === undefined || typeof first === 'string' || Array.isArray(first)) return undefined;
  return first[name];
}

/** Children named `name` as a list (absent: empty). */
export function children(node: XmlValue | undefined, name: string): XmlValue[] {
  const c = node && typeof node === 'object' && !Array.isArray(node) ? node[name] : undefined;
  if (c === undefined) return [];
  return Array.isArray(c) ? c : [c];
}

/** Decoded text content of an element (`#text` when it also has attributes); undefined when absent. */
export function textOf(node: XmlValue | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return decodeXmlText(node);
  if (Array.isArray(node)) return textOf(node[0]);
  const t = node['#text'];
  return typeof t === 'string' ? decodeXmlText(t) : '';
}

/** An attribute value (local name, prefix removed by the parser). */
export function attrOf(node: XmlValue | undefined, name: string): string | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const a = node[`@_${name}`];
  return typeof a === 'string' ? decodeXmlText(a) : undefined;
}
