/**
 * A small seeded PRNG so a preset yields the same serials and MACs on every run (tests and the
 * demo refer to devices by them). Not for anything security-related.
 */

/** FNV-1a over the seed text: turns a preset name into a 32-bit seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** `count` upper-case hex digits. */
  hex(count: number): string;
  /** `count` decimal digits, leading zeros kept. */
  digits(count: number): string;
}

/** mulberry32: tiny, fast, good enough spread for identities. */
export function seededRng(seed: string | number): Rng {
  let state = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const fromAlphabet = (alphabet: string, count: number): string => {
    let out = '';
    for (let i = 0; i < count; i++) out += alphabet[int(alphabet.length)];
    return out;
  };
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    hex: (count) => fromAlphabet('0123456789ABCDEF', count),
    digits: (count) => fromAlphabet('0123456789', count),
  };
}
