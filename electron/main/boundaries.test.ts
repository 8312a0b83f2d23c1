import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The modules tests import must not load `electron` at runtime: in plain Node that import tries to
 * download the binary and throws. Only the thin wiring files may import it.
 */
const PURE = [
  'electron/main/app-files.ts',
  'electron/main/download-plan.ts',
  'electron/main/downloads.ts',
  'electron/main/external-url.ts',
  'electron/main/ipc.ts',
  'electron/main/menu.ts',
  'electron/main/permissions.ts',
  'electron/main/sender-policy.ts',
  'electron/main/vault-key.ts',
  'electron/main/window-options.ts',
  'electron/main/testing/fake-ipc.ts',
  'electron/main/testing/ipc-harness.ts',
  'electron/preload/api.ts',
  'electron/core/store/secret-protector.ts',
];

const runtimeElectronImport = /^\s*import\s+(?!type\b)[^;]*from\s+['"]electron(\/[^'"]*)?['"]/m;

describe('process boundaries', () => {
  it.each(PURE)('%s imports electron for types only', (file) => {
    const text = readFileSync(path.resolve(file), 'utf8');
    expect(text).not.toMatch(runtimeElectronImport);
    expect(text).not.toMatch(/require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/);
  });

  it('the check itself catches a runtime import', () => {
    expect("import { app } from 'electron';").toMatch(runtimeElectronImport);
    expect("import type { App } from 'electron';").not.toMatch(runtimeElectronImport);
  });
});
