/**
 * A hardened, namespace-aware XML reader for untrusted datagrams. fast-xml-parser does the
 * tokenizing; this module adds what a LAN parser needs: no DTDs at all (so no entity expansion,
 * no billion laughs), one root element, a nesting limit, and prefix -> namespace resolution so the
 * codec can match on namespaces whatever prefixes a firmware picked (SOAP-ENV:, s:, env:, wsdd:).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One element with its namespace resolved. Text is the concatenation of its direct text nodes. */
export interface XmlElement {
  /** Namespace URI, or undefined when the prefix was never declared (sloppy firmware does this). */
  ns: string | undefined;
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** In-scope prefix bindings (the default namespace under ''), for QNames inside text. */
  scope: ReadonlyMap<string, string>;
}

export type XmlParseResult = { ok: true; root: XmlElement } | { ok: false; reason: string };

const ATTR = '@_';
const CDATA = '#cdata';
const TEXT = '#text';
const MAX_DEPTH = 32;

// Entities stay undecoded in the parser (processEntities: false); the five predefined ones and
// character references are decoded here from a fixed table, which cannot expand.
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  cdataPropName: CDATA,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH,
});

type OrderedNode = Record<string, unknown>;

function splitQName(qname: string): { prefix: string; local: string } {
  const i = qname.indexOf(':');
  return i < 0
    ? { prefix: '', local: qname }
    : { prefix: qname.slice(0, i), local: qname.slice(i + 1) };
}

function build(
  name: string,
  node: OrderedNode,
  parentScope: ReadonlyMap<string, string>,
  depth: number,
): XmlElement {
  if (depth > MAX_DEPTH) throw new Error('nesting too deep');
  const rawAttrs = (node[':@'] ?? {}) as Record<string, unknown>;
  let scope = parentScope;
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawAttrs)) {
    const attrName = key.startsWith(ATTR) ? key.slice(ATTR.length) : key;
    const v = decodeEntities(String(value));
    if (attrName === 'xmlns' || attrName.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(attrName === 'xmlns' ? '' : attrName.slice(6), v);
    } else {
      attrs[splitQName(attrName).local] = v;
    }
  }
  const { prefix, local } = splitQName(name);
  const el: XmlElement = { ns: scope.get(prefix), local, attrs, children: [], text: '', scope };
  // Text pieces split by a comment or CDATA are joined with a space: the values we read are
  // whitespace-separated lists (Types, Scopes, XAddrs), where gluing two tokens would corrupt both.
  const texts: string[] = [];
  const kids = node[name];
  for (const child of Array.isArray(kids) ? (kids as OrderedNode[]) : []) {
    if (TEXT in child) texts.push(decodeEntities(String(child[TEXT])));
    else if (CDATA in child) texts.push(cdataText(child[CDATA]));
    else {
      const childName = Object.keys(child).find((k) => k !== ':@');
      if (childName) el.children.push(build(childName, child, scope, depth + 1));
    }
  }
  el.text = texts.join(' ').trim();
  return el;
}

function cdataText(value: unknown): string {
  // The parser wraps CDATA as [{ '#text': '...' }]; its content is literal, never entity-decoded.
  if (!Array.isArray(value)) return '';
  return value.map((v: OrderedNode) => String(v[TEXT] ?? '')).join('');
}

/** Parser messages can quote whole tag stacks; a warning line needs one short sentence. */
function tidy(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim() || 'parse error';
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

/** Parses one XML document. Refuses DTDs outright and never throws. */
export function parseXml(text: string): XmlParseResult {
  try {
    // A DTD is never legitimate in SOAP (SOAP 1.2 part 1 §5) and is how entity bombs get in.
    if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { ok: false, reason: 'DOCTYPE/ENTITY refused' };
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      const where = `line ${valid.err.line}, col ${valid.err.col}`;
      return { ok: false, reason: `malformed XML at ${where}: ${tidy(valid.err.msg)}` };
    }
    const top = (parser.parse(text) as OrderedNode[]).filter(
      (n) => !(TEXT in n) && Object.keys(n).some((k) => k !== ':@'),
    );
    if (top.length !== 1) return { ok: false, reason: 'expected exactly one root element' };
    const node = top[0] as OrderedNode;
    const name = Object.keys(node).find((k) => k !== ':@') as string;
    return {
      ok: true,
      root: build(name, node, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), 0),
    };
  } catch (err) {
    return { ok: false, reason: `malformed XML: ${tidy(err instanceof Error ? err.message : '')}` };
  }
}

/** First direct child with this local name (any namespace, which is what tolerant parsing needs). */
export function child(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local);
}

/** All direct children with this local name. */
export function childrenNamed(el: XmlElement | undefined, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.local === local) : [];
}

/** Resolves a QName written in text content (e.g. `dn:NetworkVideoTransmitter`) in el's scope. */
export function resolveQName(
  el: XmlElement,
  qname: string,
): { ns: string | undefined; prefix: string; local: string } {
  const { prefix, local } = splitQName(qname);
  return { ns: el.scope.get(prefix), prefix, local };
}
