/**
 * The main window and the registry of windows this app created. The registry is what the IPC
 * sender check calls "known": a WebContents that is not in it gets no answer from the engine.
 */
import { BrowserWindow } from 'electron';
import { HARDENED_WEB_PREFERENCES } from './window-options';
import type { WebContentsLike } from './ipc';

export const WINDOW_TITLE = 'Custodian';

const known = new Set<BrowserWindow>();

/** The WebContents of every open window we created (for IPC sender checks and event relay). */
export function knownContents(): WebContentsLike[] {
  return [...known].filter((w) => !w.isDestroyed()).map((w) => w.webContents);
}

/** The first open window, if any (to focus it when a second instance starts). */
export function firstWindow(): BrowserWindow | undefined {
  return [...known].find((w) => !w.isDestroyed());
}

/**
 * Opens the main window on `url`. Made from the one hardened preference set; shown only once it
 * has painted, so the user never sees a blank frame.
 */
export function createMainWindow(url: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: WINDOW_TITLE,
    webPreferences: { ...HARDENED_WEB_PREFERENCES },
  });
  known.add(win);
  win.on('closed', () => known.delete(win));
  win.once('ready-to-show', () => win.show());
  // The title bar is ours: a page (or a device name rendered into <title>) cannot spoof it.
  win.on('page-title-updated', (event) => event.preventDefault());
  void win.loadURL(url);
  return win;
}
