/**
 * Manual add by IP: for a device multicast cannot reach (another subnet behind a router, IGMP
 * snooping, a Wi-Fi that drops multicast), the engine probes a typed-in address, or every address
 * of a range or CIDR block, by unicast.
 *
 * idle ─submit(bad)→ invalid ─edit→ idle
 * idle ─submit(address)→ running ─┬→ found (device upserted; the view opens it)
 *                                 ├→ notFound (nothing answered there)
 *                                 └→ failed (error code, e.g. NON_LOOPBACK_REFUSED)
 * idle ─submit(range)→ scanning (progress) ─┬→ rangeDone (how many answered; cancelled or not)
 *                                           └→ failed
 * Closing the dialog while an address is probed drops interest in the answer (a device found late
 * is still listed, because it is real); closing during a range cancels the range.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Device, RangeProgress } from '../contract';
import { useBridge } from '../bridge';
import { toUiError, type UiError } from '../i18n/error-text';
import { useDevicesStore } from './devices';
import { checkTarget, type TargetProblem } from './manual-add-target';

export type ManualAddState =
  | { status: 'idle' }
  | { status: 'invalid'; problem: TargetProblem }
  | { status: 'running'; address: string }
  | { status: 'scanning'; address: string; total: number; probed: number; answered: number }
  | {
      status: 'rangeDone';
      address: string;
      total: number;
      probed: number;
      answered: number;
      cancelled: boolean;
    }
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

  const running = computed(
    () => state.value.status === 'running' || state.value.status === 'scanning',
  );
  const scanningRange = computed(() => state.value.status === 'scanning');

  function openDialog(): void {
    open.value = true;
    if (!running.value) state.value = { status: 'idle' };
  }

  function close(): void {
    if (scanningRange.value) void cancelRange();
    open.value = false;
    run++;
    state.value = { status: 'idle' };
  }

  /** Stops the range being probed; what answered so far stays listed. */
  async function cancelRange(): Promise<void> {
    if (!scanningRange.value) return;
    try {
      await bridge.api['device:cancelRange']();
    } catch {
      // The range ends on its own within seconds; nothing else to undo.
    }
  }

  /** Probes every address of a range, with progress from `device:rangeProgress`. */
  async function submitRange(range: string, total: number): Promise<null> {
    const mine = ++run;
    state.value = { status: 'scanning', address: range, total, probed: 0, answered: 0 };
    const onProgress = (p: RangeProgress) => {
      if (mine !== run || p.range !== range || p.state !== 'running') return;
      state.value = {
        status: 'scanning',
        address: range,
        total: p.total,
        probed: p.probed,
        answered: p.answered,
      };
    };
    const off = bridge.on('device:rangeProgress', onProgress);
    try {
      const result = await bridge.api['device:addRange']({ range });
      for (const device of result.devices) devices.upsert(device);
      if (mine === run) {
        state.value = {
          status: 'rangeDone',
          address: range,
          total: result.total,
          probed: result.probed,
          answered: result.answered,
          cancelled: result.cancelled,
        };
      }
    } catch (err) {
      if (mine === run) state.value = { status: 'failed', address: range, error: toUiError(err) };
    } finally {
      off();
    }
    return null;
  }

  /** Typing clears a validation message or an old outcome (not a probe in flight). */
  function setAddress(text: string): void {
    address.value = text;
    if (!running.value) state.value = { status: 'idle' };
  }

  /** Validates, probes, and returns the device found at one address (null for a range). */
  async function submit(): Promise<Device | null> {
    if (running.value) return null;
    const check = checkTarget(address.value);
    if (!check.ok) {
      state.value = { status: 'invalid', problem: check.problem };
      return null;
    }
    if (check.target.kind === 'range') return submitRange(check.target.range, check.target.count);
    const target = check.target.address;
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

  return {
    open,
    address,
    state,
    running,
    scanningRange,
    openDialog,
    close,
    setAddress,
    submit,
    cancelRange,
  };
});
