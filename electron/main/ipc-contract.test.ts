import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { createEngine, type Engine } from '../core/engine';
import { CONTRACT_CASES } from '../testing/contract-cases';
import { FakeScanner, SAMPLE_DEVICES } from '../testing/fake-scanner';
import { connectOverFakeIpc, type IpcHarness } from './testing/ipc-harness';

describe('contract over Electron IPC (fake ipcMain/ipcRenderer, real handle + preload)', () => {
  let engine: Engine | undefined;
  let harness: IpcHarness | undefined;

  afterEach(async () => {
    harness?.close();
    await engine?.close();
  });

  for (const c of CONTRACT_CASES) {
    it(c.name, async () => {
      engine = createEngine({
        dataDir: mkdtempSync(path.join(os.tmpdir(), 'custodian-ipc-')),
        loopbackOnly: true,
        scanners: [new FakeScanner(SAMPLE_DEVICES)],
        identify: async () => null,
      });
      harness = connectOverFakeIpc({ api: engine.apiFor('ipc'), events: engine });
      await c.run(harness.client, 'ipc');
    });
  }
});
