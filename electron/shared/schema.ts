/**
 * A small runtime schema for the API contract. Every payload that crosses a process boundary
 * (Electron IPC, the WebSocket host) is checked with one of these before the engine sees it, so a
 * compromised or buggy renderer cannot hand the engine a shape it did not expect.
 *
 * Kept dependency-free and runtime-neutral: this folder is imported by main, preload, host and renderer.
 */

export type Issue = { path: string; problem: string };
export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export interface Schema<T> {
  readonly kind: string;
  parse(input: unknown, path?: string): Result<T>;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

function fail<T>(path: string, problem: string): Result<T> {
  return { ok: false, issues: [{ path: path || '(root)', problem }] };
}

function make<T>(kind: string, parse: (input: unknown, path: string) => Result<T>): Schema<T> {
  return { kind, parse: (input, path = '') => parse(input, path) };
}

/** A string with a hard length cap: every string in the contract has one. */
export function str(opts: { min?: number; max: number; pattern?: RegExp }): Schema<string> {
  return make('string', (v, p) => {
    if (typeof v !== 'string') return fail(p, 'expected a string');
    if (v.length > opts.max) return fail(p, `longer than ${opts.max} characters`);
    if (opts.min !== undefined && v.length < opts.min)
      return fail(p, `shorter than ${opts.min} characters`);
    if (opts.pattern && !opts.pattern.test(v)) return fail(p, 'has an unexpected format');
    return { ok: true, value: v };
  });
}

export function int(opts: { min: number; max: number }): Schema<number> {
  return make('integer', (v, p) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return fail(p, 'expected an integer');
    if (v < opts.min || v > opts.max) return fail(p, `outside ${opts.min}..${opts.max}`);
    return { ok: true, value: v };
  });
}

export function bool(): Schema<boolean> {
  return make('boolean', (v, p) =>
    typeof v === 'boolean' ? { ok: true, value: v } : fail(p, 'expected true or false'),
  );
}

export function literal<const T extends string>(...values: T[]): Schema<T> {
  return make('enum', (v, p) =>
    typeof v === 'string' && (values as string[]).includes(v)
      ? { ok: true, value: v as T }
      : fail(p, `expected one of ${values.join(', ')}`),
  );
}

export function array<T>(item: Schema<T>, opts: { max: number }): Schema<T[]> {
  return make('array', (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'expected a list');
    if (v.length > opts.max) return fail(p, `more than ${opts.max} items`);
    const out: T[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = item.parse(v[i], `${p}[${i}]`);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  });
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> & { optional: true } {
  return {
    kind: `optional ${inner.kind}`,
    optional: true,
    parse: (v, p = '') => (v === undefined ? { ok: true, value: undefined } : inner.parse(v, p)),
  };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { optional: true } ? K : never;
}[keyof S];
type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Infer<S[K]>;
};

/** A plain object with exactly these keys: unknown keys are refused, not silently dropped. */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return make('object', (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return fail(p, 'expected an object');
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return fail(p, 'expected a plain object');
    const rec = v as Record<string, unknown>;
    for (const key of Object.keys(rec)) {
      if (!Object.hasOwn(shape, key)) return fail(p ? `${p}.${key}` : key, 'is not a known field');
    }
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(shape)) {
      const r = schema.parse(rec[key], p ? `${p}.${key}` : key);
      if (!r.ok) return r;
      if (r.value !== undefined) out[key] = r.value;
    }
    return { ok: true, value: out as ObjectOf<S> };
  });
}

/** No input at all: `undefined`, `null` or `{}`. */
export function none(): Schema<void> {
  return make('nothing', (v, p) => {
    if (v === undefined || v === null) return { ok: true, value: undefined };
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)
      return { ok: true, value: undefined };
    return fail(p, 'takes no input');
  });
}
