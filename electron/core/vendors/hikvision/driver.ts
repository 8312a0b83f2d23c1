/**
 * The Hikvision vendor driver (DESIGN.md "Vendor drivers"): ISAPI over the device's HTTP port for
 * everything that has an ISAPI form, SADP over UDP 37020 for activation of an unreachable device
 * and for the recoveries that exist only there. Plain Node: no `electron`, no lab code. Every
 * credential or code attempt is made once and reported as the device answered it.
 */
import type { Device } from '../../../shared/dto';
import type { SecurityQuestion } from '../../../shared/flows';
import type { AttemptOutcome, LockState, VendorDriver } from '../driver';
import { assumedLockProbePath } from './assumptions-driver';
import { activate } from './driver-activate';
import { capabilities } from './driver-caps';
import {
  DriverContext,
  isUnreachable,
  withSadp,
  type HikvisionDriverOptions,
} from './driver-context';
import { completeRecovery, startRecovery } from './driver-recovery';
import { bindEmail, changePassword, exportKey, setQuestions } from './driver-setup';
import { HikvisionAuthError, IsapiStatusError } from './errors';
import { decodeIsapiStatus } from './status';

export type { HikvisionDriverOptions } from './driver-context';

/** A driver with its own HTTP client, SADP sockets and per-device memory (lock fields, questions). */
export function createHikvisionDriver(options: HikvisionDriverOptions = {}): VendorDriver {
  const ctx = new DriverContext(options);
  // Question texts seen in questionConfiguration, for a recovery started later without a login.
  const questionTexts = new Map<string, SecurityQuestion[]>();
  const textFor = (device: Device) => (id: number) =>
    questionTexts.get(device.id)?.find((q) => q.id === id)?.text ?? '';

  return {
    family: 'hikvision',

    capabilities: (device, credentials) =>
      capabilities(ctx, device, credentials, (q) => questionTexts.set(device.id, q.choices)),

    /** An anonymous request spends no try; its 401 may carry the lock fields (else the last seen). */
    async lockState(device): Promise<LockState> {
      try {
        const reply = await ctx.call(device, 'GET', assumedLockProbePath());
        const lock = decodeIsapiStatus(reply.body)?.lock ?? null;
        if (lock) return ctx.lockState(lock);
      } catch (err) {
        if (!isUnreachable(err)) throw err;
      }
      return ctx.lastLock(device) ?? { attemptsLeft: null, lockedUntil: null };
    },

    /** `GET /ISAPI/Security/userCheck` with one digest answer (§10, §16). */
    async verifyLogin(device, credentials): Promise<AttemptOutcome> {
      const reply = await ctx.call(device, 'GET', '/ISAPI/Security/userCheck', { credentials });
      const status = decodeIsapiStatus(reply.body);
      if (reply.status === 200) return { ok: true };
      if (reply.status === 401 && reply.authenticated === 'digest') {
        // A stale nonce says the password was right but the try did not count.
        if (reply.stale) {
          return {
            ok: false,
            spent: false,
            attemptsLeft: null,
            lockedUntil: null,
            reason: 'rejected',
          };
        }
        return ctx.refused(status?.lock ?? null);
      }
      if (reply.status === 401) throw new HikvisionAuthError(false, status?.lock ?? null);
      if (status) throw new IsapiStatusError(reply.status, status);
      throw new IsapiStatusError(reply.status, {
        root: 'ResponseStatus',
        format: 'xml',
        statusCode: null,
        statusValue: null,
        statusString: `HTTP ${reply.status}`,
        subStatusCode: null,
        requestURL: null,
        errorCode: null,
        errorMsg: null,
        lock: null,
      });
    },

    activate: (device, password) => activate(ctx, device, password),
    bindEmail: (device, credentials, email) => bindEmail(ctx, device, credentials, email),
    setQuestions: (device, credentials, answers) => setQuestions(ctx, device, credentials, answers),
    exportKey: (device, credentials) => exportKey(ctx, device, credentials),
    startRecovery: (device, method) => startRecovery(ctx, device, method, textFor(device)),
    completeRecovery: (device, challenge, input) => completeRecovery(ctx, device, challenge, input),
    changePassword: (device, credentials, newPassword) =>
      changePassword(ctx, device, credentials, newPassword),

    /** SADP `BootTime` from a MAC-targeted inquiry (§3.2); null when SADP cannot tell. */
    async bootTime(device): Promise<string | null> {
      if (!device.mac) return null;
      try {
        return (await withSadp(ctx, device, (ch) => ch.inquiry())).bootTime;
      } catch {
        // No interface, no reply in time: unknown, which the flows treat as "cannot tell".
        return null;
      }
    },
  };
}

/** The shared Hikvision driver the engine dispatches `family: 'hikvision'` to. */
export const hikvisionDriver: VendorDriver = createHikvisionDriver();
