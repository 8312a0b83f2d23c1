/**
 * `npm run bench:discovery`: a 1,000-device lab and, in the same run, Custodian and two peers on
 * its ONVIF part, each in its own process. Prints time to first device, time to a complete list,
 * found/expected, duplicates, CPU time and peak RSS per tool. A benchmark, not a test: no pass/fail.
 *   tsx bench/discovery.ts [--fleet scale-1000] [--rounds 3]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ToolResult } from './measure';

const { values } = parseArgs({
  options: {
    fleet: { type: 'string', default: 'scale-1000' },
    rounds: { type: 'string', default: '3' },
  },
});

function runNode(args: string[]): { done: Promise<string>; kill(): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CUSTODIAN_LOOPBACK_ONLY: '1' },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return {
    done: new Promise((resolve, reject) =>
      child.once('exit', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`${args[0]} exited ${code}`)),
      ),
    ),
    kill: () => child.kill('SIGTERM'),
  };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'custodian-bench-'));
const manifestPath = path.join(dir, 'manifest.json');
const lab = runNode(['lab/cli.ts', '--fleet', values.fleet, '--manifest', manifestPath, '--quiet']);
const until = Date.now() + 60_000;
while (!existsSync(manifestPath)) {
  if (Date.now() > until) throw new Error('the lab did not start');
  await new Promise((r) => setTimeout(r, 100));
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
  devices: unknown[];
  readyMs: number;
};
console.log(
  `lab: ${manifest.devices.length} devices (${values.fleet}) ready in ${manifest.readyMs} ms`,
);

const rows: ToolResult[] = [];
try {
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const tool of ['custodian', 'node-onvif', 'onvif']) {
      const out = await runNode(['bench/run-tool.ts', tool, manifestPath]).done;
      const result = JSON.parse(out.trim().split('\n').pop()!) as ToolResult;
      rows.push(result);
      // Let stragglers (late ProbeMatches to a closed port) drain before the next tool probes.
      await new Promise((r) => setTimeout(r, 700));
    }
  }
} finally {
  lab.kill();
}

const fmt = (v: number | null) => (v === null ? '—' : String(v));
const header = [
  'tool',
  'first ms',
  'complete ms',
  'found/expected',
  'dups',
  'end ms',
  'cpu ms',
  'peak RSS MB',
];
const table = rows.map((r) => [
  r.tool,
  fmt(r.firstMs),
  fmt(r.completeMs),
  `${r.found}/${r.expected}`,
  String(r.duplicates),
  String(r.endMs),
  String(r.cpuMs),
  String(r.peakRssMb),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(header));
for (const r of table) console.log(line(r));
for (const r of rows) if (r.note) console.log(`  ${r.tool}: ${r.note}`);

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const completeOf = (tool: string) =>
  median(
    rows.filter((r) => r.tool.startsWith(tool) && r.completeMs !== null).map((r) => r.completeMs!),
  );
const ours = completeOf('custodian');
for (const peer of ['node-onvif', 'onvif']) {
  const theirs = completeOf(peer);
  console.log(
    `median time to a complete ONVIF list: custodian ${ours} ms vs ${peer} ${Number.isNaN(theirs) ? 'never complete' : `${theirs} ms (${(theirs / ours).toFixed(1)}x)`}`,
  );
}
process.exit(0);
