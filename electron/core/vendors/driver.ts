/**
 * What every vendor driver does, whatever its protocol. The engine's flows call these; the
 * lockout guard sits in front of every call that spends a credential or a code attempt, so a
 * driver reports attempts honestly and never retries on its own.
 */
import type { Device, RecoveryAudit } from '../../shared/dto';
import type {
  Capability,
  PasswordPolicy,
  RecoveryMethod,
  SecurityQuestion,
  SupportContact,
} from '../../shared/flows';

export interface Credentials {
  username: string;
  password: string;
}

/** What the device told about its lock state, without spending a try. */
export interface LockState {
  attemptsLeft: number | null;
  lockedUntil: Date | null;
}

/** The result of one spent attempt (a login, a code, a set of answers). */
export type AttemptOutcome =
  | { ok: true }
  | {
      ok: false;
      /** Whether the device counted it (a transport failure before sending does not). */
      spent: boolean;
      attemptsLeft: number | null;
      lockedUntil: Date | null;
      /** `rejected` (wrong secret), `expired` (code too old), `locked`. */
      reason: 'rejected' | 'expired' | 'locked';
    };

export interface DriverCapabilities {
  capabilities: Capability[];
  passwordPolicy: PasswordPolicy;
  questionChoices: SecurityQuestion[];
  questionsRequired: number;
  /** What the device said about its recovery set-up on this read; null parts it did not say. */
  recovery?: RecoveryAudit;
}

/** What the device handed out when a recovery started. */
export interface RecoveryChallenge {
  method: RecoveryMethod;
  qrPayload?: string;
  supportCode?: string;
  /** Where the support code goes (the vendor's support channel, with the serial filled in). */
  supportContact?: SupportContact;
  appPath?: string;
  sentTo?: string;
  expiresAt?: Date;
  questions?: SecurityQuestion[];
  attemptsLeft?: number | null;
  /** How many characters the code to type back has, when the device or protocol states it. */
  codeLength?: number | null;
  /** Opaque driver state needed to complete (never shown, never holds a secret of the owner). */
  context?: Record<string, string>;
}

export interface RecoveryInput {
  code?: string;
  answers?: { id: number; answer: string }[];
  keyFile?: Uint8Array;
  newPassword: string;
}

export interface VendorDriver {
  readonly family: Device['family'];
  /** Reads what the device supports; unauthenticated parts only when `credentials` is absent. */
  capabilities(device: Device, credentials?: Credentials): Promise<DriverCapabilities>;
  lockState(device: Device): Promise<LockState>;
  /** Spends one login try. */
  verifyLogin(device: Device, credentials: Credentials): Promise<AttemptOutcome>;
  /** Sets the first admin password of a factory-fresh device. */
  activate(device: Device, password: string): Promise<void>;
  bindEmail(device: Device, credentials: Credentials, email: string): Promise<void>;
  setQuestions(
    device: Device,
    credentials: Credentials,
    answers: { id: number; answer: string }[],
  ): Promise<void>;
  /** The vendor's reset key file (Hikvision GUID), handed to the person to keep. */
  exportKey?(device: Device, credentials: Credentials): Promise<{ name: string; data: Uint8Array }>;
  startRecovery(device: Device, method: RecoveryMethod): Promise<RecoveryChallenge>;
  /** Spends one code/answer/key attempt; on success the new password is set. */
  completeRecovery(
    device: Device,
    challenge: RecoveryChallenge,
    input: RecoveryInput,
  ): Promise<AttemptOutcome>;
  changePassword(device: Device, credentials: Credentials, newPassword: string): Promise<void>;
  /** The device's boot time, to notice a reboot in the middle of a flow; null if unknown. */
  bootTime(device: Device): Promise<string | null>;
}
