/**
 * The built Electron shell, driven for real: the window opens from app://, the renderer has no
 * Node, the bridge exposes only contract verbs, and new windows, navigation and permissions are
 * refused. Runs only where the Electron binary is installed; build first (`npm run build`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  _electron as electron,
  expect,
  test,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { PRELOAD_EVENTS, PRELOAD_GLOBAL, PRELOAD_VERBS } from '../../electron/shared/preload-api';
import { tempDir } from '../fixtures/processes';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'out/main/index.js');
// Detected by files, never by requiring 'electron' (that would try to download the binary).
const ELECTRON_INSTALLED =
  existsSync(path.join(ROOT, 'node_modules/electron/path.txt')) &&
  existsSync(path.join(ROOT, 'node_modules/electron/dist'));

/**
 * What page script can see, typed without DOM libs (e2e compiles for Node). Callbacks given to
 * `page.evaluate` run in the page, so each casts `globalThis` itself: no outer helper reaches there.
 */
type PageGlobals = Record<string, unknown> & {
  open(url: string): unknown;
  location: { href: string };
  fetch(url: string): Promise<{ status: number; headers: { get(name: string): string | null } }>;
  navigator: { permissions: { query(d: { name: string }): Promise<{ state: string }> } };
};

test.describe('Electron shell', () => {
  test.skip(
    !ELECTRON_INSTALLED,
    'Electron binary not installed (node_modules/electron/dist missing): the Electron project is skipped; the browser project covers the UI',
  );

  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    expect(existsSync(MAIN), `${MAIN} is missing: run \`npm run build\` first`).toBe(true);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    delete env.ELECTRON_RENDERER_URL; // the built bundle over app://, not a dev server
    env.CUSTODIAN_DATA_DIR = tempDir('custodian-electron-');
    env.CUSTODIAN_LOOPBACK_ONLY = '1';
    app = await electron.launch({ args: [MAIN], cwd: ROOT, env });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('opens one window titled Custodian, served from app://', async () => {
    expect(page.url()).toMatch(/^app:\/\/custodian\//);
    const title = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]?.getTitle(),
    );
    expect(title).toBe('Custodian');
    expect(app.windows()).toHaveLength(1);
  });

  test('the page has no Node (nodeIntegration off, isolated, sandboxed)', async () => {
    // The flags themselves are asserted on HARDENED_WEB_PREFERENCES in the unit tests (Electron
    // has no public getter for a live window's preferences); here, their effect on the page.
    const types = await page.evaluate(() =>
      ['require', 'process', 'module', 'Buffer', 'global'].map(
        (n) => typeof (globalThis as unknown as PageGlobals)[n],
      ),
    );
    expect(types).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
  });

  test('window.custodian exposes exactly the contract functions', async () => {
    const surface = await page.evaluate((name) => {
      const api = (globalThis as unknown as PageGlobals)[name] as Record<string, unknown>;
      return Object.keys(api).map((k) => [k, typeof api[k]]);
    }, PRELOAD_GLOBAL);
    const expected = [...Object.values(PRELOAD_VERBS), ...Object.values(PRELOAD_EVENTS)].sort();
    expect(surface.map(([k]) => k).sort()).toEqual(expected);
    expect(surface.every(([, t]) => t === 'function')).toBe(true);
    const info = await page.evaluate(async (name) => {
      const api = (globalThis as unknown as PageGlobals)[name] as {
        appInfo(): Promise<{ ok: boolean; value?: { transport: string } }>;
      };
      return api.appInfo();
    }, PRELOAD_GLOBAL);
    expect(info).toMatchObject({ ok: true, value: { transport: 'ipc' } });
  });

  test('window.open and navigation away are denied', async () => {
    // Non-http(s) targets, so a denial never hands anything to the OS browser either.
    expect(
      await page.evaluate(
        () => (globalThis as unknown as PageGlobals).open('about:blank') === null,
      ),
    ).toBe(true);
    expect(
      await page.evaluate(
        () => (globalThis as unknown as PageGlobals).open('file:///etc/hosts') === null,
      ),
    ).toBe(true);
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'file:///etc/hosts';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/custodian\//);
    expect(app.windows()).toHaveLength(1);
  });

  test('responses carry the strict CSP and traversal is refused', async () => {
    const res = await page.evaluate(async () => {
      const index = await (globalThis as unknown as PageGlobals).fetch(
        'app://custodian/index.html',
      );
      const evil = await (globalThis as unknown as PageGlobals).fetch(
        'app://custodian/%2e%2e/%2e%2e/package.json',
      );
      return { csp: index.headers.get('content-security-policy'), evil: evil.status };
    });
    expect(res.csp).toContain("default-src 'none'");
    expect(res.csp).toContain("frame-ancestors 'none'");
    expect(res.evil).toBe(404);
  });

  test('permissions are denied', async () => {
    const state = await page.evaluate(async () => {
      const r = await (globalThis as unknown as PageGlobals).navigator.permissions.query({
        name: 'geolocation',
      });
      return r.state;
    });
    expect(state).toBe('denied');
  });

  test('clipboard writes are granted to the app (the copy buttons), reads are not', async () => {
    const states = await page.evaluate(async () => {
      const perms = (globalThis as unknown as PageGlobals).navigator.permissions;
      const write = await perms.query({ name: 'clipboard-write' });
      const read = await perms.query({ name: 'clipboard-read' });
      return [write.state, read.state];
    });
    expect(states).toEqual(['granted', 'denied']);
  });
});
