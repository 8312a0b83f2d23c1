/**
 * Hostile and broken input: the decoder must answer every datagram with a result, never an
 * exception, whatever the header claims.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDhipMessage } from './codec';
import { encodeDhipFrame } from './frame';
import { FIXTURES, frameFixture } from './test-support';

const KINDS = ['devInfo', 'search', 'ignored', 'invalid'];

describe('decodeDhipMessage under fuzzing', () => {
  it('never throws on random bytes, and random bytes are never a device', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        expect(decodeDhipMessage(Buffer.from(bytes)).kind).toBe('invalid');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws when a real reply is mutated byte by byte', () => {
    const frames = FIXTURES.map((name) => frameFixture(name));
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(),
        (frame, edits, cut) => {
          const copy = Buffer.from(frame);
          for (const [at, value] of edits) copy[at % copy.length] = value;
          const input = copy.subarray(0, Math.max(0, copy.length - (cut % 40)));
          expect(KINDS).toContain(decodeDhipMessage(input).kind);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary JSON in a valid frame', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (json) => {
        const body = `{"method":"client.notifyDevInfo","params":{"deviceInfo":${json}}}`;
        expect(KINDS).toContain(decodeDhipMessage(encodeDhipFrame(body)).kind);
      }),
      { numRuns: 300 },
    );
  });
});
