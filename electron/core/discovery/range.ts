/**
 * Address ranges for manual add: `127.0.1.1-127.0.1.20`, `192.168.1.10-40` (last-octet
 * shorthand), `192.168.1.0/24` or one address. A range is capped so that a typo such as `/16` does
 * not turn a manual add into a 65,536-host sweep of somebody's network.
 */
import { MAX_RANGE_ADDRESSES } from '../../shared/contract';
import { CustodianError } from '../../shared/errors';

export { MAX_RANGE_ADDRESSES };

const QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `a.b.c.d` as an unsigned 32-bit integer; null when it is not a dotted IPv4 address. */
export function ipToInt(ip: string): number | null {
  const m = QUAD.exec(ip.trim());
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

/** The dotted form of an unsigned 32-bit integer. */
export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function invalid(spec: string, why: string): CustodianError {
  return new CustodianError('INVALID_INPUT', `address range "${spec}": ${why}`);
}

function parseAddress(spec: string, text: string): number {
  const n = ipToInt(text);
  if (n === null) throw invalid(spec, `"${text}" is not an IPv4 address`);
  return n;
}

function span(spec: string, first: number, last: number): string[] {
  if (last < first) throw invalid(spec, 'the end comes before the start');
  const count = last - first + 1;
  if (count > MAX_RANGE_ADDRESSES) {
    throw invalid(spec, `${count} addresses, at most ${MAX_RANGE_ADDRESSES} allowed`);
  }
  return Array.from({ length: count }, (_, i) => intToIp(first + i));
}

/**
 * Every address a range names, in order. Throws INVALID_INPUT on a malformed range or one larger
 * than MAX_RANGE_ADDRESSES. A CIDR block leaves out its network and broadcast addresses (no
 * device answers on them), except for /31 and /32, which have none (RFC 3021).
 */
export function expandRange(spec: string): string[] {
  const text = spec.trim();
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  if (cidr) {
    const base = parseAddress(spec, cidr[1]!);
    const bits = Number(cidr[2]);
    if (bits > 32) throw invalid(spec, `/${bits} is not a prefix length`);
    const size = 2 ** (32 - bits);
    if (size > MAX_RANGE_ADDRESSES + 2) {
      throw invalid(spec, `/${bits} holds ${size} addresses, at most ${MAX_RANGE_ADDRESSES}`);
    }
    const network = base - (base % size);
    if (size <= 2) return span(spec, network, network + size - 1);
    return span(spec, network + 1, network + size - 2);
  }
  const dash = text.indexOf('-');
  if (dash < 0) return [intToIp(parseAddress(spec, text))];
  const startText = text.slice(0, dash).trim();
  const endText = text.slice(dash + 1).trim();
  const start = parseAddress(spec, startText);
  if (/^\d{1,3}$/.test(endText)) {
    // `192.168.1.10-40`: the end repeats the start's first three octets.
    const lastOctet = Number(endText);
    if (lastOctet > 255) throw invalid(spec, `"${endText}" is not an octet`);
    return span(spec, start, start - (start % 256) + lastOctet);
  }
  return span(spec, start, parseAddress(spec, endText));
}
