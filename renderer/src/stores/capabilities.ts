/**
 * What each device can do (device:capabilities), fetched when a screen needs it and cached by id,
 * plus signing in to a device (device:login) with the same last-try guard as the flows: a login
 * the engine refuses with LAST_ATTEMPT_NEEDS_CONFIRMATION is resent only after the person agrees.
 * Changing the stored account's password (device:changePassword) goes through the same guard; its
 * dialog keeps the new password and resends it only on the person's yes.
 */
import { defineStore } from 'pinia';
import { ref, shallowReactive } from 'vue';
import type { DeviceCapabilities } from '../contract';
import { useBridge } from '../bridge';
import { toUiError, type UiError } from '../i18n/error-text';

export type LoginResult = { ok: true } | { ok: false; error: UiError };

interface PendingLogin {
  id: string;
  username: string;
  password: string;
}

export const useCapabilitiesStore = defineStore('capabilities', () => {
  const bridge = useBridge();
  const byId = shallowReactive(new Map<string, DeviceCapabilities>());
  const errors = shallowReactive(new Map<string, UiError>());
  const loading = shallowReactive(new Set<string>());
  /** The device whose login waits for the person's yes to spend the last try. */
  const confirming = ref<string | null>(null);
  let pending: PendingLogin | null = null;
  const inflight = new Map<string, Promise<DeviceCapabilities | null>>();

  function get(id: string): DeviceCapabilities | undefined {
    return byId.get(id);
  }

  /** Loads once per device (concurrent callers share the request); `force` reads it again. */
  function load(id: string, force = false): Promise<DeviceCapabilities | null> {
    if (!force && byId.has(id)) return Promise.resolve(byId.get(id) ?? null);
    const running = inflight.get(id);
    if (running) return running;
    const request = (async () => {
      loading.add(id);
      try {
        const caps = await bridge.api['device:capabilities']({ id });
        byId.set(id, caps);
        errors.delete(id);
        return caps;
      } catch (err) {
        errors.set(id, toUiError(err));
        return null;
      } finally {
        loading.delete(id);
        inflight.delete(id);
      }
    })();
    inflight.set(id, request);
    return request;
  }

  async function send(login: PendingLogin, confirmLastAttempt: boolean): Promise<LoginResult> {
    try {
      await bridge.api['device:login']({
        id: login.id,
        username: login.username,
        password: login.password,
        ...(confirmLastAttempt ? { confirmLastAttempt: true } : {}),
      });
      // The dialog closes only once the capabilities say the credentials are held: a "Set up"
      // clicked right after would otherwise see the old answer and ask to sign in again.
      await load(login.id, true);
      return { ok: true };
    } catch (err) {
      const error = toUiError(err);
      if (error.code === 'LAST_ATTEMPT_NEEDS_CONFIRMATION') {
        pending = login;
        confirming.value = login.id;
      } else {
        // Attempts left or a lock may have changed: show the device's own count.
        void load(login.id, true);
      }
      return { ok: false, error };
    }
  }

  function login(id: string, username: string, password: string): Promise<LoginResult> {
    return send({ id, username, password }, false);
  }

  async function confirmLastAttempt(id: string): Promise<LoginResult> {
    const login = confirming.value === id ? pending : null;
    confirming.value = null;
    pending = null;
    if (!login) return { ok: false, error: { code: 'FLOW_STATE', detail: 'nothing to confirm' } };
    return send(login, true);
  }

  function declineLastAttempt(): void {
    confirming.value = null;
    pending = null;
  }

  async function changePassword(
    id: string,
    newPassword: string,
    confirmLastAttempt = false,
  ): Promise<LoginResult> {
    try {
      await bridge.api['device:changePassword']({
        id,
        newPassword,
        ...(confirmLastAttempt ? { confirmLastAttempt: true } : {}),
      });
      void load(id, true);
      return { ok: true };
    } catch (err) {
      const error = toUiError(err);
      // Attempts left or a lock may have changed: show the device's own count.
      if (error.code !== 'LAST_ATTEMPT_NEEDS_CONFIRMATION') void load(id, true);
      return { ok: false, error };
    }
  }

  async function forget(id: string): Promise<LoginResult> {
    try {
      await bridge.api['device:forget']({ id });
      void load(id, true);
      return { ok: true };
    } catch (err) {
      return { ok: false, error: toUiError(err) };
    }
  }

  return {
    byId,
    errors,
    loading,
    confirming,
    get,
    load,
    login,
    confirmLastAttempt,
    declineLastAttempt,
    changePassword,
    forget,
  };
});
