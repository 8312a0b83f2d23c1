/**
 * The per-device account verbs: what a device can do (merged with the lockout guard's knowledge
 * and whether the vault holds its credentials), one guarded login whose credentials are stored
 * only when they work, a guarded password change whose new password is stored only once the
 * device accepted it, and forgetting them.
 */
import type { CustodianApi } from '../shared/contract';
import { CustodianError } from '../shared/errors';
import type { DeviceCapabilities } from '../shared/flows';
import { checkPassword } from '../shared/password';
import {
  audit,
  deviceOf,
  driverOf,
  noteRecovery,
  requireCapability,
  withRecoveryKnowledge,
  type FlowDeps,
} from './flows/flow-deps';

type AccountVerbs = Pick<
  CustodianApi,
  'device:capabilities' | 'device:login' | 'device:forget' | 'device:changePassword'
>;

/** A refusal by the guard itself, before anything reached the device. */
function refusedByGuard(err: unknown): boolean {
  return (
    err instanceof CustodianError &&
    (err.code === 'DEVICE_LOCKED' || err.code === 'LAST_ATTEMPT_NEEDS_CONFIRMATION')
  );
}

export function accountVerbs(deps: FlowDeps): AccountVerbs {
  return {
    'device:capabilities': async ({ id }): Promise<DeviceCapabilities> => {
      const device = deviceOf(deps, id);
      const driver = driverOf(deps, device);
      const probe = () => driver.lockState(device);
      // A locked or keyless vault still lets the person see what the device can do.
      const credentials = await deps.vault.get(id).catch(() => undefined);
      // Stored credentials are used without ever spending a last try; on any refusal the
      // unauthenticated view is shown instead (that costs the device no try).
      const authed = credentials
        ? await deps.guard
            .call(id, () => driver.capabilities(device, credentials), { probe })
            .catch(() => null)
        : null;
      if (!credentials) {
        const lock = await probe().catch(() => null);
        if (lock) deps.guard.observe(id, lock);
      }
      if (authed) noteRecovery(deps, id, authed.recovery);
      const caps = withRecoveryKnowledge(
        authed ?? (await driver.capabilities(device)),
        deps.device(id)?.recovery ?? null,
      );
      const known = deps.guard.knowledge(id);
      return {
        deviceId: id,
        family: device.family,
        capabilities: caps.capabilities,
        passwordPolicy: caps.passwordPolicy,
        questionChoices: caps.questionChoices,
        questionsRequired: caps.questionsRequired,
        attemptsLeft: known.attemptsLeft,
        lockedUntil: known.lockedUntil?.toISOString() ?? null,
        hasCredentials: await deps.vault.has(id).catch(() => false),
      };
    },

    'device:login': async ({ id, username, password, confirmLastAttempt }) => {
      const device = deviceOf(deps, id);
      const driver = driverOf(deps, device);
      // A try is spent only when its success can be kept: a locked vault refuses first.
      await deps.vault.unlock();
      let outcome;
      try {
        outcome = await deps.guard.attempt(
          id,
          () => driver.verifyLogin(device, { username, password }),
          {
            confirmLastAttempt: confirmLastAttempt === true,
            probe: () => driver.lockState(device),
          },
        );
      } catch (err) {
        await audit(deps, device, 'login', refusedByGuard(err) ? 'refused' : 'failed', { err });
        throw err;
      }
      if (outcome.ok) {
        await deps.vault.set(id, { username, password });
        await audit(deps, device, 'login', 'ok');
        return { ok: true as const };
      }
      const left = outcome.attemptsLeft;
      const err =
        outcome.reason === 'locked'
          ? new CustodianError('DEVICE_LOCKED', outcome.lockedUntil?.toISOString() ?? 'locked')
          : new CustodianError(
              'DEVICE_AUTH_FAILED',
              left === null ? 'tries left unknown' : `${left} tries left`,
            );
      await audit(deps, device, 'login', 'failed', { err, attemptsLeft: left });
      throw err;
    },

    'device:changePassword': async ({ id, newPassword, confirmLastAttempt }) => {
      const device = deviceOf(deps, id);
      const driver = driverOf(deps, device);
      // The new password is kept only if the vault can take it: a locked vault refuses first.
      await deps.vault.unlock();
      const credentials = await deps.vault.get(id);
      if (!credentials) throw new CustodianError('DEVICE_AUTH_REQUIRED');
      const options = {
        confirmLastAttempt: confirmLastAttempt === true,
        probe: () => driver.lockState(device),
      };
      try {
        // The device's own policy, read with the stored credentials, judges the new password
        // before it is sent anywhere.
        const caps = await deps.guard.call(
          id,
          () => driver.capabilities(device, credentials),
          options,
        );
        noteRecovery(deps, id, caps.recovery);
        requireCapability(caps, 'changePassword');
        const check = checkPassword(newPassword, caps.passwordPolicy, credentials.username);
        if (!check.ok) throw new CustodianError('PASSWORD_POLICY', check.problems.join(', '));
        if (newPassword === credentials.password) {
          throw new CustodianError('INVALID_INPUT', 'the new password is the current one');
        }
        await deps.guard.call(
          id,
          () => driver.changePassword(device, credentials, newPassword),
          options,
        );
      } catch (err) {
        const known = deps.guard.knowledge(id);
        await audit(deps, device, 'changePassword', refusedByGuard(err) ? 'refused' : 'failed', {
          err,
          ...(err instanceof CustodianError && err.code === 'DEVICE_AUTH_FAILED'
            ? { attemptsLeft: known.attemptsLeft }
            : {}),
        });
        throw err;
      }
      // The device now knows only the new password: the vault follows it.
      await deps.vault.set(id, { username: credentials.username, password: newPassword });
      await audit(deps, device, 'changePassword', 'ok');
      return { ok: true as const };
    },

    'device:forget': async ({ id }) => {
      if (!deps.vault.configured) return { forgotten: false };
      const forgotten = await deps.vault.delete(id);
      if (forgotten) await audit(deps, deps.device(id) ?? { id, serial: null }, 'forget', 'ok');
      return { forgotten };
    },
  };
}
