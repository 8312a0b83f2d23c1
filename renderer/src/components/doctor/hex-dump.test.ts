import { describe, expect, it } from 'vitest';
import { hexBytes, hexDump } from './hex-dump';

describe('hex dump', () => {
  it('reads hex pairs and stops at anything malformed', () => {
    expect(hexBytes('3c3F00')).toEqual([0x3c, 0x3f, 0]);
    expect(hexBytes('3c3')).toEqual([0x3c]);
    expect(hexBytes('3czz41')).toEqual([0x3c]);
    expect(hexBytes('')).toEqual([]);
  });

  it('prints offset, hex and ASCII, 16 bytes a line', () => {
    const hex = [...'<?xml version="1.0"?>\x00\x01']
      .map((c) => c.charCodeAt(0).toString(16).padStart(2, '0'))
      .join('');
    expect(hexDump(hex).split('\n')).toEqual([
      '0000  3c 3f 78 6d 6c 20 76 65 72 73 69 6f 6e 3d 22 31  <?xml version="1',
      '0010  2e 30 22 3f 3e 00 01                             .0"?>..',
    ]);
  });
});
