/**
 * Hostile and broken input: the decoder must answer every datagram with a result, never an
 * exception, and must never expand an entity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSadpMessage } from './codec';
import { FIXTURES, loadFixture } from './test-support';

const KINDS = ['probeMatch', 'hello', 'probe', 'commandReply', 'ignored', 'invalid'];

function decodesSafely(input: Buffer | string): ReturnType<typeof decodeSadpMessage> {
  const result = decodeSadpMessage(input); // a throw fails the property
  expect(KINDS).toContain(result.kind);
  return result;
}

describe('decodeSadpMessage under fuzzing', () => {
  it('never throws on random bytes, and random bytes are never a device', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        expect(['invalid', 'ignored']).toContain(decodesSafely(Buffer.from(bytes)).kind);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on any cut or single-byte corruption of a fixture', () => {
    for (const name of FIXTURES) {
      const bytes = loadFixture(name);
      fc.assert(
        fc.property(
          fc.nat(bytes.length),
          fc.nat(bytes.length - 1),
          fc.integer({ min: 0, max: 255 }),
          (cut, at, value) => {
            decodesSafely(bytes.subarray(0, cut));
            const copy = Buffer.from(bytes);
            copy[at] = value;
            decodesSafely(copy);
          },
        ),
        { numRuns: 100 },
      );
    }
  });

  it('refuses an entity bomb without expanding it', () => {
    const lol = Array.from({ length: 9 }, (_, i) => {
      const prev = i === 0 ? 'lol' : `lol${i}`;
      return `<!ENTITY lol${i + 1} "${`&${prev};`.repeat(10)}">`;
    }).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY lol "lol">${lol}]><ProbeMatch><DeviceSN>&lol9;</DeviceSN></ProbeMatch>`;
    const started = Date.now();
    expect(decodesSafely(bomb)).toEqual({ kind: 'invalid', reason: 'DOCTYPE/ENTITY refused' });
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('leaves undeclared entities alone instead of resolving them', () => {
    const msg = decodesSafely('<ProbeMatch><DeviceSN>&xxe;&amp;&#65;</DeviceSN></ProbeMatch>');
    expect(msg.kind).toBe('probeMatch');
    if (msg.kind === 'probeMatch') expect(msg.match.serial).toBe('&xxe;&A');
  });
});
