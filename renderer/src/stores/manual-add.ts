/**
 * Manual add by IP: for a device multicast cannot reach (another subnet behind a router, IGMP
 * snooping, a Wi-Fi that drops multicast), the engine probes one typed-in address by unicast.
 *
 * idle ─submit(bad)→ invalid ─edit→ idle
 * idle ─submit(ok)→ running ─┬→ found (device upserted; the view opens it)
 *                            ├→ notFound (nothing answered there)
 *                            └→ failed (error code, e.g. NON_LOOPBACK_REFUSED)
 * Closing the dialog while running drops interest in the answer; a device found late is still
 * added to the list, because it is real.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Device } from '../contract';
import { useBridge } from '../bridge';
import { toUiError, type UiError } from '../i18n/error-text';
import { checkDeviceAddress, type Ipv4Problem } from '../ipv4';
import { useDevicesStore } from './devices';

export type ManualAddState =
  | { status: 'idle' }
  | { status: 'invalid'; problem: Ipv4Problem }
  | { status: 'running'; address: string }
  | { status: 'found'; address: string; device: Device }
  | { status: 'notFound'; address: string }
  | { status: 'failed'; address: string; error: UiError };

export const useManualAddStore = defineStore('manualAdd', () => {
  const bridge = useBridge();
  const devices = useDevicesStore();
  const open = ref(false);
  const address = ref('');
  const state = shallowRef<ManualAddState>({ status: 'idle' });
  /** Bumped by every submit and close: an answer for an older run must not change the state. */
  let run = 0;

  const running = computed(() => state.value.status === 'running');

  function openDialog(): void {
    open.value = true;
    if (!running.value) state.value = { status: 'idle' };
  }

  function close(): void {
    open.value = false;
    run++;
    state.value = { status: 'idle' };
  }

  /** Typing clears a validation message or an old outcome (not a probe in flight). */
  function setAddress(text: string): void {
    address.value = text;
    if (!running.value) state.value = { status: 'idle' };
  }

  /** Validates, probes, and returns the device found (or null). */
  async function submit(): Promise<Device | null> {
    if (running.value) return null;
    const problem = checkDeviceAddress(address.value);
    if (problem) {
      state.value = { status: 'invalid', problem };
      return null;
    }
    const target = address.value.trim();
    const mine = ++run;
    state.value = { status: 'running', address: target };
    try {
      const device = await bridge.api['device:addManual']({ address: target });
      if (device) devices.upsert(device);
      if (mine !== run) return null;
      state.value = device
        ? { status: 'found', address: target, device }
        : { status: 'notFound', address: target };
      return device;
    } catch (err) {
      if (mine === run) state.value = { status: 'failed', address: target, error: toUiError(err) };
      return null;
    }
  }

  return { open, address, state, running, openDialog, close, setAddress, submit };
});
