import { describe, expect, it } from 'vitest';
import { sofiaHash } from './sofia';

describe('sofiaHash (xiongmai.md §5 test vectors)', () => {
  it.each([
    ['', 'tlJwpbo6'],
    ['admin', '6QNMIQGe'],
    ['password', 'mF95aD4o'],
  ])('hashes %j to %s', (password, hash) => {
    expect(sofiaHash(password)).toBe(hash);
  });

  it('always gives 8 characters of 0-9A-Za-z, UTF-8 input included', () => {
    for (const p of ['пароль', '密码', 'x'.repeat(1000), '\0']) {
      expect(sofiaHash(p)).toMatch(/^[0-9A-Za-z]{8}$/);
    }
  });
});
