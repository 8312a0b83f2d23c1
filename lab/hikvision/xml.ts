/**
 * XML for the Hikvision family. Replies are string templates with escaped values. Requests (SADP
 * probes, ISAPI bodies) are flat documents, so they are read into a map of child name to text:
 * fast-xml-parser without entity processing and with prefixes removed, and any DOCTYPE refused
 * before parsing, so no entity is ever expanded.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Largest document the lab reads (SADP datagrams and ISAPI bodies are a few KB). */
export const MAX_XML_BYTES = 32 * 1024;

type Node = { [key: string]: unknown };

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
  // Repeated children (Question, QuestionList entries) always come back as arrays.
  isArray: (name) => name === 'Question',
});

/** A parsed document: its root element's local name and the root node. */
export interface XmlDoc {
  root: string;
  node: Node;
}

/** Parses a request; null for a DOCTYPE, malformed XML, an oversized or rootless document. */
export function parseXml(text: string): XmlDoc | null {
  if (text.length > MAX_XML_BYTES || /<!DOCTYPE|<!ENTITY/i.test(text)) return null;
  if (XMLValidator.validate(text) !== true) return null;
  const parsed = parser.parse(text) as Node;
  const root = Object.keys(parsed).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (!root) return null;
  const node = parsed[root];
  return { root, node: typeof node === 'object' && node !== null ? (node as Node) : {} };
}

/** Escapes text for element content and attribute values. */
export function esc(value: string | number | boolean): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function decode(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, ent: string) => {
    const e = ent.toLowerCase();
    const cp = e.startsWith('#x')
      ? parseInt(e.slice(2), 16)
      : e.startsWith('#')
        ? parseInt(e.slice(1), 10)
        : -1;
    if (cp >= 0) return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] ?? '';
  });
}

/** Decoded text of child `name` (elements with attributes: their `#text`); undefined if absent. */
export function text(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  let v = (node as Node)[name];
  if (Array.isArray(v)) v = v[0];
  if (typeof v === 'string') return decode(v);
  if (typeof v === 'object' && v !== null) {
    const t = (v as Node)['#text'];
    return typeof t === 'string' ? decode(t) : '';
  }
  return undefined;
}

/** An attribute of child `name`. */
export function attr(node: unknown, name: string, attribute: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const v = (node as Node)[name];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const a = (v as Node)[`@_${attribute}`];
  return typeof a === 'string' ? decode(a) : undefined;
}

/** Children named `name` under `node.parent` (e.g. QuestionList/Question) as nodes. */
export function list(node: unknown, parent: string, name: string): unknown[] {
  if (typeof node !== 'object' || node === null) return [];
  const p = (node as Node)[parent];
  if (typeof p !== 'object' || p === null) return [];
  const c = (p as Node)[name];
  return Array.isArray(c) ? c : c === undefined ? [] : [c];
}
