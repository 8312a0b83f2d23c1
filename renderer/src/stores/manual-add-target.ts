/**
 * What a person typed in the manual-add dialog: one address, a range (`a.b.c.d-e.f.g.h`, or
 * `a.b.c.d-h` for the last octet) or a CIDR block, checked here so the dialog can say precisely what
 * is wrong before anything is sent. The engine expands and checks it again (range.ts).
 */
import { MAX_RANGE_ADDRESSES } from '../contract';
import { checkDeviceAddress, parseIpv4, type Ipv4Problem } from '../ipv4';

export type TargetProblem = Ipv4Problem | 'rangeOrder' | 'rangeTooLarge' | 'prefix';

export type Target =
  { kind: 'address'; address: string } | { kind: 'range'; range: string; count: number };

export type TargetCheck = { ok: true; target: Target } | { ok: false; problem: TargetProblem };

function toInt(text: string): number | null {
  const octets = parseIpv4(text.trim());
  return octets ? octets.reduce((acc, o) => acc * 256 + o, 0) : null;
}

function span(range: string, first: number, last: number): TargetCheck {
  if (last < first) return { ok: false, problem: 'rangeOrder' };
  const count = last - first + 1;
  if (count > MAX_RANGE_ADDRESSES) return { ok: false, problem: 'rangeTooLarge' };
  return { ok: true, target: { kind: 'range', range, count } };
}

export function checkTarget(text: string): TargetCheck {
  const value = text.trim();
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(value);
  if (cidr) {
    if (toInt(cidr[1]!) === null) return { ok: false, problem: 'format' };
    const bits = Number(cidr[2]);
    if (bits > 32) return { ok: false, problem: 'prefix' };
    const size = 2 ** (32 - bits);
    if (size > MAX_RANGE_ADDRESSES + 2) return { ok: false, problem: 'rangeTooLarge' };
    // Network and broadcast addresses are left out, except in /31 and /32 (RFC 3021).
    const count = size <= 2 ? size : size - 2;
    return { ok: true, target: { kind: 'range', range: value, count } };
  }
  const dash = value.indexOf('-');
  if (dash < 0) {
    const problem = checkDeviceAddress(value);
    return problem
      ? { ok: false, problem }
      : { ok: true, target: { kind: 'address', address: value } };
  }
  const start = toInt(value.slice(0, dash));
  const endText = value.slice(dash + 1).trim();
  if (start === null) return { ok: false, problem: 'format' };
  if (/^\d{1,3}$/.test(endText)) {
    const octet = Number(endText);
    if (octet > 255) return { ok: false, problem: 'format' };
    return span(value, start, start - (start % 256) + octet);
  }
  const end = toInt(endText);
  return end === null ? { ok: false, problem: 'format' } : span(value, start, end);
}
