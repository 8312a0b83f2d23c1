/**
 * The app shell's state: AppInfo, the link to the engine, and start-up: subscribe, load, and scan
 * once on an empty inventory (an installer opening the app expects to see devices, not a button).
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AppInfo } from '../contract';
import { useBridge, type ConnectionState, type Unsubscribe } from '../bridge';
import { toUiError, type UiError } from '../i18n/error-text';
import { useDevicesStore } from './devices';
import { useFlowsStore } from './flows';
import { useScanStore } from './scan';

type ClosedState = Extract<ConnectionState, { status: 'closed' }>;

export const useAppStore = defineStore('app', () => {
  const bridge = useBridge();
  const devices = useDevicesStore();
  const scan = useScanStore();
  const flows = useFlowsStore();
  const info = ref<AppInfo | null>(null);
  const connection = shallowRef<ConnectionState>(bridge.connection());
  /** The last drop, kept while reconnecting so the banner does not flicker between attempts. */
  const lastClosed = shallowRef<ClosedState | null>(null);
  const error = ref<UiError | null>(null);
  const started = ref(false);
  const autoScanDone = ref(false);
  /** Set by a drop: events sent while the link was down are lost, so re-sync on the next open. */
  let needsResync = false;
  let offConnection: Unsubscribe | null = null;

  const online = computed(() => connection.value.status === 'open');

  async function loadInfo(): Promise<void> {
    try {
      info.value = await bridge.api['app:info']();
      error.value = null;
    } catch (err) {
      error.value = toUiError(err);
    }
  }

  /** Loads everything the screen shows; used at start and after every reconnect. */
  async function refresh(): Promise<void> {
    // Flows too: an activation or a recovery left open before a reload is picked up again.
    await Promise.all([loadInfo(), devices.load(), scan.loadStatus(), flows.load()]);
    if (!autoScanDone.value && devices.loaded && bridge.connection().status === 'open') {
      autoScanDone.value = true;
      if (devices.total === 0 && !scan.running) await scan.start();
    }
  }

  function onConnection(next: ConnectionState): void {
    connection.value = next;
    if (next.status === 'closed') {
      lastClosed.value = next;
      needsResync = true;
    }
    if (next.status === 'open') {
      lastClosed.value = null;
      if (needsResync && started.value) {
        needsResync = false;
        void refresh();
      }
    }
  }

  /** Subscribes to everything and loads the first screen. Safe to call twice. */
  async function start(): Promise<void> {
    if (started.value) return;
    started.value = true;
    offConnection = bridge.onConnection(onConnection);
    devices.subscribe();
    scan.subscribe();
    flows.subscribe();
    // A socket still opening queues these calls; one that fails is retried by onConnection.
    await refresh();
  }

  function stop(): void {
    offConnection?.();
    offConnection = null;
    devices.unsubscribe();
    scan.unsubscribe();
    flows.unsubscribe();
    started.value = false;
  }

  function reconnectNow(): void {
    bridge.reconnectNow();
  }

  return {
    info,
    connection,
    lastClosed,
    error,
    online,
    started,
    autoScanDone,
    start,
    stop,
    refresh,
    reconnectNow,
  };
});
