/**
 * Connects an engine to a renderer-side bridge through the real `registerIpc`, the real preload
 * `buildPreloadApi` and the fake IPC pair: what the app does, minus Electron. Contract tests run
 * the same cases through this and through the WebSocket host.
 */
import { dispatch as realDispatch } from '../../core/api/dispatch';
import {
  isVerb,
  type CustodianApi,
  type Envelope,
  type EventName,
  type EventPayloads,
  type EventSource,
} from '../../shared/contract';
import { CustodianError } from '../../shared/errors';
import { PRELOAD_EVENTS, PRELOAD_VERBS, type PreloadApi } from '../../shared/preload-api';
import type { TransportClient } from '../../testing/contract-cases';
import { buildPreloadApi } from '../../preload/api';
import { forwardEvents, registerIpc, type DispatchFn } from '../ipc';
import { APP_ENTRY_URL, type OriginPolicy } from '../sender-policy';
import { createFakeIpc, type FakeIpc, type FakeWebContents } from './fake-ipc';

export interface IpcHarnessOptions {
  api: CustodianApi;
  /** Engine events to relay (optional: verbs-only tests need none). */
  events?: EventSource;
  dispatch?: DispatchFn;
  policy?: OriginPolicy;
  /** The page the window shows; our production origin by default. */
  url?: string;
}

export interface IpcHarness {
  /** `window.custodian` as the page sees it. */
  bridge: PreloadApi;
  /** The shared contract-case client (electron/testing/contract-cases.ts) over this bridge. */
  client: TransportClient;
  /** The known window (navigate it, add subframes, destroy it). */
  window: FakeWebContents;
  fake: FakeIpc;
  /** Unregisters the handlers and stops relaying events. */
  close(): void;
}

/** Wires one known window to `api` over the fake IPC. */
export function connectOverFakeIpc(options: IpcHarnessOptions): IpcHarness {
  const fake = createFakeIpc();
  const policy = options.policy ?? {};
  const window = fake.openWindow(options.url ?? APP_ENTRY_URL);
  const windows = () => (window.isDestroyed() ? [] : [window]);
  const unregister = registerIpc({
    ipcMain: fake.ipcMain,
    windows,
    dispatch: options.dispatch ?? realDispatch,
    api: options.api,
    policy,
    onDenied: () => {},
  });
  const stopEvents = options.events
    ? forwardEvents({ source: options.events, windows, policy })
    : () => {};
  const bridge = buildPreloadApi(window.renderer);
  return {
    bridge,
    client: bridgeClient(bridge, window),
    window,
    fake,
    close() {
      unregister();
      stopEvents();
    },
  };
}

/**
 * A contract-case client over the bridge. Known verbs go through the real preload function with
 * the raw input (so hostile shapes reach the real handler and dispatch). An unknown verb has no
 * preload function; it is sent as a raw `ipcRenderer.invoke` (what a compromised preload could do),
 * which Electron rejects for want of a handler: reported as UNKNOWN_VERB, the same outcome the
 * WebSocket host gives.
 */
export function bridgeClient(bridge: PreloadApi, window: FakeWebContents): TransportClient {
  const loose = bridge as unknown as Record<string, (input: unknown) => Promise<Envelope<unknown>>>;
  return {
    async call(verb, input) {
      if (isVerb(verb)) return loose[PRELOAD_VERBS[verb]]!(input);
      try {
        return (await window.renderer.invoke(String(verb), input)) as Envelope<unknown>;
      } catch {
        return { ok: false, error: new CustodianError('UNKNOWN_VERB', String(verb)).toPayload() };
      }
    },
    waitForEvent<E extends EventName>(event: E, match: (p: EventPayloads[E]) => boolean) {
      const subscribe = bridge[PRELOAD_EVENTS[event]] as (
        listener: (payload: EventPayloads[E]) => void,
      ) => () => void;
      return new Promise<EventPayloads[E]>((resolve) => {
        const stop = subscribe((payload) => {
          if (!match(payload)) return;
          stop();
          resolve(payload);
        });
      });
    },
  };
}
