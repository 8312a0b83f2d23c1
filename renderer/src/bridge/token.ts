/**
 * The WebSocket host's session token. The host prints `http://127.0.0.1:PORT/?token=…`; the token
 * is taken from the address on first load, kept in sessionStorage (so a reload keeps working but a
 * new browser session does not inherit it) and removed from the address bar, so it does not end up
 * in history, screenshots or a bookmark.
 */

export const TOKEN_STORAGE_KEY = 'custodian.token';
const TOKEN_PARAM = 'token';

export interface TokenEnv {
  href: string;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  replaceUrl(url: string): void;
}

/** Returns the token (from the address, else from this session), cleaning the address bar. */
export function takeToken(env: TokenEnv): string | null {
  const url = new URL(env.href);
  const fromUrl = url.searchParams.get(TOKEN_PARAM);
  if (fromUrl) {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token still works for this page's life.
    }
    url.searchParams.delete(TOKEN_PARAM);
    env.replaceUrl(url.toString());
    return fromUrl;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

/** `ws(s)://<host>/api?token=…` for a page served from `http(s)://<host>/`. */
export function hostSocketUrl(location: { protocol: string; host: string }, token: string | null) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token ? `?${TOKEN_PARAM}=${encodeURIComponent(token)}` : '';
  return `${scheme}://${location.host}/api${query}`;
}
