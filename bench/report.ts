/**
 * The benchmark's printed tables: every run as measured, then the median per tool, and the
 * like-for-like ONVIF comparison (only at equal completeness: a peer that missed devices has no
 * time to a complete list).
 */
import type { ToolResult } from './measure';

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));

function median(xs: readonly (number | null | undefined)[]): number | null {
  const ok = xs.filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
  return ok.length === 0 ? null : ok[Math.floor(ok.length / 2)]!;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const HEADER = [
  'tool',
  'first ms',
  'last dev ms',
  'complete ms',
  'found/expected',
  'onvif found',
  'onvif last ms',
  'dups',
  'cpu ms',
  'peak RSS MB',
  'RcvbufErrors',
];

function row(r: ToolResult): string[] {
  return [
    r.tool,
    fmt(r.firstMs),
    fmt(r.lastMs),
    fmt(r.completeMs),
    `${r.found}/${r.expected}`,
    `${r.onvif.found}/${r.onvif.expected}`,
    fmt(r.onvif.lastMs),
    String(r.duplicates),
    String(r.cpuMs),
    String(r.peakRssMb),
    fmt(r.rcvbufErrors),
  ];
}

/** The medians of one tool's runs (found/dups as medians too, so one lucky run cannot hide). */
function medianOf(runs: readonly ToolResult[]): ToolResult {
  const pick = <T>(f: (r: ToolResult) => T) => runs.map(f) as (number | null)[];
  return {
    ...runs[0]!,
    tool: `${runs[0]!.tool} (median of ${runs.length})`,
    found: median(pick((r) => r.found))!,
    duplicates: median(pick((r) => r.duplicates))!,
    firstMs: median(pick((r) => r.firstMs)),
    lastMs: median(pick((r) => r.lastMs)),
    completeMs: median(pick((r) => r.completeMs)),
    onvif: {
      expected: runs[0]!.onvif.expected,
      found: median(pick((r) => r.onvif.found))!,
      lastMs: median(pick((r) => r.onvif.lastMs)),
    },
    cpuMs: median(pick((r) => r.cpuMs))!,
    peakRssMb: median(pick((r) => r.peakRssMb))!,
    rcvbufErrors: median(pick((r) => r.rcvbufErrors)),
  };
}

export function printReport(rows: readonly ToolResult[], tools: readonly string[]): void {
  console.log('\nevery run:');
  console.log(table(HEADER, rows.map(row)));
  const byTool = tools.map((t) => rows.filter((r) => r.tool.startsWith(t)));
  const medians = byTool.filter((runs) => runs.length > 0).map(medianOf);
  console.log('\nmedians:');
  console.log(table(HEADER, medians.map(row)));
  console.log(
    '\ncomplete ms = when the user has the list: custodian at its sweep\'s "done" event, ' +
      "node-onvif when startProbe resolves, onvif when probe's callback fires (its timeout)." +
      '\nlast dev ms = when the last new device arrived (known only afterwards). ' +
      'RcvbufErrors: UDP receive-buffer drops in the namespace (lab and tool) during the run.',
  );
  const notes = new Map(rows.map((r) => [r.tool, r.note]));
  for (const [tool, note] of notes) if (note) console.log(`  ${tool}: ${note}`);

  const ours = medians.find((m) => m.tool.startsWith('custodian'));
  if (!ours) return;
  const oursComplete = ours.onvif.found === ours.onvif.expected;
  for (const peer of medians.filter((m) => m !== ours)) {
    const peerComplete = peer.onvif.found === peer.onvif.expected;
    const verdict =
      !oursComplete || !peerComplete
        ? `not comparable: ONVIF found custodian ${ours.onvif.found}/${ours.onvif.expected}, ` +
          `${peer.tool} ${peer.onvif.found}/${peer.onvif.expected}`
        : `${(peer.completeMs! / ours.completeMs!).toFixed(2)}x`;
    console.log(
      `time to a complete ONVIF list (median): custodian ${fmt(ours.completeMs)} ms vs ` +
        `${peer.tool.replace(/ \(median.*/, '')} ${fmt(peer.completeMs)} ms: ${verdict}`,
    );
  }
}
