// `npm run demo`: a lab fleet on loopback and Custodian pointed at it. The Electron window where
// its binary is installed; otherwise the same UI in a browser through the WebSocket host.
//   npm run demo [-- --fleet mixed-20|onvif-5|scale-1000|file.json] [-- --port 4800]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { electronBinaryPath } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const { values } = parseArgs({
  options: {
    fleet: { type: 'string', default: 'mixed-20' },
    port: { type: 'string', default: '4800' },
    'no-build': { type: 'boolean', default: false },
  },
});

const children = [];
function start(args, env = {}) {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CUSTODIAN_LOOPBACK_ONLY: '1', ...env },
  });
  children.push(child);
  return child;
}
function stopAll(code = 0) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

if (!values['no-build'] || !existsSync('out/renderer/index.html')) {
  console.log('[demo] Building the app …');
  const b = spawnSync('npx', ['electron-vite', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'custodian-demo-'));
const manifest = path.join(dataDir, 'lab-manifest.json');
console.log(`[demo] Starting the lab fleet "${values.fleet}" on loopback …`);
const lab = start([
  '--import',
  'tsx',
  'lab/cli.ts',
  '--fleet',
  values.fleet,
  '--manifest',
  manifest,
]);
lab.stdout.pipe(process.stdout);
lab.once('exit', (code) => {
  console.error(`[demo] The lab stopped (exit ${code}).`);
  stopAll(code ?? 1);
});
while (!existsSync(manifest)) await new Promise((r) => setTimeout(r, 100));

const electron = electronBinaryPath();
if (electron) {
  console.log('[demo] Opening the Custodian window …');
  const app = spawn(electron, ['.'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      CUSTODIAN_LOOPBACK_ONLY: '1',
      CUSTODIAN_INTERFACES: '127.0.0.1',
      CUSTODIAN_DATA_DIR: path.join(dataDir, 'app'),
    },
  });
  children.push(app);
  app.once('exit', () => stopAll(0));
} else {
  console.log('[demo] Electron binary not installed: serving the same UI for a browser instead.');
  const host = start([
    '--import',
    'tsx',
    'electron/host/cli.ts',
    '--json',
    '--loopback-only',
    '--iface',
    '127.0.0.1',
    '--port',
    values.port,
    '--data-dir',
    path.join(dataDir, 'app'),
  ]);
  const rl = readline.createInterface({ input: host.stdout });
  rl.once('line', (line) => {
    const { pageUrl } = JSON.parse(line);
    console.log('');
    console.log(`  Custodian demo: open ${pageUrl}`);
    console.log('  (lab devices appear in the table by themselves; Ctrl+C stops everything)');
    console.log('');
  });
  host.once('exit', (code) => stopAll(code ?? 1));
}
