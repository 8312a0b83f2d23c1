/**
 * Hostile and broken input: the search decoder must answer every datagram with a result, never an
 * exception, and random bytes must never become a device.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeXmHeader, decodeXmJson } from './netip';
import { decodeXmSearchDatagram } from './search';
import { loadXmFixture, xmSearchReplyFrame } from './test-support';

describe('XM codec under fuzzing', () => {
  it('never throws on random bytes, and random bytes are never a reply', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1024 }), (bytes) => {
        const buf = Buffer.from(bytes);
        expect(decodeXmSearchDatagram(buf).kind).not.toBe('reply');
        decodeXmHeader(buf);
        decodeXmJson(buf);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random bodies behind a valid 1531 header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const kind = decodeXmSearchDatagram(xmSearchReplyFrame(Buffer.from(bytes), 'none')).kind;
        expect(['reply', 'invalid']).toContain(kind);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random JSON values as NetCommon fields', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (netCommon) => {
        const body = { 'NetWork.NetCommon': netCommon, Ret: 100 };
        expect(decodeXmSearchDatagram(xmSearchReplyFrame(body)).kind).toBe('reply');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on every truncation and every flipped byte of the real reply', () => {
    const frame = xmSearchReplyFrame(loadXmFixture('search-reply-icsee.json'));
    for (let n = 0; n < frame.length; n += 1) {
      expect(decodeXmSearchDatagram(frame.subarray(0, n)).kind).toBe('invalid');
      const flipped = Buffer.from(frame);
      flipped[n] = flipped[n]! ^ 0xff;
      decodeXmSearchDatagram(flipped);
    }
  });
});
