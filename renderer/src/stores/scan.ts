/**
 * The discovery scan: its latest progress (from `discovery:progress` and `discovery:status`) and
 * the start/stop actions, with their failures kept as error codes for the toolbar to show. A watch
 * is a scan that keeps sweeping until stopped: `running` while it lasts, `watching` says which.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ScanProgress, VerbInput } from '../contract';
import { useBridge, type Unsubscribe } from '../bridge';
import { toUiError, type UiError } from '../i18n/error-text';

export interface ScanError {
  action: 'start' | 'stop' | 'status';
  error: UiError;
}

export const useScanStore = defineStore('scan', () => {
  const bridge = useBridge();
  const progress = ref<ScanProgress | null>(null);
  const starting = ref(false);
  const startingWatch = ref(false);
  /** Whether the scan in `awaitingScanId` is a watch. */
  const awaitingWatch = ref(false);
  const stopping = ref(false);
  /** The scan the engine accepted but has not reported on yet: the button shows it as running. */
  const awaitingScanId = ref<string | null>(null);
  const error = ref<ScanError | null>(null);
  let unsubscribe: Unsubscribe | null = null;

  const running = computed(
    () =>
      starting.value ||
      progress.value?.state === 'running' ||
      progress.value?.state === 'watching' ||
      (awaitingScanId.value !== null && progress.value?.scanId !== awaitingScanId.value),
  );

  /** A watch is on (or being started): the toolbar's Watch toggle shows pressed. */
  const watching = computed(
    () =>
      startingWatch.value ||
      (running.value &&
        (awaitingScanId.value !== null
          ? awaitingWatch.value
          : progress.value?.watch !== undefined)),
  );

  /** 0..1 for the progress bar: elapsed over planned duration. */
  const fraction = computed(() => {
    const p = progress.value;
    if (!p) return 0;
    if (p.state !== 'running') return 1;
    if (p.durationMs <= 0) return 0;
    return Math.min(1, Math.max(0, p.elapsedMs / p.durationMs));
  });

  const failedInterfaces = computed(() => progress.value?.interfaces.filter((i) => !i.ok) ?? []);

  /** Keeps the newest scan: a late event from an older scan must not replace a newer one. */
  function accept(next: ScanProgress): void {
    const current = progress.value;
    if (
      current &&
      current.scanId !== next.scanId &&
      Date.parse(next.startedAt) < Date.parse(current.startedAt)
    ) {
      return;
    }
    progress.value = next;
    if (next.scanId === awaitingScanId.value) awaitingScanId.value = null;
  }

  function subscribe(): void {
    unsubscribe ??= bridge.on('discovery:progress', accept);
  }

  function unsubscribeAll(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  async function loadStatus(): Promise<void> {
    try {
      const status = await bridge.api['discovery:status']();
      if (status) accept(status);
      if (error.value?.action === 'status') error.value = null;
    } catch (err) {
      error.value = { action: 'status', error: toUiError(err) };
    }
  }

  /** Starts a scan; a scan already running is joined rather than reported as a failure. */
  async function start(input: VerbInput<'discovery:start'> = {}): Promise<void> {
    if (running.value) return;
    starting.value = true;
    error.value = null;
    try {
      const { scanId } = await bridge.api['discovery:start'](input);
      if (progress.value?.scanId !== scanId) {
        awaitingScanId.value = scanId;
        awaitingWatch.value = input.watch === true;
      }
    } catch (err) {
      const e = toUiError(err);
      if (e.code === 'SCAN_IN_PROGRESS') await loadStatus();
      else error.value = { action: 'start', error: e };
    } finally {
      starting.value = false;
    }
  }

  /** Starts watching: sweeps repeat until stopped, and each device is judged online or offline. */
  async function startWatch(): Promise<void> {
    if (running.value) return;
    startingWatch.value = true;
    try {
      await start({ watch: true });
    } finally {
      startingWatch.value = false;
    }
  }

  /** The Watch toggle: starts a watch when idle, stops the watch when one runs. */
  async function toggleWatch(): Promise<void> {
    if (watching.value) await stop();
    else await startWatch();
  }

  async function stop(): Promise<void> {
    if (!running.value || stopping.value) return;
    stopping.value = true;
    try {
      await bridge.api['discovery:stop']();
      awaitingScanId.value = null;
      await loadStatus();
    } catch (err) {
      error.value = { action: 'stop', error: toUiError(err) };
    } finally {
      stopping.value = false;
    }
  }

  function dismissError(): void {
    error.value = null;
  }

  return {
    progress,
    starting,
    stopping,
    awaitingScanId,
    error,
    running,
    watching,
    fraction,
    failedInterfaces,
    accept,
    subscribe,
    unsubscribe: unsubscribeAll,
    loadStatus,
    start,
    startWatch,
    toggleWatch,
    stop,
    dismissError,
  };
});
