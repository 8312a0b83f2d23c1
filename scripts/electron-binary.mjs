// Whether Electron's binary is installed. Detected by its files, never by requiring `electron`:
// in plain Node that starts a download, which fails on machines without access to its host.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable's path, or null when the binary was never downloaded. */
export function electronBinaryPath() {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathTxt = path.join(dir, 'path.txt');
  if (!existsSync(pathTxt) || !existsSync(path.join(dir, 'dist'))) return null;
  const exe = path.join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

export function electronBinaryPresent() {
  return electronBinaryPath() !== null;
}
