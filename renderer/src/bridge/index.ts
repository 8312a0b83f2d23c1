/**
 * The renderer's one way to the engine. Picks the Electron preload (`window.custodian`) when it is
 * there, else the WebSocket host the page was served from. Stores and components call
 * `useBridge()`; tests install a fake with `setBridge()`.
 */
import { PRELOAD_GLOBAL, type PreloadApi } from '../contract';
import { createPreloadBridge } from './preload-bridge';
import { hostSocketUrl, takeToken } from './token';
import type { Bridge } from './types';
import { createWsBridge, type WebSocketCtor } from './ws-bridge';

export type { Bridge, ConnectionState, Unsubscribe } from './types';

let current: Bridge | null = null;

/** Builds the bridge for this page. Call once, before the router reads the address. */
export function createBridge(win: Window & typeof globalThis = window): Bridge {
  const preload = (win as unknown as Record<string, unknown>)[PRELOAD_GLOBAL];
  if (preload && typeof preload === 'object') {
    return createPreloadBridge(preload as PreloadApi);
  }
  const token = takeToken({
    href: win.location.href,
    storage: safeSessionStorage(win),
    replaceUrl: (url) => win.history.replaceState(win.history.state, '', url),
  });
  const origin = `${win.location.protocol}//${win.location.host}`;
  return createWsBridge({
    url: hostSocketUrl(win.location, token),
    hasToken: token !== null,
    // The DOM WebSocket's handler types are wider than WebSocketLike's; the shape matches.
    WebSocket: win.WebSocket as unknown as WebSocketCtor,
    isHostUp: () =>
      win
        .fetch(`${origin}/`, { method: 'HEAD', cache: 'no-store' })
        .then(() => true)
        .catch(() => false),
  });
}

function safeSessionStorage(win: Window & typeof globalThis): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

/** The bridge in use; created from the page on first use. */
export function useBridge(): Bridge {
  current ??= createBridge();
  return current;
}

/** Installs a bridge (main.ts at start, tests with a fake). */
export function setBridge(bridge: Bridge | null): void {
  current = bridge;
}
