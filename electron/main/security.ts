/**
 * App-wide guards that no window can escape: navigation, new windows, `<webview>`, permissions and
 * external links. Installed once, before the first window, through `web-contents-created`, so a
 * WebContents created any other way (DevTools, a future child window) gets the same rules.
 */
import { app, shell, type Session, type WebContents } from 'electron';
import { isSafeExternalUrl, normalizeExternalUrl } from './external-url';
import { isAllowedNavigation, type OriginPolicy } from './sender-policy';

/**
 * The only door to `shell.openExternal`: http(s) pages go to the user's browser; every other
 * scheme (`file:`, `smb:`, `javascript:`, custom handlers) is dropped, because the OS would run
 * whatever program claims it. Resolves to whether the URL was handed on.
 */
export async function openExternalSafely(url: unknown): Promise<boolean> {
  const safe = normalizeExternalUrl(url);
  if (!safe) {
    console.warn('[security] refused to open external URL', String(url).slice(0, 200));
    return false;
  }
  try {
    await shell.openExternal(safe);
    return true;
  } catch {
    return false;
  }
}

/**
 * Denies every permission request and check (camera, mic, geolocation, notifications, HID, USB,
 * serial, clipboard-read, ...). A LAN device manager needs none of them, and a granted permission
 * is what an XSS would reach for next.
 */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/** Navigation, window-open and webview rules for one WebContents. */
export function hardenContents(contents: WebContents, policy: OriginPolicy): void {
  // A page that leaves our origin keeps the preload and thus the bridge: never let it leave.
  // A plain http(s) link the user clicked still opens, in their browser.
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, policy)) return;
    event.preventDefault();
    if (isSafeExternalUrl(event.url)) void openExternalSafely(event.url);
  });
  // Subframes (CSP already forbids them) and server redirects get the same rule.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAllowedNavigation(event.url, policy)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, policy)) event.preventDefault();
  });
  // No new windows at all: a child window would be a second renderer with our preload.
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void openExternalSafely(url);
    return { action: 'deny' };
  });
  // <webview> is off in webPreferences; refusing the attach covers any window that forgot it.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Installs the guards for every WebContents the app will ever create and for the default session.
 * Call once, before the first window.
 */
export function installSecurityGuards(policy: OriginPolicy, ses: Session): void {
  hardenSession(ses);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, policy));
}
