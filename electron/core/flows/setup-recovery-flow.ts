/**
 * Recovery set-up on one device, with the credentials in the vault: bind the recovery e-mail, set
 * the security questions from the device's own list, export the reset key file. The verb answers
 * when the steps are done. The key file is handed out once, in that answer and in the event of
 * the same moment, for the person to save; it is never stored by Custodian.
 */
import { CustodianError } from '../../shared/errors';
import type { FlowHandout, FlowView } from '../../shared/flows';
import type { DriverCapabilities } from '../vendors/driver';
import type { RecoveryAudit } from '../../shared/dto';
import {
  audit,
  deviceOf,
  driverOf,
  noteRecovery,
  requireCapability,
  type FlowDeps,
} from './flow-deps';
import { deviceView, stepDone, toFlowError } from './flow-record';

export interface SetupRecoveryInput {
  deviceId: string;
  email?: string;
  questions?: { id: number; answer: string }[];
  exportKey?: boolean;
}

/** Runs the requested steps in order; a refused request changes nothing and starts no flow. */
export async function runSetupRecovery(
  deps: FlowDeps,
  input: SetupRecoveryInput,
): Promise<FlowView> {
  const { email, questions, exportKey } = input;
  if (!email && !questions?.length && !exportKey) {
    throw new CustodianError('INVALID_INPUT', 'nothing to set up');
  }
  const device = deviceOf(deps, input.deviceId);
  const driver = driverOf(deps, device);
  const credentials = await deps.vault.get(device.id);
  if (!credentials) throw new CustodianError('DEVICE_AUTH_REQUIRED');
  const session = deps.guard.session(device.id);
  const caps = await session.call(() => driver.capabilities(device, credentials));
  noteRecovery(deps, device.id, caps.recovery);
  if (email) requireCapability(caps, 'bindEmail');
  if (questions?.length) {
    requireCapability(caps, 'setQuestions');
    checkAnswers(caps, questions);
  }
  if (exportKey) {
    requireCapability(caps, 'exportKey');
    if (!driver.exportKey) throw new CustodianError('CAPABILITY_UNAVAILABLE', 'exportKey');
  }

  const record = deps.flows.create('setupRecovery', [device]);
  const dv = deviceView(record);
  const release = deps.flows.begin(record);
  let handout: FlowHandout | undefined;
  // What each step, once the device accepted it, makes known about the device's recovery set-up.
  const learned: Record<'bindEmail' | 'setQuestions' | 'exportKey', Partial<RecoveryAudit>> = {
    bindEmail: { emailBound: true },
    setQuestions: { questionsSet: true },
    exportKey: { keyExported: true },
  };
  const step = async (
    name: 'bindEmail' | 'setQuestions' | 'exportKey',
    op: () => Promise<void>,
  ) => {
    if (dv.step !== 'queued') stepDone(dv);
    dv.step = name;
    deps.flows.commit(record);
    await deps.flows.setBusy(record, true);
    try {
      await session.call(op);
      noteRecovery(deps, device.id, learned[name]);
      await audit(deps, device, name, 'ok');
    } catch (err) {
      await audit(deps, device, name, 'failed', { err });
      throw err;
    } finally {
      await deps.flows.setBusy(record, false);
    }
  };
  try {
    if (email) await step('bindEmail', () => driver.bindEmail(device, credentials, email));
    if (questions?.length) {
      await step('setQuestions', () => driver.setQuestions(device, credentials, questions));
    }
    if (exportKey && driver.exportKey) {
      const exportFn = driver.exportKey.bind(driver);
      await step('exportKey', async () => {
        const file = await exportFn(device, credentials);
        handout = {
          keyFileBase64: Buffer.from(file.data).toString('base64'),
          keyFileName: file.name,
        };
      });
    }
    stepDone(dv, 'done');
    dv.state = 'succeeded';
  } catch (err) {
    dv.state = 'failed';
    dv.error = toFlowError(err);
  } finally {
    release();
  }
  return deps.flows.commit(record, handout);
}

/** The device's own rules for answers: how many, from its list, each question once. */
function checkAnswers(caps: DriverCapabilities, answers: { id: number; answer: string }[]): void {
  if (caps.questionsRequired > 0 && answers.length !== caps.questionsRequired) {
    throw new CustodianError('INVALID_INPUT', `questions needs ${caps.questionsRequired} answers`);
  }
  const ids = answers.map((a) => a.id);
  if (new Set(ids).size !== ids.length) {
    throw new CustodianError('INVALID_INPUT', 'questions repeats a question');
  }
  const known = new Set(caps.questionChoices.map((q) => q.id));
  if (known.size > 0 && ids.some((id) => !known.has(id))) {
    throw new CustodianError(
      'INVALID_INPUT',
      'questions names a question the device does not offer',
    );
  }
  if (answers.some((a) => a.answer.trim().length === 0)) {
    throw new CustodianError('INVALID_INPUT', 'questions has an empty answer');
  }
}
