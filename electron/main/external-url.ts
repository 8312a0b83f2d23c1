/**
 * Which URLs the app hands to the operating system. Pure (no `electron` import) so it is tested in
 * Node; `security.ts` wraps it around `shell.openExternal` in `openExternalSafely`.
 *
 * The threat: `shell.openExternal` launches whatever handler the OS has for a scheme. A `file:`,
 * `smb:` or custom-scheme URL from a compromised or tricked renderer can run programs, leak NTLM
 * hashes or open local files; `javascript:`/`data:` have no business leaving the app. Only plain
 * web pages are allowed out.
 */

const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/** Longest URL we pass on; anything longer is more likely an attack payload than a link. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

/** Control characters and spaces can change how an OS handler splits its argument. */
function hasControlOrSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * The URL to hand to the OS, or `null` when it must not leave the app: an absolute http(s) URL
 * written with its host (`http:///x` is refused, not "fixed"), no embedded credentials (a phishing
 * trick: `https://bank.example@evil/`), no control characters. The result is the parser's own
 * serialisation, so the OS opens exactly what was checked.
 */
export function normalizeExternalUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_EXTERNAL_URL_LENGTH) {
    return null;
  }
  if (hasControlOrSpace(url) || !/^https?:\/\/[^/\\]/i.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) return null;
  if (!parsed.hostname || parsed.username || parsed.password) return null;
  return parsed.href;
}

/** True when `url` may be opened in the user's browser (see `normalizeExternalUrl`). */
export function isSafeExternalUrl(url: unknown): url is string {
  return normalizeExternalUrl(url) !== null;
}
