import { describe, expect, it } from 'vitest';
import { checkDeviceAddress, parseIpv4, prefixLength } from './ipv4';

describe('device address check', () => {
  it('accepts unicast IPv4, trimmed', () => {
    for (const ok of ['192.168.1.64', ' 10.0.0.1 ', '127.0.0.1', '172.16.254.3', '1.2.3.4']) {
      expect(checkDeviceAddress(ok), ok).toBeNull();
    }
    expect(parseIpv4('192.168.1.64')).toEqual([192, 168, 1, 64]);
  });

  it('says what is wrong with the rest', () => {
    expect(checkDeviceAddress('')).toBe('empty');
    expect(checkDeviceAddress('   ')).toBe('empty');
    for (const bad of [
      '192.168.1',
      '192.168.1.256',
      '192.168.01.1',
      'a.b.c.d',
      '1.2.3.4.5',
      '::1',
    ]) {
      expect(checkDeviceAddress(bad), bad).toBe('format');
    }
    for (const bad of ['0.0.0.0', '239.255.255.250', '255.255.255.255', '224.0.0.251']) {
      expect(checkDeviceAddress(bad), bad).toBe('notUnicast');
    }
  });
});

describe('netmask prefix', () => {
  it('turns a contiguous mask into its prefix length', () => {
    expect(prefixLength('255.255.255.0')).toBe(24);
    expect(prefixLength('255.0.0.0')).toBe(8);
    expect(prefixLength('255.255.255.255')).toBe(32);
    expect(prefixLength('0.0.0.0')).toBe(0);
    expect(prefixLength('255.255.0.255')).toBeNull();
    expect(prefixLength('nope')).toBeNull();
  });
});
