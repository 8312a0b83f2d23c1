/**
 * The audit log: one JSON line per credential or recovery action in `<dataDir>/audit.jsonl`, so an
 * installer can show who did what to which device and how it went. It is append-only: a line is
 * one `O_APPEND` write, so a crash can at worst leave a torn last line, never damage earlier ones.
 * Lines are built from a closed set of fields: a password, answer, code, e-mail address or key
 * file has no field to go in, whatever a caller passes.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../../shared/errors';
import { PRIVATE_FILE_MODE } from './atomic-file';

export type AuditAction =
  | 'login'
  | 'forget'
  | 'activate'
  | 'bindEmail'
  | 'setQuestions'
  | 'exportKey'
  | 'recover.start'
  | 'recover.complete'
  | 'changePassword';

export type AuditOutcome = 'ok' | 'failed' | 'refused';

export interface AuditEntry {
  at: string;
  action: AuditAction;
  deviceId: string;
  serial: string | null;
  outcome: AuditOutcome;
  /** The error code of a failure or refusal (never a verification code). */
  code?: ErrorCode;
  attemptsLeft?: number | null;
}

/** Rotate past 5 MB: years of actions for a site, small enough to open in an editor. */
export const AUDIT_MAX_BYTES = 5 * 1024 * 1024;
/** Rotated generations kept (audit.1.jsonl is the newest). */
const KEEP = 3;

export interface AuditLogOptions {
  maxBytes?: number;
  now?: () => Date;
}

export class AuditLog {
  readonly file: string;
  readonly #maxBytes: number;
  readonly #now: () => Date;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string, options: AuditLogOptions = {}) {
    this.file = path.join(dataDir, 'audit.jsonl');
    this.#maxBytes = options.maxBytes ?? AUDIT_MAX_BYTES;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Appends one entry. Never throws: failing to audit must not turn a finished device action into
   * an error the person would retry; the failure is reported on stderr without the entry.
   */
  record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    const line = auditLine({ ...entry, at: this.#now().toISOString() });
    const next = this.#queue.then(() => this.#append(line));
    this.#queue = next.catch((err: unknown) => {
      console.error('[custodian] audit write failed:', (err as NodeJS.ErrnoException).code ?? err);
    });
    return this.#queue as Promise<void>;
  }

  /** The entries in the current file, oldest first (a torn last line is skipped). */
  async read(): Promise<AuditEntry[]> {
    await this.#queue;
    const text = await fs.readFile(this.file, 'utf8').catch(() => '');
    const out: AuditEntry[] = [];
    for (const l of text.split('\n')) {
      if (!l) continue;
      try {
        out.push(JSON.parse(l) as AuditEntry);
      } catch {
        // A line torn by a crash: the ones before and after it are whole.
      }
    }
    return out;
  }

  async #append(line: string): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const size = await fs.stat(this.file).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0 && size + line.length > this.#maxBytes) await this.#rotate();
    else if (size > 0 && !(await endsWithNewline(this.file, size))) {
      // A torn line from a crash: end it, so this entry starts on a line of its own.
      line = `\n${line}`;
    }
    await fs.appendFile(this.file, line, { mode: PRIVATE_FILE_MODE, flag: 'a' });
  }

  async #rotate(): Promise<void> {
    const gen = (n: number) => this.file.replace(/\.jsonl$/, `.${n}.jsonl`);
    await fs.rm(gen(KEEP), { force: true });
    for (let n = KEEP - 1; n >= 1; n--) await fs.rename(gen(n), gen(n + 1)).catch(() => undefined);
    await fs.rename(this.file, gen(1));
  }
}

/** The one line written for an entry: only the known fields, in a fixed order. */
export function auditLine(e: AuditEntry): string {
  const safe: AuditEntry = {
    at: e.at,
    action: e.action,
    deviceId: e.deviceId,
    serial: e.serial,
    outcome: e.outcome,
  };
  if (e.code !== undefined) safe.code = e.code;
  if (e.attemptsLeft !== undefined) safe.attemptsLeft = e.attemptsLeft;
  return `${JSON.stringify(safe)}\n`;
}

async function endsWithNewline(file: string, size: number): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(1);
    await handle.read(buf, 0, 1, size - 1);
    return buf[0] === 0x0a;
  } finally {
    await handle.close();
  }
}
