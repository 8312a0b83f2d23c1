import { defineConfig } from '@playwright/test';

/**
 * Two projects. `browser`: the renderer in Debian's Chromium against the WebSocket host and a lab
 * fleet (always runs; part of `npm test`). `electron`: the packaged shell, wherever an Electron
 * binary exists (the spec skips itself with the reason otherwise).
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'out/test/artifacts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'out/test/playwright.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    trace: 'on-first-retry',
  },
  projects: [
    {
      name: 'browser',
      testDir: 'e2e/browser',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
    { name: 'electron', testDir: 'e2e/electron' },
  ],
});
