/**
 * An engine over the fake scanner and the fake Hikvision driver, with a passphrase vault in a
 * temporary data folder: what flow, canary and transport tests start from.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CustodianApi } from '../shared/contract';
import type { FlowView } from '../shared/flows';
import { createEngine, type Engine } from '../core/engine';
import { FakeDriver, FAKE_HIK_DEVICES } from './fake-driver';
import { FakeScanner } from './fake-scanner';

export interface FlowHarness {
  engine: Engine;
  api: CustodianApi;
  driver: FakeDriver;
  dataDir: string;
}

export interface FlowHarnessOptions {
  dataDir?: string;
  driver?: FakeDriver;
  now?: () => Date;
  /** Run a discovery sweep first so the fake devices are in the inventory (default true). */
  discover?: boolean;
}

export const TEST_VAULT_PASSPHRASE = 'test-vault-passphrase';

export async function startFlowHarness(o: FlowHarnessOptions = {}): Promise<FlowHarness> {
  const dataDir = o.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'custodian-flows-'));
  const driver = o.driver ?? new FakeDriver(o.now);
  const engine = createEngine({
    dataDir,
    loopbackOnly: true,
    scanners: [new FakeScanner(FAKE_HIK_DEVICES, 1)],
    identify: async () => null,
    drivers: { hikvision: driver },
    vaultPassphrase: TEST_VAULT_PASSPHRASE,
    now: o.now,
  });
  const api = engine.apiFor('ipc');
  if (o.discover !== false) await discoverAll(engine);
  return { engine, api, driver, dataDir };
}

/** One short sweep, resolved when it is done. */
export async function discoverAll(engine: Engine): Promise<void> {
  const done = new Promise<void>((resolve) => {
    const off = engine.on('discovery:progress', (p) => {
      if (p.state !== 'running') {
        off();
        resolve();
      }
    });
  });
  await engine.apiFor('ipc')['discovery:start']({ durationMs: 500 });
  await done;
}

/** Polls a flow until no device is still running (a batch runs in the background). */
export async function settled(api: CustodianApi, flowId: string, ms = 5_000): Promise<FlowView> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await api['flow:get']({ flowId });
    if (v.state !== 'running') return v;
    if (Date.now() > end) throw new Error(`flow ${flowId} still running`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
