/**
 * Which web permissions the renderer gets: exactly one, writing plain text or a PNG to the
 * clipboard (the Recover wizard's "copy" buttons for a QR payload or a support code), and only for
 * the top frame of our own origin. Everything else (camera, mic, geolocation, notifications,
 * clipboard *read*, unsanitized clipboard write, HID, USB, serial, ...) is refused: a LAN device
 * manager needs none of them, and a granted permission is what an XSS would reach for next.
 * Pure (no `electron` import), so the rule is unit-tested in Node; `security.ts` installs it.
 */
import { isOwnUrl, type OriginPolicy } from './sender-policy';

/**
 * The grantable permissions. `clipboard-sanitized-write` is Chromium's async-clipboard write of
 * sanitized data (`writeText`, `write` with text or PNG); `clipboard-read` would let a page read
 * whatever the person copied elsewhere (passwords from a manager) and stays denied.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** What a permission request or check says about who is asking. */
export interface PermissionAsk {
  permission: string;
  /** The URL (request) or origin (check) of the frame asking; empty when Electron gave none. */
  requestingUrl: string;
  /** False for a subframe; undefined when Electron does not say (permission checks). */
  isMainFrame?: boolean | undefined;
  /** The asking WebContents' own page URL, when known: it must be ours too. */
  pageUrl?: string | undefined;
}

/** True only for a granted permission asked by our own origin's top frame. */
export function decidePermission(ask: PermissionAsk, policy: OriginPolicy): boolean {
  if (!GRANTED_PERMISSIONS.has(ask.permission)) return false;
  if (ask.isMainFrame === false) return false;
  if (!ask.requestingUrl || !isOwnUrl(ask.requestingUrl, policy)) return false;
  if (ask.pageUrl !== undefined && !isOwnUrl(ask.pageUrl, policy)) return false;
  return true;
}
