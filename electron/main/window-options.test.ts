import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from './menu';
import { HARDENED_WEB_PREFERENCES, PRELOAD_PATH } from './window-options';

describe('HARDENED_WEB_PREFERENCES', () => {
  it('writes every security-relevant flag out, hardened', () => {
    expect(HARDENED_WEB_PREFERENCES).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      webviewTag: false,
    });
    expect(HARDENED_WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
    expect(Object.isFrozen(HARDENED_WEB_PREFERENCES)).toBe(true);
  });

  it('loads the single CommonJS preload bundle', () => {
    expect(PRELOAD_PATH).toMatch(/preload[\\/]index\.cjs$/);
    expect(HARDENED_WEB_PREFERENCES.preload).toBe(PRELOAD_PATH);
  });
});

describe('buildMenuTemplate', () => {
  const roles = (t: ReturnType<typeof buildMenuTemplate>): string[] =>
    t.flatMap((item) => [
      String(item.role ?? item.label),
      ...(Array.isArray(item.submenu) ? item.submenu.map((s) => String(s.role)) : []),
    ]);

  it('ships no DevTools or reload in production, but keeps Edit', () => {
    for (const isMac of [true, false]) {
      const r = roles(buildMenuTemplate({ isDev: false, isMac }));
      expect(r).toContain('editMenu');
      expect(r).not.toContain('toggleDevTools');
      expect(r).not.toContain('reload');
      expect(r).not.toContain('forceReload');
    }
  });

  it('offers View > Reload and DevTools in development', () => {
    expect(roles(buildMenuTemplate({ isDev: true, isMac: false }))).toEqual(
      expect.arrayContaining(['View', 'reload', 'toggleDevTools', 'editMenu']),
    );
  });
});
