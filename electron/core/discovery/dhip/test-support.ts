/**
 * Helpers for tests and the virtual lab: loading the DHIP fixtures and framing them the ways
 * firmware does. Not used by the product code.
 */
import { readFileSync } from 'node:fs';
import { encodeDhipFrame } from './frame';

export const FIXTURES = [
  'notify-ipc-hdw5421s.json',
  'notify-lorex-w461asc.json',
  'notify-vto2000a.json',
  'notify-bcs-general.json',
  'notify-intelbras-vip1230.json',
  'notify-uninitialized.json',
] as const;
export type FixtureName = (typeof FIXTURES)[number];

/** The fixture's JSON body exactly as stored. */
export function loadFixture(name: FixtureName): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

/** The probe bytes as dahua.md §2 gives them (header hex line, then the body line). */
export function loadSearchProbe(): Buffer {
  const [hex = '', body = ''] = readFileSync(
    new URL('./fixtures/search-probe.txt', import.meta.url),
    'utf8',
  ).split('\n');
  return Buffer.concat([Buffer.from(hex.replace(/\s+/g, ''), 'hex'), Buffer.from(body, 'utf8')]);
}

export interface FrameOptions {
  /** What follows the JSON: `\n` (counted in the length, as the TCP capture), NUL (UDP, S14). */
  trailer?: '' | '\n' | '\0' | '\n\0';
  /** `s15`: the length also at offsets 20 and 28, as one client writes it (S15). */
  layout?: 'canonical' | 's15';
  /** Trailer bytes outside the header's length instead of inside it. */
  trailerOutsideLength?: boolean;
}

/** Frames a body the way a device would send it. */
export function frameBody(body: Buffer | string, options: FrameOptions = {}): Buffer {
  const json = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const trailer = Buffer.from(options.trailer ?? '', 'latin1');
  const counted = options.trailerOutsideLength ? json : Buffer.concat([json, trailer]);
  const frame = encodeDhipFrame(counted);
  if (options.layout === 's15') {
    frame.writeUInt32LE(counted.length, 20);
    frame.writeUInt32LE(counted.length, 28);
  }
  return options.trailerOutsideLength ? Buffer.concat([frame, trailer]) : frame;
}

/** A fixture framed as a device would send it. */
export function frameFixture(name: FixtureName, options: FrameOptions = {}): Buffer {
  return frameBody(loadFixture(name), options);
}

/** The fixture's body with `replace` applied to its text (for addresses, MACs, Init). */
export function fixtureWith(name: FixtureName, edit: (json: string) => string): Buffer {
  return frameBody(edit(loadFixture(name).toString('utf8')));
}
