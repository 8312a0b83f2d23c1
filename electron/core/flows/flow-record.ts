/**
 * What the engine keeps about a flow, and what it may write to disk. A record holds the view the
 * renderer sees plus the non-secret state needed to resume: the device as it was found (so a
 * restarted engine can finish before the next scan), the challenge the device handed out, its boot
 * time at the start and its password policy. Passwords, answers, codes, e-mail addresses and key
 * files never enter a record.
 */
import type { Device } from '../../shared/dto';
import type { ApiErrorPayload, ErrorCode } from '../../shared/errors';
import { CustodianError } from '../../shared/errors';
import type {
  FlowDeviceView,
  FlowState,
  FlowView,
  PasswordPolicy,
  SecurityQuestion,
} from '../../shared/flows';
import type { RecoveryChallenge } from '../vendors/driver';

/** A challenge as stored: the expiry as an ISO string. */
export type StoredChallenge = Omit<RecoveryChallenge, 'expiresAt'> & { expiresAt?: string };

export interface FlowRecord {
  view: FlowView;
  /** Each device as it was when the flow started, by id. */
  snapshots: Record<string, Device>;
  challenge?: StoredChallenge;
  /** `driver.bootTime()` when the challenge was issued (reboot guard). */
  bootTime?: string | null;
  policy?: PasswordPolicy;
  questions?: SecurityQuestion[];
  /** A request to a device is in flight: after a crash its effect on the device is unknown. */
  busy?: boolean;
}

export const TERMINAL: readonly FlowState[] = ['succeeded', 'failed', 'cancelled'];

export function isTerminal(state: FlowState): boolean {
  return TERMINAL.includes(state);
}

/** An error as the flow view carries it. */
export function errorPayload(code: ErrorCode, detail = ''): ApiErrorPayload {
  return new CustodianError(code, detail).toPayload();
}

/** Maps anything a driver threw to a payload safe to show (unknown errors say nothing inside). */
export function toFlowError(err: unknown): ApiErrorPayload {
  if (err instanceof CustodianError) return err.toPayload();
  return errorPayload('INTERNAL', 'unexpected error');
}

/** The device entry of a flow (every flow has at least one). */
export function deviceView(record: FlowRecord, deviceId?: string): FlowDeviceView {
  const d = deviceId
    ? record.view.devices.find((x) => x.deviceId === deviceId)
    : record.view.devices[0];
  if (!d) throw new CustodianError('INTERNAL', 'flow without device');
  return d;
}

/** Marks a device's step done and moves it to the next. */
export function stepDone(d: FlowDeviceView, next?: string): void {
  if (!d.stepsDone.includes(d.step)) d.stepsDone.push(d.step);
  if (next) d.step = next;
}

/**
 * The state of a whole flow from its devices' states. A batch with one failed device is `failed`
 * even when the others succeeded: the person has to look at it (each device keeps its own result).
 */
export function overallState(devices: FlowDeviceView[]): FlowState {
  const has = (s: FlowState) => devices.some((d) => d.state === s);
  if (has('running')) return 'running';
  if (has('needsInput')) return 'needsInput';
  if (has('failed')) return 'failed';
  if (has('cancelled')) return 'cancelled';
  return 'succeeded';
}

/** A copy of a view that is safe to persist: the key-file handout is dropped. */
export function persistableView(view: FlowView): FlowView {
  const copy = structuredClone(view);
  if (copy.handout) {
    delete copy.handout.keyFileBase64;
    if (Object.keys(copy.handout).length === 0) delete copy.handout;
  }
  return copy;
}

export function toStoredChallenge(c: RecoveryChallenge): StoredChallenge {
  const { expiresAt, ...rest } = c;
  return expiresAt ? { ...rest, expiresAt: expiresAt.toISOString() } : rest;
}

export function fromStoredChallenge(c: StoredChallenge): RecoveryChallenge {
  const { expiresAt, ...rest } = c;
  return expiresAt ? { ...rest, expiresAt: new Date(expiresAt) } : rest;
}
