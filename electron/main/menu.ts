/**
 * The application menu. Electron's default menu carries Toggle Developer Tools, Force Reload and
 * more; in a shipped app DevTools is a console into the renderer that holds the engine bridge, so
 * production keeps only what a user needs (Edit for copy/paste, window controls). Types only from
 * `electron`, so the template is tested in Node; `index.ts` builds it.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuContext {
  /** Unpackaged run (electron-vite dev, tests): reload and DevTools are useful there. */
  isDev: boolean;
  isMac: boolean;
}

/** The menu template for this run. */
export function buildMenuTemplate({ isDev, isMac }: MenuContext): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) template.push({ role: 'appMenu' });
  else template.push({ label: 'File', submenu: [{ role: 'quit' }] });
  template.push({ role: 'editMenu' });
  if (isDev) {
    template.push({
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }],
    });
  }
  template.push({ role: 'windowMenu' });
  return template;
}
