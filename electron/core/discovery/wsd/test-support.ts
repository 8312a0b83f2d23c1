/**
 * Helpers for tests and the virtual lab: loading the captured-style fixtures and making a fixture
 * answer a particular Probe. Not used by the product code.
 */
import { readFileSync } from 'node:fs';

/** The RelatesTo every answering fixture carries (see fixtures/README.md). */
export const FIXTURE_PROBE_ID = 'urn:uuid:2d7f1c4e-8a3b-4c6d-9e0f-1a2b3c4d5e6f';

export const FIXTURES = [
  'probe-matches-mockup.xml',
  'probe-matches-hikvision.xml',
  'probe-matches-2009.xml',
  'hello.xml',
  'bye.xml',
  'fault.xml',
  'windows-wsd-probe-matches.xml',
  'truncated-probe-matches.xml',
] as const;
export type FixtureName = (typeof FIXTURES)[number];

/** The fixture's bytes exactly as stored. */
export function loadFixture(name: FixtureName): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

/**
 * The fixture answering `messageId`: the RelatesTo text is replaced, whatever its prefix. Only the
 * RelatesTo element changes (the mock-up also uses the probe id as its own MessageID; that stays).
 */
export function withRelatesTo(xml: Buffer | string, messageId: string): Buffer {
  const text = typeof xml === 'string' ? xml : xml.toString('utf8');
  return Buffer.from(
    text.replace(/(<(?:[\w.-]+:)?RelatesTo\b[^>]*>)[^<]*(<\/)/, `$1${messageId}$2`),
    'utf8',
  );
}
