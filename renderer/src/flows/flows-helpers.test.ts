import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_POLICY, type DeviceCapabilities } from '../contract';
import { makeDevice } from '../testing/fixtures';
import { deviceActions, recoveryOptions } from './capabilities';
import { clockText, timeLeft } from './countdown';
import { emailOk } from './email';
import { combinePolicies, passwordMeter } from './password-meter';
import { questionsProblem, takenElsewhere } from './questions';
import { recoverable, recoveryAudit } from './recovery-audit';
import { safeFileName, base64ToBytes, bytesToBase64 } from '../export/download';

describe('password meter', () => {
  it('shows every rule neutral and nothing failing while empty', () => {
    const m = passwordMeter('', '');
    expect(m.level).toBe('empty');
    expect(m.failing).toEqual([]);
    expect(m.rules.every((r) => !r.ok)).toBe(true);
    expect(m.ready).toBe(false);
  });

  it('names the rules that fail, length covering both too short and too long', () => {
    const short = passwordMeter('admin12', '');
    expect(short.level).toBe('unusable');
    expect(short.failing).toEqual(['TOO_SHORT', 'CONTAINS_USER']);
    expect(short.rules.find((r) => r.problem === 'TOO_SHORT')?.ok).toBe(false);
    expect(short.rules.find((r) => r.problem === 'TOO_FEW_CLASSES')?.ok).toBe(true);
    const long = passwordMeter('Abcdefgh12345678x', '');
    expect(long.failing).toContain('TOO_LONG');
    expect(long.rules.find((r) => r.key === 'length')?.ok).toBe(false);
    expect(passwordMeter('Good:pass1', '').failing).toEqual(['FORBIDDEN_CHAR']);
    expect(passwordMeter('Пароль12345', '').failing).toContain('NOT_PRINTABLE');
  });

  it('maps strength to levels and needs a matching confirmation to be ready', () => {
    expect(passwordMeter('abcdefg1', '').level).toBe('weak');
    expect(passwordMeter('Abcdefg1', '').level).toBe('fair');
    expect(passwordMeter('Abcdefg1!xyz', '').level).toBe('strong');
    const m = passwordMeter('Cam-Site-2025!x', 'Cam-Site-2025!');
    expect(m.matches).toBe(false);
    expect(m.ready).toBe(false);
    expect(passwordMeter('Cam-Site-2025!x', 'Cam-Site-2025!x').ready).toBe(true);
  });

  it('lists the rule parameters of the policy', () => {
    const rules = passwordMeter('x', '', { ...DEFAULT_PASSWORD_POLICY, forbiddenChars: '' }, 'op');
    expect(rules.rules.map((r) => r.key)).toEqual(['length', 'classes', 'printable', 'user']);
    expect(rules.rules[0]?.params).toEqual({ min: 8, max: 16 });
  });

  it('combines batch policies into the strictest', () => {
    const p = combinePolicies([
      DEFAULT_PASSWORD_POLICY,
      {
        minLength: 10,
        maxLength: 32,
        minClasses: 3,
        forbiddenChars: "'&",
        notContainingUser: false,
      },
    ]);
    expect(p).toEqual({
      minLength: 10,
      maxLength: 16,
      minClasses: 3,
      forbiddenChars: `":'&`,
      notContainingUser: true,
    });
    expect(combinePolicies([])).toEqual(DEFAULT_PASSWORD_POLICY);
  });
});

describe('flow helpers', () => {
  it('counts down to an expiry and says when it passed', () => {
    const now = Date.parse('2025-01-01T10:00:00Z');
    const left = timeLeft('2025-01-03T09:59:52Z', now);
    expect(left && clockText(left)).toBe('47:59:52');
    expect(timeLeft('2025-01-01T10:04:05Z', now)).toMatchObject({ minutes: 4, seconds: 5 });
    expect(timeLeft('2025-01-01T09:00:00Z', now)?.expired).toBe(true);
    expect(timeLeft(undefined, now)).toBeNull();
    expect(timeLeft('garbage', now)).toBeNull();
  });

  it('accepts an empty e-mail (optional) and refuses a malformed one', () => {
    expect(emailOk('')).toBe(true);
    expect(emailOk('o@example.com')).toBe(true);
    expect(emailOk('o@example')).toBe(false);
  });

  it('checks question slots: empty, incomplete, duplicate, complete', () => {
    expect(questionsProblem([{ id: null, answer: '' }])).toBe('empty');
    expect(questionsProblem([{ id: 1, answer: '' }])).toBe('incomplete');
    expect(
      questionsProblem([
        { id: 1, answer: 'a' },
        { id: 1, answer: 'b' },
      ]),
    ).toBe('duplicate');
    const slots = [
      { id: 1, answer: 'a' },
      { id: 2, answer: 'b' },
    ];
    expect(questionsProblem(slots)).toBeNull();
    expect([...takenElsewhere(slots, 0)]).toEqual([2]);
  });

  it('offers only the recovery methods the device lists, and entry points by account', () => {
    const caps: DeviceCapabilities = {
      deviceId: 'd',
      family: 'dahua',
      capabilities: [
        { name: 'recoverByCode', protocol: 'rpc2', evidence: 'confirmed' },
        { name: 'bindEmail', protocol: 'rpc2', evidence: 'assumed' },
      ],
      passwordPolicy: DEFAULT_PASSWORD_POLICY,
      questionChoices: [],
      questionsRequired: 0,
      attemptsLeft: null,
      lockedUntil: null,
      hasCredentials: true,
    };
    expect(recoveryOptions(caps).map((o) => o.method)).toEqual(['qr']);
    const active = makeDevice({ account: 'active' });
    expect(deviceActions(active, caps)).toEqual({
      activate: false,
      setupRecovery: true,
      recover: true,
    });
    expect(deviceActions(active, { ...caps, capabilities: [] })).toEqual({
      activate: false,
      setupRecovery: false,
      recover: false,
    });
    // Unknown capabilities: the account state decides, so the way in is never hidden.
    expect(deviceActions(makeDevice({ account: 'inactive' }), undefined).activate).toBe(true);
  });

  it('reads the proposed recovery audit and says unknown without it', () => {
    expect(recoveryAudit(makeDevice())).toBeNull();
    expect(recoverable(null)).toBe('unknown');
    const d = makeDevice();
    const withAudit = {
      ...d,
      recovery: { emailBound: false, questionsSet: true, keyExported: null },
    };
    expect(recoverable(recoveryAudit(withAudit))).toBe('yes');
    const none = { ...d, recovery: { emailBound: false, questionsSet: false, keyExported: false } };
    expect(recoverable(recoveryAudit(none))).toBe('no');
    expect(recoveryAudit({ ...d, recovery: { emailBound: 'yes' } } as never)).toBeNull();
  });

  it('round-trips key files through base64 and cleans handed-out file names', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    expect([...base64ToBytes(bytesToBase64(bytes))]).toEqual([...bytes]);
    expect(safeFileName('../a:b\u0001.bin', 'x')).toBe('_a_b_.bin');
    expect(safeFileName('', 'fallback.bin')).toBe('fallback.bin');
  });
});
