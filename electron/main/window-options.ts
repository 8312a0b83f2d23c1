/**
 * The one set of `webPreferences` every Custodian window is made from. Imports `electron` for
 * types only, so tests can assert the flags in plain Node.
 */
import { fileURLToPath } from 'node:url';
import type { WebPreferences } from 'electron';

/**
 * The sandboxed preload bundle (CommonJS: a sandboxed preload cannot load ES modules or other
 * files). Resolved next to the built main bundle, `out/main/index.js` -> `out/preload/index.cjs`.
 */
export const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

/**
 * Hardened preferences, written out even where they equal Electron's defaults so a default that
 * changes (or a copy-paste from a template) cannot silently weaken a window.
 */
export const HARDENED_WEB_PREFERENCES = Object.freeze({
  // The UI renders strings from untrusted devices on the LAN; an XSS must not get `require`.
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  // The preload's globals and prototypes stay out of the page's reach (prototype pollution).
  contextIsolation: true,
  // Chromium's OS sandbox: a renderer exploit cannot touch the file system or spawn processes.
  sandbox: true,
  // Same-origin policy and CORS stay on: a page must not read arbitrary http(s) or file URLs.
  webSecurity: true,
  // Never run http content inside our secure app:// page (mixed content is a MITM foothold).
  allowRunningInsecureContent: false,
  // Experimental Blink features are less reviewed attack surface we do not need.
  experimentalFeatures: false,
  // Dropping a file or link on the window must not navigate it away from our bundle.
  navigateOnDragDrop: false,
  // The spellchecker downloads dictionaries from Google's CDN and sees typed passwords.
  spellcheck: false,
  // No <webview>: an embedded guest with its own preferences is a way around all of the above.
  webviewTag: false,
  // Modal-dialog spam from a hostile page can be stopped by the user.
  safeDialogs: true,
  // The only bridge to the engine: named verbs, no ipcRenderer (see electron/preload).
  preload: PRELOAD_PATH,
} as const satisfies WebPreferences);
