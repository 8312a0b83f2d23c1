/**
 * Client-side check of a typed-in device address, so the manual-add dialog can say what is wrong
 * before anything is sent. The engine validates again (the contract's schema); this one only
 * exists to give a person a precise message.
 */

/** Why an address cannot be probed, or null when it can. */
export type Ipv4Problem = 'empty' | 'format' | 'notUnicast';

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** The four octets, or null unless the text is dotted-quad IPv4 without leading zeros. */
export function parseIpv4(text: string): [number, number, number, number] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return null;
  return parts.map(Number) as [number, number, number, number];
}

/**
 * Checks an address typed for a unicast probe. `0.x`, multicast, broadcast and reserved ranges are
 * refused: nothing that is one device can answer there.
 */
export function checkDeviceAddress(text: string): Ipv4Problem | null {
  const value = text.trim();
  if (value === '') return 'empty';
  const octets = parseIpv4(value);
  if (!octets) return 'format';
  const [a] = octets;
  if (a === 0 || a >= 224 || value === '255.255.255.255') return 'notUnicast';
  return null;
}

/** `255.255.255.0` → 24; null when the mask is not contiguous ones then zeros. */
export function prefixLength(netmask: string): number | null {
  const octets = parseIpv4(netmask);
  if (!octets) return null;
  const bits = octets.map((o) => o.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : null;
}
