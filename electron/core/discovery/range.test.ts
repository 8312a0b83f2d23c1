import { describe, expect, it } from 'vitest';
import { MAX_RANGE_ADDRESSES, expandRange, intToIp, ipToInt } from './range';

describe('expandRange', () => {
  it('expands a dashed range, inclusive', () => {
    expect(expandRange('127.0.1.1-127.0.1.3')).toEqual(['127.0.1.1', '127.0.1.2', '127.0.1.3']);
    expect(expandRange('10.0.0.254-10.0.1.1')).toEqual([
      '10.0.0.254',
      '10.0.0.255',
      '10.0.1.0',
      '10.0.1.1',
    ]);
  });

  it('takes a last-octet shorthand and a single address', () => {
    expect(expandRange(' 192.168.1.10-12 ')).toEqual([
      '192.168.1.10',
      '192.168.1.11',
      '192.168.1.12',
    ]);
    expect(expandRange('192.168.1.64')).toEqual(['192.168.1.64']);
  });

  it('leaves network and broadcast out of a CIDR block, from any address inside it', () => {
    const hosts = expandRange('192.168.1.77/24');
    expect(hosts).toHaveLength(254);
    expect(hosts[0]).toBe('192.168.1.1');
    expect(hosts.at(-1)).toBe('192.168.1.254');
    expect(expandRange('10.0.0.5/31')).toEqual(['10.0.0.4', '10.0.0.5']);
    expect(expandRange('10.0.0.5/32')).toEqual(['10.0.0.5']);
    expect(expandRange('10.0.0.0/22')).toHaveLength(1022);
  });

  it('refuses more than the cap, reversed ranges and junk', () => {
    expect(() => expandRange('10.0.0.0/21')).toThrow(/at most 1024/);
    expect(() => expandRange('10.0.0.0-10.0.4.0')).toThrow(/1025 addresses/);
    expect(expandRange('10.0.0.0-10.0.3.255')).toHaveLength(MAX_RANGE_ADDRESSES);
    expect(() => expandRange('10.0.0.9-10.0.0.1')).toThrow(/before the start/);
    for (const bad of ['', 'camera', '10.0.0.256', '10.0.0.1/33', '10.0.0.1-300', '1.2.3-4']) {
      expect(() => expandRange(bad), bad).toThrow(/address range/);
    }
  });

  it('round-trips addresses through integers', () => {
    expect(ipToInt('255.255.255.255')).toBe(0xffffffff);
    expect(intToIp(ipToInt('127.0.121.9')!)).toBe('127.0.121.9');
    expect(ipToInt('1.2.3')).toBeNull();
  });
});
