/**
 * The pure half of the `app://` protocol: which file a request URL names, what type it is, and the
 * headers every response carries. No `electron` import, so path handling is unit-tested in Node.
 *
 * The threat: the protocol handler reads files from disk on behalf of the renderer. A crafted URL
 * (`../`, `%2e%2e`, `%2f`, a drive letter, a NUL byte) must never reach a file outside the bundle.
 */
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './sender-policy';

/**
 * The Content-Security-Policy of every page: nothing is allowed unless named, scripts and styles
 * only from the bundle, no inline script, no eval, no plugins, no framing, no form posts. This is
 * the last line against XSS from device-supplied strings (names, models) shown in the UI.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The Content-Type for a file; unknown types are opaque bytes (and `nosniff` keeps them so). */
export function mimeTypeFor(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers on every `app://` response. */
export function responseHeaders(file: string): Record<string, string> {
  return {
    'content-type': mimeTypeFor(file),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    // Stops the renderer from guessing a script out of a file we labelled otherwise.
    'x-content-type-options': 'nosniff',
    // Device addresses in our URLs are nobody else's business.
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

const PREFIX = `${APP_SCHEME}://${APP_HOST}`;

/** Segments that are never served: traversal, Windows device/stream syntax, dotfiles. */
function badSegment(segment: string): boolean {
  return (
    segment === '' ||
    segment === '.' ||
    segment === '..' ||
    segment.startsWith('.') ||
    segment.includes(':') ||
    segment.includes('\\') ||
    segment.includes('\0')
  );
}

/**
 * Maps a request URL to an absolute file inside `rootDir`, or `null` when the request is refused.
 * Works on the raw URL text, before any normalisation, so `..` is refused rather than silently
 * resolved; percent-escapes are decoded once and then checked again (`%2e%2e`, `%2f`, `%00`). A
 * path with no extension is a client-side route and gets `index.html`.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  if (!path.isAbsolute(rootDir)) return null;
  if (requestUrl.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return null;
  const rest = requestUrl.slice(PREFIX.length);
  if (rest !== '' && !/^[/?#]/.test(rest)) return null; // app://custodian.evil, app://custodian:1
  const rawPath = (rest.split(/[?#]/, 1)[0] ?? '') || '/';
  if (/%00|\0/i.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null; // malformed escape
  }
  if (decoded === '/') decoded = '/index.html';
  const segments = decoded.slice(1).split('/');
  if (!decoded.startsWith('/') || segments.some(badSegment)) return null;
  const last = segments[segments.length - 1] ?? '';
  if (!last.includes('.')) segments.splice(0, segments.length, 'index.html');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...segments);
  // Belt and braces: whatever the checks above missed, never leave the root.
  if (!file.startsWith(root + path.sep)) return null;
  return file;
}
