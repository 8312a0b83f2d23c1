/**
 * Electron entry: wires the engine, the hardened window, the `app://` protocol, the security
 * guards and the IPC transport. Everything with logic lives in the injected modules beside it.
 */
import { app, ipcMain, Menu, safeStorage, session } from 'electron';
import { dispatch } from '../core/api/dispatch';
import { createEngine, type Engine, type EngineOptions } from '../core/engine';
import type { SecretProtector } from '../core/store/secret-protector';
import { registerAppScheme, rendererEntryUrl, serveAppProtocol } from './app-protocol';
import { forwardEvents, registerIpc } from './ipc';
import { installDownloadHandler } from './download-session';
import { createMainWindow, firstWindow, knownContents } from './main-window';
import { buildMenuTemplate } from './menu';
import { installSecurityGuards } from './security';
import type { OriginPolicy } from './sender-policy';
import { createSecretProtector } from './vault-key';

// The dev server URL is honoured only unpackaged: a shipped app must not load a page an
// environment variable points at.
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const policy: OriginPolicy = { devUrl };

// A separate profile for tests and the lab (set before the single-instance lock, which lives in it).
if (process.env.CUSTODIAN_DATA_DIR) app.setPath('userData', process.env.CUSTODIAN_DATA_DIR);
registerAppScheme();
// Sandbox every renderer, even one created without our preferences.
app.enableSandbox();

let engine: Engine | undefined;
let closing = false;

function openWindow(): void {
  createMainWindow(rendererEntryUrl(devUrl));
}

async function start(): Promise<void> {
  await app.whenReady();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({ isDev: !app.isPackaged, isMac: process.platform === 'darwin' }),
    ),
  );
  installSecurityGuards(policy, session.defaultSession);
  installDownloadHandler(session.defaultSession, policy, knownContents);
  serveAppProtocol();
  const secretProtector: SecretProtector = createSecretProtector(safeStorage);
  const interfaces = process.env.CUSTODIAN_INTERFACES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const options: EngineOptions = {
    dataDir: app.getPath('userData'),
    secretProtector,
    loopbackOnly: process.env.CUSTODIAN_LOOPBACK_ONLY === '1',
    interfaces: interfaces?.length ? interfaces : undefined,
  };
  engine = createEngine(options);
  registerIpc({ ipcMain, windows: knownContents, dispatch, api: engine.apiFor('ipc'), policy });
  forwardEvents({ source: engine, windows: knownContents, policy });
  openWindow();
  app.on('activate', () => {
    if (!firstWindow()) openWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Two engines on one profile would fight over the inventory and the sockets.
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = firstWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Close the engine (sockets, timers, pending writes) before the process goes away.
  app.on('before-quit', (event) => {
    if (closing || !engine) return;
    event.preventDefault();
    closing = true;
    void engine
      .close()
      .catch((err: unknown) => console.error('[main] engine close failed', err))
      .finally(() => app.quit());
  });
  start().catch((err: unknown) => {
    console.error('[main] start failed', err);
    app.exit(1);
  });
}
