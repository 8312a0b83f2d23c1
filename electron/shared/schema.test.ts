import { describe, expect, it } from 'vitest';
import { VERB_INPUTS } from './contract';
import { array, int, none, object, optional, str } from './schema';

describe('schema', () => {
  const s = object({
    name: str({ max: 5 }),
    n: optional(int({ min: 0, max: 9 })),
    list: optional(array(str({ max: 2 }), { max: 2 })),
  });

  it('accepts a valid object and drops nothing it knows', () => {
    expect(s.parse({ name: 'ab', n: 3, list: ['x'] })).toEqual({
      ok: true,
      value: { name: 'ab', n: 3, list: ['x'] },
    });
  });

  it('names the path of the first problem', () => {
    const r = s.parse({ name: 'ab', list: ['x', 'toolong'] });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues[0]).toEqual({ path: 'list[1]', problem: 'longer than 2 characters' });
  });

  it('refuses unknown keys, prototypes and non-objects', () => {
    expect(s.parse({ name: 'a', extra: 1 }).ok).toBe(false);
    expect(s.parse(Object.create({ name: 'a' })).ok).toBe(false);
    expect(s.parse(JSON.parse('{"name":"a","__proto__":{"x":1}}')).ok).toBe(false);
    expect(s.parse(null).ok).toBe(false);
    expect(s.parse([]).ok).toBe(false);
  });

  it('none() takes nothing or an empty object', () => {
    expect(none().parse(undefined).ok).toBe(true);
    expect(none().parse({}).ok).toBe(true);
    expect(none().parse({ a: 1 }).ok).toBe(false);
  });

  it('every verb has a schema that refuses garbage', () => {
    for (const [verb, schema] of Object.entries(VERB_INPUTS)) {
      expect(schema.parse('garbage').ok, verb).toBe(false);
    }
  });
});
