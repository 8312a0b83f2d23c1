import { describe, expect, it } from 'vitest';
import { checkTarget } from './manual-add-target';

describe('checkTarget', () => {
  it('takes one address as before', () => {
    expect(checkTarget(' 192.168.1.64 ')).toEqual({
      ok: true,
      target: { kind: 'address', address: '192.168.1.64' },
    });
    expect(checkTarget('')).toEqual({ ok: false, problem: 'empty' });
    expect(checkTarget('224.0.0.1')).toEqual({ ok: false, problem: 'notUnicast' });
  });

  it('counts the addresses of a range, a last-octet range and a CIDR block', () => {
    const count = (text: string) => {
      const r = checkTarget(text);
      return r.ok && r.target.kind === 'range' ? r.target.count : r;
    };
    expect(count('10.0.0.1-10.0.0.20')).toBe(20);
    expect(count('10.0.0.250-10.0.1.5')).toBe(12);
    expect(count('192.168.1.10-40')).toBe(31);
    expect(count('192.168.1.0/24')).toBe(254);
    expect(count('192.168.1.7/31')).toBe(2);
    expect(count('192.168.0.0/22')).toBe(1022);
  });

  it('says what is wrong with a range', () => {
    expect(checkTarget('10.0.0.9-10.0.0.1')).toEqual({ ok: false, problem: 'rangeOrder' });
    expect(checkTarget('10.0.0.9-3')).toEqual({ ok: false, problem: 'rangeOrder' });
    expect(checkTarget('10.0.0.0/16')).toEqual({ ok: false, problem: 'rangeTooLarge' });
    expect(checkTarget('10.0.0.1-10.0.8.1')).toEqual({ ok: false, problem: 'rangeTooLarge' });
    expect(checkTarget('10.0.0.0/33')).toEqual({ ok: false, problem: 'prefix' });
    expect(checkTarget('10.0.0.1-300')).toEqual({ ok: false, problem: 'format' });
    expect(checkTarget('10.0.0-10.0.0.5')).toEqual({ ok: false, problem: 'format' });
    expect(checkTarget('cam.local/24')).toEqual({ ok: false, problem: 'format' });
  });
});
