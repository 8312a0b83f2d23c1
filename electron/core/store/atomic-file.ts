/**
 * Whole-file writes that a crash cannot tear: the new content goes to a temporary file beside the
 * target, is flushed to the disk, then renamed over the target (rename is atomic on one volume).
 * Readers see either the old file or the new one, never half of each.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Owner-only: the vault, flows and audit files are nobody else's business on a shared machine. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Writes `data` to `file` atomically with mode 0600 (the temporary file is created 0600 too, so
 * the content is never briefly readable by others).
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  // An existing file keeps its mode across rename on some systems only; set it explicitly.
  await fs.chmod(file, PRIVATE_FILE_MODE).catch(() => undefined);
  await syncDir(path.dirname(file));
}

/** Makes the rename itself durable; not supported on Windows, where it is skipped. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/** Reads a file as UTF-8, or null when it does not exist. */
export async function readFileIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
