/**
 * `custodian discover --watch`: sweeps until Ctrl-C, printing each change as it happens (a new
 * device, one going offline or coming back, a row that learned more about itself), as a human
 * line or, with --json, one JSON object per line. Sweep counters go to stderr; Ctrl-C stops the
 * watch, closes every socket and exits 0.
 */
import type { EventPayloads } from '../shared/contract';
import type { Device } from '../shared/dto';
import { closeOnError } from './session';
import type { Engine } from '../core/engine';
import { deviceRow } from './format';

export interface WatchOptions {
  interfaces: string[] | undefined;
  durationMs: number;
  intervalMs: number;
  json: boolean;
}

export type WatchEvent = 'added' | 'updated' | 'online' | 'offline' | 'merged';

/** What one change means for the watcher, given what it printed of the device before. */
export function classify(previous: Device | undefined, next: Device): WatchEvent | null {
  if (!previous) return 'added';
  const state = next.presence?.state;
  if (state && state !== previous.presence?.state) return state;
  const shown = (d: Device) => JSON.stringify({ ...deviceRow(d), presence: null, lastSeen: null });
  return shown(previous) === shown(next) ? null : 'updated';
}

/** One human line: time, event, then the row's identity. */
export function watchLine(event: WatchEvent, d: Device, at: Date): string {
  const time = at.toISOString().slice(11, 19);
  const who = [d.ip, d.vendor ?? d.family, d.model ?? '-', d.serial ?? '-', d.mac ?? '-'];
  return `${time}  ${event.padEnd(7)}  ${who.join('  ')}`;
}

/**
 * The handler of `devices:changed` that prints what a watcher cares about, one line per change.
 * It keeps snapshots: the engine hands out live objects, and a change is judged against what was
 * printed.
 */
export function watchPrinter(
  json: boolean,
  write: (line: string) => void,
  now: () => Date = () => new Date(),
): (change: EventPayloads['devices:changed']) => void {
  const printed = new Map<string, Device>();
  const print = (event: WatchEvent, device: Device, mergedInto?: string) => {
    const at = now();
    write(
      json
        ? `${JSON.stringify({ event, at: at.toISOString(), device: deviceRow(device), ...(mergedInto ? { mergedInto } : {}) })}\n`
        : `${watchLine(event, device, at)}${mergedInto ? `  -> ${mergedInto}` : ''}\n`,
    );
  };
  return (change) => {
    const { device } = change;
    if (change.change === 'removed') {
      // A later reply showed this row and another to be one device: the survivor carries on.
      if (printed.delete(device.id)) print('merged', device, change.mergedInto);
      return;
    }
    const event = classify(printed.get(device.id), device);
    printed.set(device.id, structuredClone(device));
    if (event) print(event, device);
  };
}

export async function watch(engine: Engine, o: WatchOptions): Promise<number> {
  const api = engine.apiFor('ipc');
  engine.on(
    'devices:changed',
    watchPrinter(o.json, (line) => process.stdout.write(line)),
  );
  engine.on('discovery:progress', (p) => {
    if (p.state !== 'watching' || !p.watch) return;
    const w = p.watch;
    process.stderr.write(`watching: sweep ${w.sweeps}, ${w.online} online, ${w.offline} offline\n`);
  });
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  try {
    await api['discovery:start']({
      watch: true,
      interfaces: o.interfaces,
      durationMs: o.durationMs,
      intervalMs: o.intervalMs,
    });
  } catch (err) {
    return closeOnError(engine, err);
  }
  process.stderr.write('watching the network; Ctrl-C stops\n');
  await interrupted;
  await api['discovery:stop']();
  await engine.close();
  process.stderr.write('stopped\n');
  return 0;
}
