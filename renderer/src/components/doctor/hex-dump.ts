/**
 * Formats the kept bytes of an unreadable reply the way a person compares them with a capture:
 * offset, 16 bytes in hex, and their printable ASCII (a dot for the rest).
 */

/** The bytes of a hex string; odd or non-hex input keeps only the well-formed leading pairs. */
export function hexBytes(hex: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const byte = Number.parseInt(hex.slice(i, i + 2), 16);
    if (Number.isNaN(byte) || !/^[0-9a-f]{2}$/i.test(hex.slice(i, i + 2))) break;
    bytes.push(byte);
  }
  return bytes;
}

/** `0000  3c 3f 78 6d …  <?xm…` lines, 16 bytes each. */
export function hexDump(hex: string): string {
  const bytes = hexBytes(hex);
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const chunk = bytes.slice(offset, offset + 16);
    const hexPart = chunk
      .map((b) => b.toString(16).padStart(2, '0'))
      .join(' ')
      .padEnd(16 * 3 - 1, ' ');
    const ascii = chunk.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(4, '0')}  ${hexPart}  ${ascii}`);
  }
  return lines.join('\n');
}
