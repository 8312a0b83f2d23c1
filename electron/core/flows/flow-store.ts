/**
 * Flows on disk: `<dataDir>/flows.json`, rewritten atomically on every change, so an engine
 * restart or a crash loses no flow state (QR payload, expiry, attempts used). Loading applies the
 * restart rule: a flow that was in the middle of a request to a device cannot know what that
 * request did, so those devices are failed with FLOW_INTERRUPTED and must be started afresh; a
 * flow that was waiting for the person's input resumes as it was.
 */
import path from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../store/atomic-file';
import {
  errorPayload,
  isTerminal,
  overallState,
  persistableView,
  type FlowRecord,
} from './flow-record';

/** Finished flows kept for the history view; unfinished ones are always kept. */
const KEEP_FINISHED = 100;

export class FlowStore {
  readonly file: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'flows.json');
  }

  /** The stored flows with the restart rule applied; a damaged file starts an empty history. */
  async load(now: Date): Promise<FlowRecord[]> {
    const text = await readFileIfExists(this.file);
    if (text === null) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      console.error('[custodian] flows.json is damaged; starting with no flows');
      return [];
    }
    const list = (parsed as { flows?: unknown }).flows;
    if (!Array.isArray(list)) return [];
    return list.filter(isRecord).map((r) => afterRestart(r, now));
  }

  /** Writes every record (secrets have no field to be in; the key-file handout is dropped). */
  save(records: Iterable<FlowRecord>): Promise<void> {
    const all = [...records];
    const finished = all
      .filter((r) => isTerminal(r.view.state))
      .sort((a, b) => b.view.updatedAt.localeCompare(a.view.updatedAt))
      .slice(0, KEEP_FINISHED);
    const kept = all.filter((r) => !isTerminal(r.view.state) || finished.includes(r));
    const flows = kept.map((r) => ({ ...r, view: persistableView(r.view) }));
    const text = `${JSON.stringify({ version: 1, flows })}\n`;
    const next = this.#queue.then(() => writeFileAtomic(this.file, text));
    this.#queue = next.catch((err: unknown) => {
      console.error('[custodian] flows.json write failed:', (err as NodeJS.ErrnoException).code);
    });
    return this.#queue as Promise<void>;
  }

  /** Resolves when every queued write is on disk. */
  async flush(): Promise<void> {
    await this.#queue;
  }
}

/** Devices that were mid-request fail as interrupted; waiting ones resume untouched. */
export function afterRestart(record: FlowRecord, now: Date): FlowRecord {
  const r = structuredClone(record);
  const midRequest = r.busy === true;
  let changed = false;
  for (const d of r.view.devices) {
    if (d.state === 'running' || (midRequest && d.state === 'needsInput')) {
      d.state = 'failed';
      d.error = errorPayload('FLOW_INTERRUPTED', d.step);
      changed = true;
    }
  }
  delete r.busy;
  if (changed) {
    r.view.state = overallState(r.view.devices);
    delete r.view.prompt;
    r.view.updatedAt = now.toISOString();
  }
  return r;
}

function isRecord(v: unknown): v is FlowRecord {
  const r = v as FlowRecord | null;
  return (
    !!r &&
    typeof r === 'object' &&
    !!r.view &&
    typeof r.view.id === 'string' &&
    Array.isArray(r.view.devices) &&
    !!r.snapshots &&
    typeof r.snapshots === 'object'
  );
}
