/**
 * Activation: one new admin password for a batch of factory-fresh devices. Each device is checked
 * against its own password policy before anything is sent, activated, its credentials stored, and
 * its recovery e-mail bound right after when asked and supported. A device that fails stops there;
 * the others go on. The password lives only in this closure while the batch runs.
 */
import { CustodianError } from '../../shared/errors';
import type { FlowDeviceView, FlowView } from '../../shared/flows';
import { checkPassword } from '../../shared/password';
import { limitConcurrency } from '../concurrency';
import type { Device } from '../../shared/dto';
import {
  audit,
  canDo,
  deviceOf,
  driverOf,
  noteRecovery,
  requireCapability,
  ADMIN_USER,
  type FlowDeps,
} from './flow-deps';
import { deviceView, stepDone, toFlowError, type FlowRecord } from './flow-record';

/** Devices activated at once: enough for a site's batch, few enough not to flood a small switch. */
const ACTIVATE_CONCURRENCY = 4;

export interface ActivateInput {
  deviceIds: string[];
  password: string;
  email?: string;
}

/** Starts the batch and answers at once; progress arrives as `flow:changed`. */
export function startActivation(deps: FlowDeps, input: ActivateInput): FlowView {
  const ids = [...new Set(input.deviceIds)];
  if (ids.length === 0) throw new CustodianError('INVALID_INPUT', 'deviceIds is empty');
  const devices = ids.map((id) => deviceOf(deps, id));
  const record = deps.flows.create('activate', devices);
  const view = deps.flows.commit(record);
  const limit = limitConcurrency(ACTIVATE_CONCURRENCY);
  const { password, email } = input;
  deps.flows.track(
    Promise.all(devices.map((d) => limit(() => activateOne(deps, record, d, password, email)))),
  );
  return view;
}

async function activateOne(
  deps: FlowDeps,
  record: FlowRecord,
  device: Device,
  password: string,
  email: string | undefined,
): Promise<void> {
  const dv = deviceView(record, device.id);
  if (dv.state !== 'running') return; // cancelled before its turn
  const step = (name: string) => {
    if (dv.step !== 'queued') stepDone(dv);
    dv.step = name;
    deps.flows.commit(record);
  };
  try {
    step('checkPolicy');
    const driver = driverOf(deps, device);
    const caps = await driver.capabilities(device);
    requireCapability(caps, 'activate');
    if (device.account === 'active')
      throw new CustodianError('CAPABILITY_UNAVAILABLE', 'already active');
    const check = checkPassword(password, caps.passwordPolicy, ADMIN_USER);
    if (!check.ok) throw new CustodianError('PASSWORD_POLICY', check.problems.join(', '));
    if (stopIfCancelled(deps, record, dv)) return;

    step('activate');
    await busy(deps, record, () => driver.activate(device, password)).catch(
      async (err: unknown) => {
        await audit(deps, device, 'activate', 'failed', { err });
        throw err;
      },
    );
    await audit(deps, device, 'activate', 'ok');
    deps.markActive(device.id);
    // A key file belongs to one password (hikvision.md §19): none can exist for this first one.
    noteRecovery(deps, device.id, { keyExported: false });
    const credentials = { username: ADMIN_USER, password };

    step('storeCredentials');
    await deps.vault.set(device.id, credentials);

    if (email) {
      if (stopIfCancelled(deps, record, dv)) return;
      if (!canDo(caps, 'bindEmail')) {
        step('bindEmailUnsupported');
      } else {
        step('bindEmail');
        const session = deps.guard.session(device.id);
        await busy(deps, record, () =>
          session.call(() => driver.bindEmail(device, credentials, email)),
        ).catch(async (err: unknown) => {
          await audit(deps, device, 'bindEmail', 'failed', { err });
          throw err;
        });
        noteRecovery(deps, device.id, { emailBound: true });
        await audit(deps, device, 'bindEmail', 'ok');
      }
    }
    stepDone(dv, 'done');
    dv.state = 'succeeded';
  } catch (err) {
    // The failed step stays as `step`; `stepsDone` tells whether the device was activated (a
    // vault failure after activation must not hide that the device now has this password).
    dv.state = 'failed';
    dv.error = toFlowError(err);
  }
  deps.flows.commit(record);
}

/** Runs one device request with the flow marked busy on disk (the restart rule needs it). */
async function busy<T>(deps: FlowDeps, record: FlowRecord, op: () => Promise<T>): Promise<T> {
  await deps.flows.setBusy(record, true);
  try {
    return await op();
  } finally {
    await deps.flows.setBusy(record, false);
  }
}

function stopIfCancelled(deps: FlowDeps, record: FlowRecord, dv: FlowDeviceView): boolean {
  if (!deps.flows.cancelRequested(record)) return false;
  dv.state = 'cancelled';
  deps.flows.commit(record);
  return true;
}
