import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY, hostSocketUrl, takeToken } from './token';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

describe('session token', () => {
  it('takes the token from the address, stores it and cleans the address bar', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const token = takeToken({
      href: 'http://127.0.0.1:4000/?token=abc%2B1&x=1#/devices',
      storage,
      replaceUrl: (u) => replaced.push(u),
    });
    expect(token).toBe('abc+1');
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('abc+1');
    expect(replaced).toEqual(['http://127.0.0.1:4000/?x=1#/devices']);
  });

  it('falls back to the session copy after a reload', () => {
    const replaced: string[] = [];
    const token = takeToken({
      href: 'http://127.0.0.1:4000/#/devices',
      storage: memoryStorage({ [TOKEN_STORAGE_KEY]: 'kept' }),
      replaceUrl: (u) => replaced.push(u),
    });
    expect(token).toBe('kept');
    expect(replaced).toEqual([]);
  });

  it('returns null when there is no token anywhere', () => {
    expect(takeToken({ href: 'http://x/', storage: null, replaceUrl: () => {} })).toBeNull();
  });

  it('builds ws:// or wss:// on the page host', () => {
    expect(hostSocketUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, 'a b')).toBe(
      'ws://127.0.0.1:4000/api?token=a%20b',
    );
    expect(hostSocketUrl({ protocol: 'https:', host: 'h' }, null)).toBe('wss://h/api');
  });
});
