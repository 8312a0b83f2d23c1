/**
 * Serves the built renderer from `app://custodian/` instead of `file://` (Electron security
 * checklist item 18): a custom origin gets no file-system privileges, has a real origin for the
 * sender and navigation checks, and lets every response carry a strict CSP header.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { protocol } from 'electron';
import { resolveAppFile, responseHeaders } from './app-files';
import { APP_ENTRY_URL, APP_SCHEME } from './sender-policy';

/** The built renderer, next to the built main bundle: `out/main` -> `out/renderer`. */
export const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

/**
 * Declares `app:` privileged. Must run before `app` is ready. `standard` gives it real origins
 * and relative URLs, `secure` makes it a secure context (no mixed-content downgrade),
 * `supportFetchAPI` lets the page `fetch` its own assets. Nothing else is granted: without
 * `corsEnabled` no other origin can read our files, without `bypassCSP` the CSP holds, and no
 * service workers. Electron keeps only the last call's list, so every scheme is registered here.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function refuse(status: number): Response {
  return new Response(null, { status, headers: { 'content-type': 'text/plain' } });
}

/** True when `file` (after following links) is still inside `root`. */
async function staysInside(root: string, file: string): Promise<boolean> {
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  return realFile.startsWith(realRoot + path.sep);
}

/**
 * Answers `app://custodian/...` from `rootDir` (after ready). Only GET and HEAD; refused paths are
 * 404 without saying why, so the handler is no oracle for what exists on disk.
 */
export function serveAppProtocol(rootDir: string = RENDERER_DIR): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    const file = resolveAppFile(rootDir, request.url);
    if (!file) return refuse(404);
    try {
      if (!(await staysInside(rootDir, file))) return refuse(404);
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, { status: 200, headers: responseHeaders(file) });
    } catch {
      return refuse(404);
    }
  });
}

/**
 * The URL a window loads: the electron-vite dev server while developing unpackaged, else the
 * bundle over `app://`.
 */
export function rendererEntryUrl(devUrl: string | undefined): string {
  return devUrl ?? APP_ENTRY_URL;
}
