/**
 * The bridge object the preload exposes as `window.custodian`: one named function per verb and one
 * subscriber per event, nothing generic. `ipcRenderer` is injected so the real functions run
 * against the in-memory fake in tests; `index.ts` passes Electron's.
 */
import type {
  Envelope,
  EventName,
  EventPayloads,
  Verb,
  VerbInput,
  VerbResult,
} from '../shared/contract';
import { CustodianError } from '../shared/errors';
import { eventChannel, type PreloadApi } from '../shared/preload-api';

/** Electron passes its own event object first; the page must never see it (it holds `sender`). */
type RawListener = (event: unknown, ...args: unknown[]) => void;

/** The parts of `ipcRenderer` the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: RawListener): unknown;
  removeListener(channel: string, listener: RawListener): unknown;
}

/**
 * Builds the bridge. Calls resolve to the Envelope main returned; if the IPC itself fails (no
 * handler, unclonable input) they resolve to an INTERNAL error Envelope rather than rejecting,
 * because errors crossing contextBridge lose their code.
 */
export function buildPreloadApi(ipc: IpcRendererLike): PreloadApi {
  async function call<V extends Verb>(
    verb: V,
    input: VerbInput<V>,
  ): Promise<Envelope<VerbResult<V>>> {
    try {
      return (await ipc.invoke(verb, input)) as Envelope<VerbResult<V>>;
    } catch {
      return {
        ok: false,
        error: new CustodianError('INTERNAL', `ipc call ${verb} failed`).toPayload(),
      };
    }
  }

  function subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayloads[E]) => void,
  ): () => void {
    const channel = eventChannel(event);
    const wrapped: RawListener = (_event, payload) => listener(payload as EventPayloads[E]);
    ipc.on(channel, wrapped);
    return () => {
      ipc.removeListener(channel, wrapped);
    };
  }

  return {
    appInfo: (input) => call('app:info', input),
    netInterfaces: (input) => call('net:interfaces', input),
    discoveryStart: (input) => call('discovery:start', input),
    discoveryStop: (input) => call('discovery:stop', input),
    discoveryStatus: (input) => call('discovery:status', input),
    devicesList: (input) => call('devices:list', input),
    deviceGet: (input) => call('device:get', input),
    discoveryDiagnostics: (input) => call('discovery:diagnostics', input),
    deviceAddManual: (input) => call('device:addManual', input),
    deviceAddRange: (input) => call('device:addRange', input),
    deviceCancelRange: (input) => call('device:cancelRange', input),
    deviceCapabilities: (input) => call('device:capabilities', input),
    deviceLogin: (input) => call('device:login', input),
    deviceForget: (input) => call('device:forget', input),
    deviceChangePassword: (input) => call('device:changePassword', input),
    flowActivate: (input) => call('flow:activate', input),
    flowSetupRecovery: (input) => call('flow:setupRecovery', input),
    flowRecover: (input) => call('flow:recover', input),
    flowSubmit: (input) => call('flow:submit', input),
    flowCancel: (input) => call('flow:cancel', input),
    flowGet: (input) => call('flow:get', input),
    flowsList: (input) => call('flows:list', input),
    onDiscoveryProgress: (listener) => subscribe('discovery:progress', listener),
    onDevicesChanged: (listener) => subscribe('devices:changed', listener),
    onFlowChanged: (listener) => subscribe('flow:changed', listener),
    onRangeProgress: (listener) => subscribe('device:rangeProgress', listener),
  };
}
