/**
 * An in-memory VendorDriver for flow and engine tests: each device keeps an account (active,
 * password, e-mail, questions), a login counter that locks, a reset code with an expiry and its
 * own tries, and a boot time that `reboot()` changes. Every call is recorded, so tests can prove
 * that nothing was retried and nothing reached a device that should not have been reached.
 */
import { randomBytes } from 'node:crypto';
import type { Device } from '../shared/dto';
import { CustodianError } from '../shared/errors';
import type { CapabilityName, RecoveryMethod, SecurityQuestion } from '../shared/flows';
import { DEFAULT_PASSWORD_POLICY } from '../shared/password';
import type {
  AttemptOutcome,
  Credentials,
  DriverCapabilities,
  LockState,
  RecoveryChallenge,
  RecoveryInput,
  VendorDriver,
} from '../core/vendors/driver';
import type { FakeDevice } from './fake-scanner';

export interface FakeAccount {
  active: boolean;
  password: string | null;
  email: string | null;
  answers: { id: number; answer: string }[] | null;
  key: Uint8Array | null;
  loginTriesLeft: number;
  lockedUntil: Date | null;
  bootTime: string;
  code: string | null;
  codeTriesLeft: number;
  codeExpiresAt: Date | null;
  /** Fault switches. */
  failActivate?: boolean;
  unreachable?: boolean;
}

export const FAKE_QUESTIONS: SecurityQuestion[] = [
  { id: 1, text: 'Your father’s name' },
  { id: 2, text: 'Your first school' },
  { id: 3, text: 'Your favourite film' },
  { id: 4, text: 'Your first car' },
];

const MAX_LOGIN_TRIES = 5;
const CODE_TRIES = 3;
const ALL: CapabilityName[] = [
  'activate',
  'bindEmail',
  'setQuestions',
  'exportKey',
  'recoverByQuestions',
  'recoverByCode',
  'recoverByKeyFile',
  'recoverBySupport',
  'changePassword',
];

export class FakeDriver implements VendorDriver {
  readonly family = 'hikvision' as const;
  readonly calls: { op: string; deviceId: string }[] = [];
  readonly accounts = new Map<string, FakeAccount>();
  codeValidityMs = 5 * 60_000;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** A device's account, made factory-fresh on first use. */
  account(deviceId: string): FakeAccount {
    let a = this.accounts.get(deviceId);
    if (!a) {
      a = {
        active: false,
        password: null,
        email: null,
        answers: null,
        key: null,
        loginTriesLeft: MAX_LOGIN_TRIES,
        lockedUntil: null,
        bootTime: '2026-01-01T00:00:00Z',
        code: null,
        codeTriesLeft: CODE_TRIES,
        codeExpiresAt: null,
      };
      this.accounts.set(deviceId, a);
    }
    return a;
  }

  /** Restarts the device: a new boot time, and whatever it handed out is void. */
  reboot(deviceId: string): void {
    const a = this.account(deviceId);
    a.bootTime = new Date(Date.parse(a.bootTime) + 3_600_000).toISOString();
    a.code = null;
  }

  /** The mailbox: the code the "vendor desk" sent for the device's last challenge. */
  deliveredCode(deviceId: string): string | null {
    return this.account(deviceId).code;
  }

  count(op: string, deviceId?: string): number {
    return this.calls.filter((c) => c.op === op && (!deviceId || c.deviceId === deviceId)).length;
  }

  async capabilities(device: Device, credentials?: Credentials): Promise<DriverCapabilities> {
    this.#touch('capabilities', device);
    if (credentials) this.#auth(device, credentials);
    const a = this.account(device.id);
    return {
      capabilities: ALL.map((name) => ({
        name,
        protocol: 'isapi',
        evidence: 'confirmed' as const,
        ...(name === 'recoverByCode' && a.active && !a.email
          ? { unavailableReason: 'no e-mail bound' }
          : {}),
      })),
      passwordPolicy: DEFAULT_PASSWORD_POLICY,
      questionChoices: FAKE_QUESTIONS,
      questionsRequired: 3,
      // Only a logged-in read sees the account; the fake cannot tell whether a key was kept.
      ...(credentials
        ? { recovery: { emailBound: !!a.email, questionsSet: !!a.answers, keyExported: null } }
        : {}),
    };
  }

  async lockState(device: Device): Promise<LockState> {
    this.#touch('lockState', device);
    const a = this.account(device.id);
    return { attemptsLeft: a.loginTriesLeft, lockedUntil: this.#locked(a) };
  }

  async verifyLogin(device: Device, c: Credentials): Promise<AttemptOutcome> {
    this.#touch('verifyLogin', device);
    const a = this.account(device.id);
    if (this.#locked(a)) return this.#fail(a, false, 'locked');
    if (a.active && c.username === 'admin' && c.password === a.password) {
      a.loginTriesLeft = MAX_LOGIN_TRIES;
      return { ok: true };
    }
    a.loginTriesLeft--;
    if (a.loginTriesLeft <= 0) a.lockedUntil = new Date(this.now().getTime() + 30 * 60_000);
    return this.#fail(a, true, a.lockedUntil ? 'locked' : 'rejected');
  }

  async activate(device: Device, password: string): Promise<void> {
    this.#touch('activate', device);
    const a = this.account(device.id);
    if (a.failActivate) throw new CustodianError('DEVICE_BAD_REPLY', 'activation refused');
    if (a.active) throw new CustodianError('CAPABILITY_UNAVAILABLE', 'already active');
    a.active = true;
    a.password = password;
  }

  async bindEmail(device: Device, c: Credentials, email: string): Promise<void> {
    this.#touch('bindEmail', device);
    this.#auth(device, c);
    this.account(device.id).email = email;
  }

  async setQuestions(device: Device, c: Credentials, answers: { id: number; answer: string }[]) {
    this.#touch('setQuestions', device);
    this.#auth(device, c);
    this.account(device.id).answers = answers.map((x) => ({ ...x }));
  }

  async exportKey(device: Device, c: Credentials) {
    this.#touch('exportKey', device);
    this.#auth(device, c);
    const key = new Uint8Array(randomBytes(128));
    this.account(device.id).key = key;
    return { name: `${device.serial ?? 'device'}.guid`, data: key };
  }

  async startRecovery(device: Device, method: RecoveryMethod): Promise<RecoveryChallenge> {
    this.#touch(`startRecovery:${method}`, device);
    const a = this.account(device.id);
    a.codeTriesLeft = CODE_TRIES;
    a.code = randomBytes(4).toString('hex').toUpperCase();
    a.codeExpiresAt = new Date(this.now().getTime() + this.codeValidityMs);
    const base = { method, attemptsLeft: CODE_TRIES, context: { nonce: 'n-1' } };
    if (method === 'qr') {
      return {
        ...base,
        qrPayload: `HIK-RESET:${device.serial}:${a.code.length}`,
        appPath: 'Hik-Connect > More > Reset Device Password',
        sentTo: 'o***@example.com',
        expiresAt: a.codeExpiresAt,
      };
    }
    if (method === 'support')
      return { ...base, supportCode: 'SC-1234', expiresAt: a.codeExpiresAt };
    if (method === 'questions') return { ...base, questions: FAKE_QUESTIONS.slice(0, 3) };
    return base;
  }

  async completeRecovery(
    device: Device,
    challenge: RecoveryChallenge,
    input: RecoveryInput,
  ): Promise<AttemptOutcome> {
    this.#touch('completeRecovery', device);
    const a = this.account(device.id);
    if (a.code === null) return this.#codeFail(a, false, 'expired');
    if (a.codeExpiresAt && a.codeExpiresAt <= this.now())
      return this.#codeFail(a, false, 'expired');
    const right =
      challenge.method === 'questions'
        ? JSON.stringify(input.answers) === JSON.stringify(a.answers)
        : challenge.method === 'keyFile'
          ? !!a.key && !!input.keyFile && Buffer.from(a.key).equals(Buffer.from(input.keyFile))
          : input.code === a.code;
    if (!right) {
      a.codeTriesLeft--;
      return this.#codeFail(a, true, a.codeTriesLeft <= 0 ? 'locked' : 'rejected');
    }
    a.password = input.newPassword;
    a.active = true;
    a.code = null;
    a.loginTriesLeft = MAX_LOGIN_TRIES;
    return { ok: true };
  }

  async changePassword(device: Device, c: Credentials, newPassword: string): Promise<void> {
    this.#touch('changePassword', device);
    this.#auth(device, c);
    this.account(device.id).password = newPassword;
  }

  async bootTime(device: Device): Promise<string | null> {
    this.#touch('bootTime', device);
    return this.account(device.id).bootTime;
  }

  #touch(op: string, device: Device): void {
    this.calls.push({ op, deviceId: device.id });
    if (this.account(device.id).unreachable) {
      throw new CustodianError('DEVICE_UNREACHABLE', 'timeout');
    }
  }

  #auth(device: Device, c: Credentials): void {
    const a = this.account(device.id);
    if (this.#locked(a)) throw new CustodianError('DEVICE_LOCKED', 'locked');
    if (c.password === a.password && c.username === 'admin') return;
    a.loginTriesLeft--;
    throw new CustodianError('DEVICE_AUTH_FAILED', 'rejected');
  }

  #locked(a: FakeAccount): Date | null {
    return a.lockedUntil && a.lockedUntil > this.now() ? a.lockedUntil : null;
  }

  #fail(a: FakeAccount, spent: boolean, reason: 'rejected' | 'locked'): AttemptOutcome {
    return {
      ok: false,
      spent,
      reason,
      attemptsLeft: a.loginTriesLeft,
      lockedUntil: this.#locked(a),
    };
  }

  #codeFail(a: FakeAccount, spent: boolean, reason: 'rejected' | 'expired' | 'locked') {
    return { ok: false as const, spent, reason, attemptsLeft: a.codeTriesLeft, lockedUntil: null };
  }
}

/** Three factory-fresh cameras and one active recorder, as the fake scanner reports them. */
export const FAKE_HIK_DEVICES: FakeDevice[] = [1, 2, 3, 4].map((n) => ({
  address: `127.0.2.${n}`,
  facts: {
    family: 'hikvision',
    vendor: 'Hikvision',
    model: n === 4 ? 'DS-7608NI' : 'DS-2CD2043G2-I',
    serial: `DS-FAKE-000${n}`,
    mac: `44:19:b6:00:00:0${n}`,
    account: n === 4 ? 'active' : 'inactive',
  },
}));

/** The inventory id each fake device gets (keyed by MAC). */
export const fakeDeviceId = (n: number) => `mac:44:19:b6:00:00:0${n}`;
