// `npm test`: unit, integration and end-to-end tests, on Linux inside a private network namespace
// (loopback only) so no discovery packet can reach a real network. Ends with one line of counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './find-chromium.mjs';
import { electronBinaryPresent } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const reports = path.join(root, 'out', 'test');
const inNetns = process.env.CUSTODIAN_IN_NETNS === '1';

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

if (!inNetns) {
  // Set-up needs the package registries, so it happens before we leave the network.
  const chromium = ensureChromium();
  console.log(`[test] Chromium: ${chromium}`);
  console.log('[test] Building the app (electron-vite build) …');
  if (run('npx', ['electron-vite', 'build']) !== 0) process.exit(1);
  rmSync(reports, { recursive: true, force: true });
  if (process.platform === 'linux') {
    console.log('[test] Entering a private network namespace (loopback only) …');
    const status = run(
      'bash',
      ['scripts/in-netns.sh', process.execPath, ...process.argv.slice(1)],
      {
        CHROMIUM_PATH: chromium,
      },
    );
    if (status === 125 || status === 1) {
      // unshare prints its own error; add what to do about it.
      if (!existsSync(path.join(reports, 'vitest.json'))) {
        console.error(
          '[test] Could not create a network namespace (needs root or unprivileged user namespaces).\n' +
            '       Run as root (CI does), or enable user namespaces: sysctl kernel.unprivileged_userns_clone=1',
        );
      }
    }
    process.exit(status);
  }
  process.env.CHROMIUM_PATH = chromium;
  process.env.CUSTODIAN_LOOPBACK_ONLY = '1';
}

mkdirSync(reports, { recursive: true });
const env = { CUSTODIAN_LOOPBACK_ONLY: '1' };
const unitStatus = run(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reports}/vitest.json`,
  ],
  env,
);

const e2eArgs = ['playwright', 'test'];
if (!electronBinaryPresent()) {
  console.log(
    '[test] Electron project: skipped — the Electron binary is not installed (node_modules/electron/dist); the browser project covers the UI.',
  );
}
const needsDisplay =
  electronBinaryPresent() && !process.env.DISPLAY && process.platform === 'linux';
const e2eStatus = needsDisplay
  ? run('xvfb-run', ['-a', 'npx', ...e2eArgs], env)
  : run('npx', e2eArgs, env);

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}
const v = readJson(path.join(reports, 'vitest.json'));
const p = readJson(path.join(reports, 'playwright.json'));
const passed = (v?.numPassedTests ?? 0) + (p?.stats?.expected ?? 0) + (p?.stats?.flaky ?? 0);
const failed = (v?.numFailedTests ?? 0) + (p?.stats?.unexpected ?? 0);
const skipped = (v?.numPendingTests ?? 0) + (v?.numTodoTests ?? 0) + (p?.stats?.skipped ?? 0);
const broken = !v || !p || unitStatus !== 0 || e2eStatus !== 0;
console.log('');
console.log(
  `unit+integration: ${v ? `${v.numPassedTests} passed, ${v.numFailedTests} failed` : 'no report'}`,
);
console.log(
  `e2e: ${p ? `${p.stats.expected} passed, ${p.stats.unexpected} failed, ${p.stats.skipped} skipped` : 'no report'}`,
);
console.log(
  `tests: ${passed} passed, ${broken && failed === 0 ? 1 : failed} failed, ${skipped} skipped`,
);
process.exit(broken ? 1 : 0);
