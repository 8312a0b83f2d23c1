// `npm start`: Custodian on the real LAN (every usable IPv4 interface), in its Electron window.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const electron = electronBinaryPath();
if (!electron) {
  console.error(
    'The Electron binary is not installed (node_modules/electron/dist is missing).\n' +
      'Run `npx electron --version` once with access to its download host, or use\n' +
      '`npm run web` to run the same UI in a browser.',
  );
  process.exit(1);
}
const b = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);
spawn(electron, ['.'], { stdio: 'inherit' }).once('exit', (code) => process.exit(code ?? 0));
