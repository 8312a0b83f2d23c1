/**
 * Custodian as the benchmark runs it: the engine on the explicit loopback interface, one sweep of
 * `sweepMs`, every family at once. The list is complete for the user when the sweep ends (its
 * 'done' progress event); when the last device arrived is reported beside it, never used to stop.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Device } from '../electron/shared/dto';
import { createEngine } from '../electron/core/engine';
import { arrivals, startMeasuring, type ToolResult } from './measure';

/** The manifest fields that say which physical device a row is. */
export interface BenchDevice {
  id: string;
  family: string;
  ip: string;
  mac?: string;
  serial?: string;
  endpoint?: string;
}

/** Maps an inventory row to the lab device it is, by endpoint, then MAC, serial, address. */
function matcher(devices: readonly BenchDevice[]): (d: Device) => string | null {
  const by = new Map<string, string>();
  for (const d of devices) {
    if (d.endpoint) by.set(`e:${d.endpoint.toLowerCase()}`, d.id);
    if (d.mac) by.set(`m:${d.mac.toLowerCase()}`, d.id);
    if (d.serial) by.set(`s:${d.serial}`, d.id);
  }
  const byIp = new Map(devices.map((d) => [d.ip, d.id]));
  return (row) =>
    (row.onvif?.endpoint && by.get(`e:${row.onvif.endpoint.toLowerCase()}`)) ||
    (row.mac && by.get(`m:${row.mac.toLowerCase()}`)) ||
    (row.serial && by.get(`s:${row.serial}`)) ||
    byIp.get(row.ip) ||
    null;
}

export async function runCustodian(devices: readonly BenchDevice[], sweepMs: number) {
  const m = startMeasuring();
  const engine = createEngine({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'custodian-bench-')),
    loopbackOnly: true,
    interfaces: ['127.0.0.1'],
    identify: async () => null, // discovery only: the peers read no identity either
  });
  const onvifIds = new Set(devices.filter((d) => d.endpoint).map((d) => d.id));
  const which = matcher(devices);
  const all = arrivals(m.elapsed);
  const onvif = arrivals(m.elapsed);
  let rows = 0;
  let unmatched = 0;
  let completeMs: number | null = null;
  engine.on('devices:changed', (c) => {
    if (c.change === 'added') rows++;
    if (c.change === 'removed') return void rows--; // two rows proved to be one device
    const id = which(c.device);
    if (id === null) {
      if (c.change === 'added') unmatched++;
      return;
    }
    all.add(id);
    if (onvifIds.has(id)) onvif.add(id);
  });
  const ended = new Promise<void>((resolve) =>
    engine.on('discovery:progress', (p) => {
      if (p.state === 'running') return;
      completeMs = m.elapsed();
      resolve();
    }),
  );
  m.mark(); // the wall clock starts at the call, as the peers' does (engine set-up is app start)
  await engine.apiFor('ipc')['discovery:start']({ durationMs: sweepMs });
  await ended;
  await engine.close();
  return {
    tool: 'custodian',
    expected: devices.length,
    found: all.seen.size,
    duplicates: rows - all.seen.size,
    firstMs: all.firstMs,
    lastMs: all.lastMs,
    completeMs,
    onvif: { expected: onvifIds.size, found: onvif.seen.size, lastMs: onvif.lastMs },
    ...m.finish(),
    note: `one ${sweepMs} ms sweep, all families${unmatched ? `, ${unmatched} rows match no lab device` : ''}`,
  } satisfies ToolResult;
}
