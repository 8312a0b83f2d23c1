/**
 * `npm run bench:discovery`: a 1,000-device lab and, in the same run, Custodian (every family) and
 * two peers on its ONVIF part, each in its own process, `--rounds` times each; prints every run and
 * the medians: time to first device, to the last device, to a complete list (what the user gets),
 * found/expected, duplicates, CPU time, peak RSS and the namespace's UDP receive-buffer drops.
 * A benchmark, not a test: no pass/fail.
 *   tsx bench/discovery.ts [--fleet scale-1000] [--rounds 3] [--loss 0.2] [--sweep-ms N]
 * --loss sets packetLoss on every lab device (control API) before the runs and restores it after.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SWEEP_MS } from '../electron/core/discovery/timing';
import { setPacketLoss } from './lab-faults';
import type { ToolResult } from './measure';
import { printReport } from './report';

const { values } = parseArgs({
  options: {
    fleet: { type: 'string', default: 'scale-1000' },
    rounds: { type: 'string', default: '3' },
    loss: { type: 'string', default: '0' },
    'sweep-ms': { type: 'string', default: String(SWEEP_MS) },
  },
});
const loss = Number(values.loss);
const sweepMs = Number(values['sweep-ms']);
if (!(loss >= 0 && loss <= 1) || !(sweepMs > 0)) throw new Error('--loss 0..1, --sweep-ms > 0');

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

/** A UDP counter of this network namespace (null where /proc/net/snmp does not exist). */
function udpCounter(name: 'RcvbufErrors' | 'InDatagrams'): number | null {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n');
    const [head, vals] = lines.filter((l) => l.startsWith('Udp:'));
    const i = head!.split(/\s+/).indexOf(name);
    return i < 0 ? null : Number(vals!.split(/\s+/)[i]);
  } catch {
    return null;
  }
}

/**
 * Waits until the namespace's UDP traffic is quiet (two 500 ms windows under 50 datagrams, at most
 * 15 s): a freshly started lab multicasts its Hellos and mDNS probes and announcements for about
 * 1.5 s, and a tool probing into that storm measures the lab, not itself. Returns the wait.
 */
async function labSettled(): Promise<number> {
  const t0 = Date.now();
  let quiet = 0;
  let last = udpCounter('InDatagrams');
  while (last !== null && quiet < 2 && Date.now() - t0 < 15_000) {
    await new Promise((r) => setTimeout(r, 500));
    const now = udpCounter('InDatagrams')!;
    quiet = now - last < 50 ? quiet + 1 : 0;
    last = now;
  }
  return Date.now() - t0;
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
  devices: { family: string }[];
  readyMs: number;
  control: string;
};
const families = new Map<string, number>();
for (const d of manifest.devices) families.set(d.family, (families.get(d.family) ?? 0) + 1);
console.log(
  `lab: ${manifest.devices.length} devices (${values.fleet}: ${[...families].map(([f, n]) => `${f} ${n}`).join(', ')}) ready in ${manifest.readyMs} ms`,
);
const atReady = udpCounter('RcvbufErrors');
console.log(`lab settled (UDP quiet) ${await labSettled()} ms after ready`);
console.log(
  `custodian sweep ${sweepMs} ms; packet loss ${loss * 100}% on every device; ${values.rounds} rounds`,
);

const TOOLS = ['custodian', 'node-onvif', 'onvif'] as const;
const rows: ToolResult[] = [];
let restore: (() => Promise<void>) | null = null;
try {
  if (loss > 0) restore = await setPacketLoss(manifest.control, loss);
  for (let round = 0; round < Number(values.rounds); round++) {
    // The order turns each round, so no tool is always the first to probe a freshly started lab.
    const order = TOOLS.map((_, i) => TOOLS[(i + round) % TOOLS.length]!);
    for (const tool of order) {
      const before = udpCounter('RcvbufErrors');
      const out = await runNode(['bench/run-tool.ts', tool, manifestPath, String(sweepMs)]).done;
      // Let stragglers (late ProbeMatches to a closed port) drain before counting and the next probe.
      await new Promise((r) => setTimeout(r, 700));
      const after = udpCounter('RcvbufErrors');
      const result = JSON.parse(out.trim().split('\n').pop()!) as ToolResult;
      result.rcvbufErrors = before === null || after === null ? null : after - before;
      rows.push(result);
    }
  }
} finally {
  await restore?.().catch((err: unknown) => console.error(`restoring faults failed: ${err}`));
  lab.kill();
}
printReport(rows, TOOLS);
console.log(
  `namespace UDP RcvbufErrors: ${atReady ?? '—'} when the lab was ready (its own start-up), ` +
    `${udpCounter('RcvbufErrors') ?? '—'} at the end`,
);
process.exit(0);
