/**
 * Wires the `will-download` rules (downloads.ts) to the real session, dialog and file system.
 * Everything with a decision in it lives in downloads.ts and download-plan.ts.
 */
import { existsSync, realpathSync } from 'node:fs';
import { rm, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, dialog, type Session } from 'electron';
import { createDownloadHandler, type DownloadFs } from './downloads';
import type { KnownWindows } from './ipc';
import type { OriginPolicy } from './sender-policy';

/** Follows symlinks of the nearest existing ancestor, so a not-yet-written file resolves too. */
function realPath(p: string): string {
  const rest: string[] = [];
  let dir = path.resolve(p);
  for (;;) {
    try {
      return path.join(realpathSync.native(dir), ...rest.reverse());
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return path.resolve(p);
      rest.push(path.basename(dir));
      dir = parent;
    }
  }
}

const nodeFs: DownloadFs = {
  realPath,
  removeIfPresent: (p) => rm(p, { force: true }).catch(() => undefined),
  restrictToOwner: async (p) => {
    if (process.platform !== 'win32') await chmod(p, 0o600);
  },
};

/** The folders a secret must not be left in: the OS temp folders, symlinks resolved. */
function tempDirs(): string[] {
  const dirs = [os.tmpdir(), app.getPath('temp')];
  if (process.platform !== 'win32') dirs.push('/tmp', '/var/tmp', '/dev/shm');
  return [...new Set(dirs.map(realPath))];
}

/** Downloads, or the home folder when there is none; never a temporary folder. */
function downloadsDir(): string {
  try {
    const dir = app.getPath('downloads');
    if (existsSync(dir)) return dir;
  } catch {
    // No Downloads folder known on this system: fall through.
  }
  return app.getPath('home');
}

/** Installs the download rules on `ses`. Call once, before the first window. */
export function installDownloadHandler(
  ses: Session,
  policy: OriginPolicy,
  windows: KnownWindows,
): void {
  const handler = createDownloadHandler({
    policy,
    isKnownContents: (id) => id !== undefined && [...windows()].some((c) => c.id === id),
    downloadsDir,
    tempDirs,
    locale: () => app.getLocale(),
    caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
    fs: nodeFs,
    notify: ({ title, message }) => {
      const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const options = { type: 'warning' as const, title, message };
      void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
    },
  });
  ses.on('will-download', (event, item, contents) => handler(event, item, contents));
}
