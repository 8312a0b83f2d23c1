import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, type AuditEntry } from './audit-log';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'custodian-audit-'));

describe('audit log', () => {
  it('writes only the known fields, whatever the caller passes', async () => {
    const d = dir();
    const log = new AuditLog(d, { now: () => new Date('2026-03-01T10:00:00Z') });
    const sneaky = {
      action: 'login',
      deviceId: 'mac:1',
      serial: 'SN1',
      outcome: 'failed',
      code: 'DEVICE_AUTH_FAILED',
      attemptsLeft: 2,
      password: 'Canary-7Q!x42',
      email: 'owner@example.com',
      answer: 'Rex',
    } as unknown as Omit<AuditEntry, 'at'>;
    await log.record(sneaky);
    const text = readFileSync(log.file, 'utf8');
    expect(text).not.toMatch(/Canary|example\.com|Rex/);
    expect(JSON.parse(text)).toEqual({
      at: '2026-03-01T10:00:00.000Z',
      action: 'login',
      deviceId: 'mac:1',
      serial: 'SN1',
      outcome: 'failed',
      code: 'DEVICE_AUTH_FAILED',
      attemptsLeft: 2,
    });
    if (process.platform !== 'win32') expect(statSync(log.file).mode & 0o777).toBe(0o600);
  });

  it('keeps earlier lines whole after a torn write, and starts the next entry on its own line', async () => {
    const d = dir();
    const log = new AuditLog(d);
    await log.record({ action: 'activate', deviceId: 'mac:1', serial: null, outcome: 'ok' });
    appendFileSync(log.file, '{"at":"2026-03-01T1'); // a crash in the middle of a write
    await log.record({ action: 'activate', deviceId: 'mac:2', serial: null, outcome: 'ok' });
    expect((await log.read()).map((e) => e.deviceId)).toEqual(['mac:1', 'mac:2']);
  });

  it('rotates past the size limit and keeps a bounded number of generations', async () => {
    const d = dir();
    const log = new AuditLog(d, { maxBytes: 400 });
    for (let i = 0; i < 40; i++) {
      await log.record({ action: 'login', deviceId: `mac:${i}`, serial: null, outcome: 'ok' });
    }
    const files = readdirSync(d).sort();
    expect(files).toEqual(['audit.1.jsonl', 'audit.2.jsonl', 'audit.3.jsonl', 'audit.jsonl']);
    for (const f of files) expect(statSync(path.join(d, f)).size).toBeLessThanOrEqual(400);
    const last = await log.read();
    expect(last.at(-1)?.deviceId).toBe('mac:39');
  });
});
