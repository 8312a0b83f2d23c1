/**
 * Helpers for tests and the virtual lab: loading the SADP fixtures and making a fixture answer a
 * particular inquiry. Not used by the product code.
 */
import { readFileSync } from 'node:fs';

export const FIXTURES = [
  'inquiry-sadptool.xml',
  'inquiry-multiline.xml',
  'probe-match-ds-2cd2432f-iw.xml',
  'probe-match-ds-2cd2320d-i.xml',
  'probe-match-ds-kh6210-l.xml',
  'hello-inactive.xml',
  'activate-reply.xml',
  'truncated-probe-match.xml',
] as const;
export type FixtureName = (typeof FIXTURES)[number];

/** The fixture's bytes exactly as stored. */
export function loadFixture(name: FixtureName): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

/** The fixture answering inquiry `uuid`, as devices that echo the Uuid do (§2). */
export function withUuid(xml: Buffer | string, uuid: string): Buffer {
  const text = typeof xml === 'string' ? xml : xml.toString('utf8');
  return Buffer.from(text.replace(/<Uuid>[^<]*<\/Uuid>/, `<Uuid>${uuid}</Uuid>`), 'utf8');
}

/** The fixture with one element's text replaced (address, MAC, Activated ...). */
export function withField(xml: Buffer | string, name: string, value: string): Buffer {
  const text = typeof xml === 'string' ? xml : xml.toString('utf8');
  const re = new RegExp(`<${name}>[^<]*</${name}>`);
  return Buffer.from(text.replace(re, `<${name}>${value}</${name}>`), 'utf8');
}
