/**
 * One discovery tool against a running lab, in its own process so its CPU and memory are its own.
 *   tsx bench/run-tool.ts <custodian|node-onvif|onvif> <manifest.json> <sweepMs>
 * Prints one JSON line (ToolResult). Each tool runs as its users would run it: Custodian on the
 * explicit loopback interface; node-onvif's startProbe and agsh onvif's Discovery.probe with their
 * defaults, which bind 0.0.0.0 (inside the benchmark's network namespace that is loopback only).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runCustodian, type BenchDevice } from './custodian-tool';
import { arrivals, startMeasuring, type ToolResult } from './measure';

const require = createRequire(import.meta.url);
const [tool, manifestPath, sweepArg] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(manifestPath!, 'utf8')) as { devices: BenchDevice[] };
const expected = manifest.devices.filter((d) => d.endpoint).length;
const AGSH_TIMEOUT_MS = 5000; // its default

async function nodeOnvif(): Promise<ToolResult> {
  const onvif = require('node-onvif') as {
    startProbe(): Promise<{ urn: string }[]>;
    _devices?: Record<string, unknown>;
  };
  const m = startMeasuring();
  const got = arrivals(m.elapsed);
  // startProbe reports only when its fixed 3 s wait ends (that is completeMs); its internal map
  // shows when each reply arrived, for first/last.
  const poll = setInterval(() => Object.keys(onvif._devices ?? {}).forEach((k) => got.add(k)), 5);
  const list = await onvif.startProbe();
  const completeMs = m.elapsed();
  clearInterval(poll);
  const urns = new Set(list.map((d) => d.urn));
  return {
    tool: 'node-onvif startProbe',
    expected,
    found: urns.size,
    duplicates: list.length - urns.size,
    firstMs: got.firstMs,
    lastMs: got.lastMs,
    completeMs,
    onvif: { expected, found: urns.size, lastMs: got.lastMs },
    ...m.finish(),
    note: 'completes when startProbe resolves (its fixed 3 s wait)',
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
  const got = arrivals(m.elapsed);
  let replies = 0;
  let errors = 0;
  Discovery.on('error', () => errors++);
  Discovery.on('device', (_cam, _rinfo, xml) => {
    replies++;
    got.add(/<(?:\w+:)?Address>([^<]+)</.exec(xml)?.[1] ?? `unknown-${replies}`);
  });
  await new Promise<void>((resolve) =>
    Discovery.probe({ timeout: AGSH_TIMEOUT_MS, resolve: false }, () => resolve()),
  );
  const completeMs = m.elapsed();
  return {
    tool: 'onvif Discovery.probe',
    expected,
    found: got.seen.size,
    duplicates: replies - got.seen.size,
    firstMs: got.firstMs,
    lastMs: got.lastMs,
    completeMs,
    onvif: { expected, found: got.seen.size, lastMs: got.lastMs },
    ...m.finish(),
    note: `completes when probe's callback fires (single probe, ${AGSH_TIMEOUT_MS} ms timeout)${errors ? `, ${errors} errors` : ''}`,
  };
}

const runners: Record<string, () => Promise<ToolResult>> = {
  custodian: () => runCustodian(manifest.devices, Number(sweepArg)),
  'node-onvif': nodeOnvif,
  onvif: agshOnvif,
};
const run = runners[tool ?? ''];
if (!run || (tool === 'custodian' && !(Number(sweepArg) > 0))) {
  console.error('usage: run-tool.ts <custodian|node-onvif|onvif> <manifest> <sweepMs>');
  process.exit(2);
}
console.log(JSON.stringify(await run()));
process.exit(0);
