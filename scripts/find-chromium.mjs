// Finds a Chromium for the e2e suite: Playwright's own when it was installed, else Debian's.
// Where none is there and we are root on Debian, installs Debian's `chromium` with apt-get;
// otherwise says exactly what to install. Never runs `playwright install` (it downloads a build).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const DEBIAN_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function playwrightChromium() {
  try {
    const { chromium } = require('playwright-core');
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

export function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) {
    return process.env.CHROMIUM_PATH;
  }
  for (const p of DEBIAN_PATHS) if (existsSync(p)) return p;
  return playwrightChromium();
}

function isDebian() {
  try {
    return /debian|ubuntu/i.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

/** Returns a Chromium path, installing Debian's package when allowed; exits with advice otherwise. */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform === 'linux' && root && isDebian()) {
    console.log("[test] No Chromium found: installing Debian's chromium with apt-get …");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
      const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
      if (r.status !== 0) break;
    }
    const after = findChromium();
    if (after) return after;
  }
  console.error(
    '[test] No Chromium found for the end-to-end tests. Install one of:\n' +
      '  Debian/Ubuntu:  sudo apt-get install chromium\n' +
      '  macOS:          brew install --cask chromium   (then CHROMIUM_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium)\n' +
      '  any system:     set CHROMIUM_PATH to a Chromium or Chrome executable',
  );
  process.exit(1);
}
