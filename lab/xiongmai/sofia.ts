/**
 * The Sofia password hash ("MD5_8") and the hex IPv4 form of NetCommon, both [C] in
 * xiongmai.md §5 and §6.1. Devices store and compare only the hash, so the lab does too.
 */
import { createHash } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** MD5 of the UTF-8 password, folded pairwise into 8 characters of 0-9A-Za-z. */
export function sofiaHash(password: string): string {
  const md5 = createHash('md5').update(password, 'utf8').digest();
  let out = '';
  for (let i = 0; i < 8; i++) out += ALPHABET[(md5[2 * i]! + md5[2 * i + 1]!) % 62];
  return out;
}

/** `192.168.1.103` -> `0x6701A8C0`: the address as a little-endian u32, upper-case hex. */
export function ipToXmHex(ip: string): string {
  const p = ip.split('.').map(Number);
  const n = ((p[3]! << 24) | (p[2]! << 16) | (p[1]! << 8) | p[0]!) >>> 0;
  return `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;
}

/** `0x6701A8C0` -> `192.168.1.103`; null when the text is not 8 hex digits after `0x`. */
export function xmHexToIp(hex: unknown): string | null {
  if (typeof hex !== 'string' || !/^0x[0-9a-fA-F]{8}$/.test(hex)) return null;
  const n = Number.parseInt(hex.slice(2), 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.');
}
