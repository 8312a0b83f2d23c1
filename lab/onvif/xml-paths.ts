/**
 * Test helper: the set of namespace-qualified element paths in a document
 * (`{uri}Envelope/{uri}Body/...`), so two documents can be compared by structure and namespaces
 * whatever prefixes, whitespace and values they use.
 */
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  parseTagValue: false,
  ignoreDeclaration: true,
});

type Node = Record<string, unknown>;

export function elementPaths(xml: string): Set<string> {
  if (/<!DOCTYPE/i.test(xml)) throw new Error('DOCTYPE not accepted');
  const out = new Set<string>();
  walk(parser.parse(xml) as Node, new Map(), '', out);
  return out;
}

function walk(node: Node, inherited: Map<string, string>, path: string, out: Set<string>): void {
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key === '#text') continue;
    for (const el of Array.isArray(value) ? value : [value]) {
      const scope = new Map(inherited);
      if (el && typeof el === 'object') {
        for (const [attr, v] of Object.entries(el as Node)) {
          if (attr === '@_xmlns') scope.set('', String(v));
          else if (attr.startsWith('@_xmlns:')) scope.set(attr.slice(8), String(v));
        }
      }
      const colon = key.indexOf(':');
      const prefix = colon < 0 ? '' : key.slice(0, colon);
      const here = `${path}/{${scope.get(prefix) ?? '?'}}${key.slice(colon + 1)}`;
      out.add(here);
      if (el && typeof el === 'object') walk(el as Node, scope, here, out);
    }
  }
}

/** Paths in `a` that are not in `b`. */
export function missingFrom(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((p) => !b.has(p)).sort();
}
