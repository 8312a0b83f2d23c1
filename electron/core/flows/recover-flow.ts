/**
 * Recovery through the vendor's own paths: security questions, the QR code the vendor's app scans
 * (the code comes back by e-mail), the key file, or a code for vendor support. `start` asks the
 * device for its challenge and hands it out; `submit` spends one try through the lockout guard.
 * The device's boot time is taken at the start and checked before each try: a reboot voids what
 * it handed out, so the flow fails and must be started over.
 */
import { CustodianError, type ErrorCode } from '../../shared/errors';
import type { FlowPrompt, FlowView, RecoveryMethod } from '../../shared/flows';
import { checkPassword } from '../../shared/password';
import type { CapabilityName } from '../../shared/flows';
import type { AttemptOutcome, RecoveryChallenge, RecoveryInput } from '../vendors/driver';
import {
  ADMIN_USER,
  audit,
  deviceOf,
  driverOf,
  noteRecovery,
  requireCapability,
  withRecoveryKnowledge,
  type FlowDeps,
} from './flow-deps';
import {
  deviceView,
  errorPayload,
  fromStoredChallenge,
  stepDone,
  toFlowError,
  toStoredChallenge,
  type FlowRecord,
} from './flow-record';
import { recoveryInput, type SubmitInput } from './recover-input';

const CAPABILITY: Record<RecoveryMethod, CapabilityName> = {
  questions: 'recoverByQuestions',
  qr: 'recoverByCode',
  keyFile: 'recoverByKeyFile',
  support: 'recoverBySupport',
};

/** Asks the device for its challenge and answers with what to show and what to ask. */
export async function startRecovery(
  deps: FlowDeps,
  deviceId: string,
  method: RecoveryMethod,
): Promise<FlowView> {
  const device = deviceOf(deps, deviceId);
  const driver = driverOf(deps, device);
  // The QR path needs a reserved e-mail: a device known to have none is not asked for a QR.
  if (method === 'qr' && device.recovery?.emailBound === false) {
    throw new CustodianError('RECOVERY_EMAIL_NOT_BOUND');
  }
  const caps = withRecoveryKnowledge(await driver.capabilities(device), device.recovery);
  requireCapability(caps, CAPABILITY[method]);
  const record = deps.flows.create('recover', [device], method);
  record.policy = caps.passwordPolicy;
  const dv = deviceView(record);
  dv.step = 'challenge';
  const release = deps.flows.begin(record);
  deps.flows.commit(record);
  await deps.flows.setBusy(record, true);
  try {
    record.bootTime = await driver.bootTime(device).catch(() => null);
    const challenge = await driver.startRecovery(device, method);
    record.challenge = toStoredChallenge(challenge);
    record.questions = challenge.questions ?? caps.questionChoices;
    deps.guard.reset(device.id, 'recovery');
    const attemptsLeft = challenge.attemptsLeft ?? null;
    deps.guard.observe(device.id, { attemptsLeft, lockedUntil: null }, 'recovery');
    stepDone(dv, 'input');
    dv.state = 'needsInput';
    dv.attemptsLeft = attemptsLeft;
    record.view.prompt = promptFor(method, record, challenge);
    record.view.handout = handoutOf(challenge);
    await audit(deps, device, 'recover.start', 'ok', { attemptsLeft });
  } catch (err) {
    dv.state = 'failed';
    dv.error = toFlowError(err);
    // The device itself said it has no recovery e-mail: the audit learns it.
    if (err instanceof CustodianError && err.code === 'RECOVERY_EMAIL_NOT_BOUND') {
      noteRecovery(deps, device.id, { emailBound: false });
    }
    await audit(deps, device, 'recover.start', 'failed', { err });
  } finally {
    await deps.flows.setBusy(record, false);
    release();
  }
  return deps.flows.commit(record);
}

/**
 * Spends one try with what the person typed. A refusal before the device is reached (wrong
 * moment, locked, last try unconfirmed, weak password) throws and changes nothing; what the
 * device answered is in the returned view.
 */
export async function submitRecovery(deps: FlowDeps, input: SubmitInput): Promise<FlowView> {
  const record = deps.flows.get(input.flowId);
  if (record.view.kind !== 'recover' || !record.view.method || !record.challenge) {
    throw new CustodianError('FLOW_STATE', `${record.view.kind} takes no input`);
  }
  const dv = deviceView(record);
  if (dv.error?.code === 'CODE_EXPIRED') throw new CustodianError('CODE_EXPIRED');
  if (record.view.state !== 'needsInput') throw new CustodianError('FLOW_STATE', record.view.state);
  const method = record.view.method;
  const recovery = recoveryInput(method, input);
  const check = checkPassword(recovery.newPassword, record.policy, ADMIN_USER);
  if (!check.ok) throw new CustodianError('PASSWORD_POLICY', check.problems.join(', '));
  const device = deps.device(dv.deviceId) ?? record.snapshots[dv.deviceId];
  if (!device) throw new CustodianError('NOT_FOUND', dv.deviceId);
  const driver = driverOf(deps, device);
  const release = deps.flows.begin(record);
  try {
    if (record.bootTime) {
      const now = await driver.bootTime(device);
      if (now && now !== record.bootTime) return await rebooted(deps, record, device);
    }
    const challenge: RecoveryChallenge = fromStoredChallenge(record.challenge);
    let outcome: AttemptOutcome;
    try {
      outcome = await deps.guard.attempt(
        device.id,
        async () => {
          await deps.flows.setBusy(record, true);
          return driver.completeRecovery(device, challenge, recovery);
        },
        { counter: 'recovery', confirmLastAttempt: input.confirmLastAttempt === true },
      );
    } catch (err) {
      if (!record.busy) throw err; // refused by the guard: nothing was sent
      // The device may or may not have counted it: the flow waits, the person decides.
      dv.error = toFlowError(err);
      return deps.flows.commit(record);
    } finally {
      if (record.busy) await deps.flows.setBusy(record, false);
    }
    return await afterAttempt(deps, record, device, recovery.newPassword, outcome);
  } finally {
    release();
  }
}

async function afterAttempt(
  deps: FlowDeps,
  record: FlowRecord,
  device: NonNullable<ReturnType<FlowDeps['device']>>,
  newPassword: string,
  outcome: AttemptOutcome,
): Promise<FlowView> {
  const dv = deviceView(record);
  if (outcome.ok) {
    await audit(deps, device, 'recover.complete', 'ok');
    deps.guard.reset(device.id, 'login');
    stepDone(dv, 'done');
    dv.state = 'succeeded';
    delete dv.error;
    delete record.view.handout; // void once used
    // A key file exported before belongs to the old password and no longer resets (hikvision.md §19).
    noteRecovery(deps, device.id, { keyExported: false });
    try {
      await deps.vault.set(device.id, { username: ADMIN_USER, password: newPassword });
      dv.stepsDone.push('storeCredentials');
    } catch (err) {
      // The password is changed on the device either way; say that it was not stored.
      dv.error = toFlowError(err);
    }
    return deps.flows.commit(record);
  }
  const left = outcome.attemptsLeft;
  dv.attemptsLeft = left;
  dv.lockedUntil = outcome.lockedUntil?.toISOString() ?? null;
  await audit(deps, device, 'recover.complete', 'failed', { attemptsLeft: left });
  const failWith = (code: ErrorCode, detail: string) => {
    dv.state = 'failed';
    dv.error = errorPayload(code, detail);
    return deps.flows.commit(record);
  };
  if (outcome.reason === 'expired') return failWith('CODE_EXPIRED', '');
  if (outcome.reason === 'locked') return failWith('DEVICE_LOCKED', dv.lockedUntil ?? 'locked');
  const code = record.view.method === 'questions' ? 'ANSWERS_REJECTED' : 'CODE_REJECTED';
  if (left === 0) return failWith(code, 'no tries left');
  dv.error = errorPayload(code, left === null ? 'tries left unknown' : `${left} tries left`);
  return deps.flows.commit(record);
}

async function rebooted(
  deps: FlowDeps,
  record: FlowRecord,
  device: NonNullable<ReturnType<FlowDeps['device']>>,
): Promise<FlowView> {
  const dv = deviceView(record);
  dv.state = 'failed';
  dv.error = errorPayload('REBOOT_DETECTED');
  record.view.rebootDetected = true;
  delete record.view.handout;
  await audit(deps, device, 'recover.complete', 'refused', {
    err: new CustodianError('REBOOT_DETECTED'),
  });
  return deps.flows.commit(record);
}

function promptFor(
  method: RecoveryMethod,
  record: FlowRecord,
  challenge: RecoveryChallenge,
): FlowPrompt {
  if (method === 'questions') return { kind: 'answers', questions: record.questions ?? [] };
  if (method === 'keyFile') return { kind: 'keyFile' };
  return { kind: 'code', codeLength: challenge.codeLength ?? null };
}

function handoutOf(c: RecoveryChallenge): FlowView['handout'] {
  const h: NonNullable<FlowView['handout']> = {};
  if (c.qrPayload) h.qrPayload = c.qrPayload;
  if (c.supportCode) h.supportCode = c.supportCode;
  if (c.supportContact) h.supportContact = c.supportContact;
  if (c.appPath) h.appPath = c.appPath;
  if (c.sentTo) h.sentTo = c.sentTo;
  if (c.expiresAt) h.expiresAt = c.expiresAt.toISOString();
  return Object.keys(h).length > 0 ? h : undefined;
}

export type { RecoveryInput };
