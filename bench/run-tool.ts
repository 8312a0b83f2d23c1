/**
 * One discovery tool against a running lab, in its own process so its CPU and memory are its own.
 *   tsx bench/run-tool.ts <custodian|node-onvif|onvif> <manifest.json> [limitMs]
 * Prints one JSON line (ToolResult). Each tool runs as its users would run it: Custodian on the
 * explicit loopback interface; node-onvif's startProbe and agsh onvif's Discovery.probe with their
 * defaults, which bind 0.0.0.0 (inside the benchmark's network namespace that is loopback only).
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createEngine } from '../electron/core/engine';
import { startMeasuring, type ToolResult } from './measure';

const require = createRequire(import.meta.url);
const [tool, manifestPath, limitArg] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(manifestPath!, 'utf8')) as {
  devices: { family: string; endpoint?: string; ip: string }[];
};
const onvifDevices = manifest.devices.filter((d) => d.endpoint);
const expected = onvifDevices.length;
const limitMs = Number(limitArg ?? 10_000);

async function custodian(): Promise<ToolResult> {
  const m = startMeasuring();
  const engine = createEngine({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'custodian-bench-')),
    loopbackOnly: true,
    interfaces: ['127.0.0.1'],
    identify: async () => null, // discovery only: the peers read no identity either
  });
  let firstMs: number | null = null;
  let completeMs: number | null = null;
  const seen = new Set<string>();
  let rows = 0;
  await new Promise<void>((resolve) => {
    engine.on('devices:changed', (c) => {
      if (c.change === 'added') rows++;
      if (c.device.onvif?.endpoint) seen.add(c.device.onvif.endpoint);
      firstMs ??= m.elapsed();
      if (completeMs === null && seen.size >= expected) {
        completeMs = m.elapsed();
        resolve();
      }
    });
    engine.on('discovery:progress', (p) => p.state !== 'running' && resolve());
    void engine.apiFor('ipc')['discovery:start']({ durationMs: Math.min(limitMs, 60_000) });
  });
  await engine.close();
  return {
    tool: 'custodian',
    expected,
    found: seen.size,
    duplicates: rows - seen.size,
    firstMs,
    completeMs,
    ...m.finish(),
  };
}

async function nodeOnvif(): Promise<ToolResult> {
  const onvif = require('node-onvif') as {
    startProbe(): Promise<{ urn: string }[]>;
    _devices?: Record<string, unknown>;
  };
  const m = startMeasuring();
  let firstMs: number | null = null;
  let completeMs: number | null = null;
  // node-onvif reports only at the end of its fixed 3 s wait; its internal map shows when each
  // reply arrived, which is what "time to first/complete" means for a fair comparison.
  const poll = setInterval(() => {
    const n = Object.keys(onvif._devices ?? {}).length;
    if (n > 0) firstMs ??= m.elapsed();
    if (n >= expected) completeMs ??= m.elapsed();
  }, 5);
  const list = await onvif.startProbe();
  clearInterval(poll);
  const urns = new Set(list.map((d) => d.urn));
  if (urns.size >= expected) completeMs ??= m.elapsed();
  return {
    tool: 'node-onvif startProbe',
    expected,
    found: urns.size,
    duplicates: list.length - urns.size,
    firstMs,
    completeMs,
    ...m.finish(),
    note: 'resolves after its fixed 3 s wait',
  };
}

async function agshOnvif(): Promise<ToolResult> {
  const { Discovery } = require('onvif') as {
    Discovery: {
      on(e: 'device', l: (cam: unknown, rinfo: unknown, xml: string) => void): void;
      on(e: 'error', l: (err: unknown) => void): void;
      probe(
        o: { timeout: number; resolve: boolean },
        cb: (err: unknown, cams: unknown[]) => void,
      ): void;
    };
  };
  const m = startMeasuring();
  let firstMs: number | null = null;
  let completeMs: number | null = null;
  const seen = new Set<string>();
  let replies = 0;
  let errors = 0;
  Discovery.on('error', () => errors++);
  Discovery.on('device', (_cam, _rinfo, xml) => {
    replies++;
    const urn = /<(?:\w+:)?Address>([^<]+)</.exec(xml)?.[1] ?? `unknown-${replies}`;
    seen.add(urn);
    firstMs ??= m.elapsed();
    if (seen.size >= expected) completeMs ??= m.elapsed();
  });
  await new Promise<void>((resolve) =>
    Discovery.probe({ timeout: Math.min(limitMs, 5000), resolve: false }, () => resolve()),
  );
  return {
    tool: 'onvif Discovery.probe',
    expected,
    found: seen.size,
    duplicates: replies - seen.size,
    firstMs,
    completeMs,
    ...m.finish(),
    note: `single probe, ${Math.min(limitMs, 5000)} ms timeout${errors ? `, ${errors} errors` : ''}`,
  };
}

const runners: Record<string, () => Promise<ToolResult>> = {
  custodian,
  'node-onvif': nodeOnvif,
  onvif: agshOnvif,
};
const run = runners[tool ?? ''];
if (!run) {
  console.error('usage: run-tool.ts <custodian|node-onvif|onvif> <manifest> [limitMs]');
  process.exit(2);
}
console.log(JSON.stringify(await run()));
process.exit(0);
