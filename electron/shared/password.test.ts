import { describe, expect, it } from 'vitest';
import { checkPassword } from './password';

describe('checkPassword (Hikvision rules by default)', () => {
  it('accepts a policy-conforming password and grades it', () => {
    expect(checkPassword('Abcdef12')).toMatchObject({ ok: true, problems: [], classes: 3 });
    expect(checkPassword('Abcdef12!xyz#Q9').strength).toBe(4);
  });

  it.each([
    ['short1A', 'TOO_SHORT'],
    ['Abcdefgh12345678X', 'TOO_LONG'],
    ['abcdefgh', 'TOO_FEW_CLASSES'],
    ['Abcd:1234', 'FORBIDDEN_CHAR'],
    ['Abc"d1234', 'FORBIDDEN_CHAR'],
    ['xxAdmin123', 'CONTAINS_USER'],
    ['nimda12345', 'CONTAINS_USER'],
    ['Пароль12345', 'NOT_PRINTABLE'],
  ])('refuses %s with %s', (password, problem) => {
    const r = checkPassword(password);
    expect(r.ok).toBe(false);
    expect(r.problems).toContain(problem);
    expect(r.strength).toBe(0);
  });
});
