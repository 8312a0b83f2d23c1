/**
 * App-wide guards that no window can escape: navigation, new windows, `<webview>`, permissions and
 * external links. Installed once, before the first window, through `web-contents-created`, so a
 * WebContents created any other way (DevTools, a future child window) gets the same rules.
 */
import { app, shell, type Session, type WebContents } from 'electron';
import { isSafeExternalUrl, normalizeExternalUrl } from './external-url';
import { decidePermission } from './permissions';
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
 * Grants only what `decidePermission` allows (clipboard writes from our own top frame, for the
 * "copy" buttons) and denies every other permission request and check (camera, mic, geolocation,
 * notifications, clipboard-read, ...). Device permissions (HID, USB, serial) are never granted.
 */
export function hardenSession(ses: Session, policy: OriginPolicy): void {
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(
      decidePermission(
        {
          permission,
          requestingUrl: details.requestingUrl,
          isMainFrame: details.isMainFrame,
          pageUrl: contents.getURL(),
        },
        policy,
      ),
    );
  });
  ses.setPermissionCheckHandler((contents, permission, requestingOrigin, details) =>
    decidePermission(
      {
        permission,
        requestingUrl: details.requestingUrl ?? requestingOrigin,
        isMainFrame: details.isMainFrame,
        pageUrl: contents?.getURL(),
      },
      policy,
    ),
  );
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
  hardenSession(ses, policy);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, policy));
}
