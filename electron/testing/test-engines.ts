/**
 * Engines for tests: each on a fresh temporary data dir, loopback only, with no ONVIF identity
 * reads unless a test passes its own, and all closed after every test of the calling file.
 * Tests only.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createEngine, type Engine, type EngineOptions } from '../core/engine';

/** Call at a test file's top level: returns the factory and registers the clean-up. */
export function testEngines(
  defaults: Partial<EngineOptions> = {},
): (opts?: Partial<EngineOptions>) => Engine {
  const engines: Engine[] = [];
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.close()));
  });
  return (opts = {}) => {
    const e = createEngine({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'custodian-test-engine-')),
      loopbackOnly: true,
      identify: async () => null,
      ...defaults,
      ...opts,
    });
    engines.push(e);
    return e;
  };
}
