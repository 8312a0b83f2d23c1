/**
 * Who may talk to the engine over IPC, and where a window may go. Pure functions over plain facts
 * (no `electron` import) so the policy is unit-tested in Node and shared by `ipc.ts` (sender
 * checks) and `security.ts` (navigation checks).
 *
 * The threat: any frame that ends up inside a window (an injected iframe, a page a bug navigated
 * to, DevTools, a `<webview>`) can call `ipcRenderer.invoke` through a preload. Only the top frame
 * of a window we created, showing our own bundle, may reach the engine.
 */

/** The scheme the packaged renderer is served from (see app-protocol.ts). */
export const APP_SCHEME = 'app';
/** The fixed host of that scheme: one origin, `app://custodian`, for the whole UI. */
export const APP_HOST = 'custodian';
/** The renderer's origin in production. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page a window loads in production. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Which origins count as "ours" in this run. */
export interface OriginPolicy {
  /**
   * The electron-vite dev server (`ELECTRON_RENDERER_URL`), only when running unpackaged. A
   * packaged build never sets it, so an environment variable cannot widen a shipped app's trust.
   */
  devUrl?: string | undefined;
}

/** What the IPC layer knows about a caller, reduced to what the policy needs. */
export interface SenderFacts {
  /** The sender's WebContents belongs to a window this app created and still tracks. */
  fromKnownWindow: boolean;
  /** The frame that sent the message; `null` when it was destroyed or navigated meanwhile. */
  frame: { url: string; isTop: boolean } | null;
}

export type SenderVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'unknown-window' | 'no-frame' | 'subframe' | 'foreign-origin' };

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` is on our own origin: `app://custodian/...`, or the dev server's origin when one
 * is configured. Compared field by field because WHATWG `URL.origin` is `"null"` for custom
 * schemes in Node, and a userinfo trick (`app://custodian@evil/`) must not pass.
 */
export function isOwnUrl(url: string, policy: OriginPolicy): boolean {
  const u = parse(url);
  if (!u || u.username || u.password) return false;
  if (u.protocol === `${APP_SCHEME}:`) return u.host.toLowerCase() === APP_HOST && u.port === '';
  if (!policy.devUrl) return false;
  const dev = parse(policy.devUrl);
  if (!dev || (dev.protocol !== 'http:' && dev.protocol !== 'https:')) return false;
  return u.origin === dev.origin;
}

/** A window may only navigate within our own origin; everything else is refused. */
export function isAllowedNavigation(url: string, policy: OriginPolicy): boolean {
  return isOwnUrl(url, policy);
}

/**
 * Decides whether an IPC call is answered. Order matters only for the reason reported: every
 * condition must hold.
 */
export function judgeSender(facts: SenderFacts, policy: OriginPolicy): SenderVerdict {
  if (!facts.fromKnownWindow) return { allowed: false, reason: 'unknown-window' };
  if (!facts.frame) return { allowed: false, reason: 'no-frame' };
  if (!facts.frame.isTop) return { allowed: false, reason: 'subframe' };
  if (!isOwnUrl(facts.frame.url, policy)) return { allowed: false, reason: 'foreign-origin' };
  return { allowed: true };
}
