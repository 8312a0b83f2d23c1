/**
 * What the preload exposes on `window.custodian`: one named function per verb and one subscriber
 * per event, nothing generic (no `invoke(channel)`, no `ipcRenderer`). Calls resolve to an
 * Envelope rather than throwing, because errors thrown across contextBridge lose their code.
 */
import type { Envelope, EventName, EventPayloads, Verb, VerbInput, VerbResult } from './contract';

type Call<V extends Verb> = (input: VerbInput<V>) => Promise<Envelope<VerbResult<V>>>;
type Subscribe<E extends EventName> = (listener: (payload: EventPayloads[E]) => void) => () => void;

export interface PreloadApi {
  appInfo: Call<'app:info'>;
  netInterfaces: Call<'net:interfaces'>;
  discoveryStart: Call<'discovery:start'>;
  discoveryStop: Call<'discovery:stop'>;
  discoveryStatus: Call<'discovery:status'>;
  devicesList: Call<'devices:list'>;
  deviceGet: Call<'device:get'>;
  discoveryDiagnostics: Call<'discovery:diagnostics'>;
  deviceAddManual: Call<'device:addManual'>;
  deviceAddRange: Call<'device:addRange'>;
  deviceCancelRange: Call<'device:cancelRange'>;
  deviceCapabilities: Call<'device:capabilities'>;
  deviceLogin: Call<'device:login'>;
  deviceForget: Call<'device:forget'>;
  deviceChangePassword: Call<'device:changePassword'>;
  flowActivate: Call<'flow:activate'>;
  flowSetupRecovery: Call<'flow:setupRecovery'>;
  flowRecover: Call<'flow:recover'>;
  flowSubmit: Call<'flow:submit'>;
  flowCancel: Call<'flow:cancel'>;
  flowGet: Call<'flow:get'>;
  flowsList: Call<'flows:list'>;
  onDiscoveryProgress: Subscribe<'discovery:progress'>;
  onDevicesChanged: Subscribe<'devices:changed'>;
  onFlowChanged: Subscribe<'flow:changed'>;
  onRangeProgress: Subscribe<'device:rangeProgress'>;
}

/** Verb -> preload function name. Typed so a new verb without a preload function fails to build. */
export const PRELOAD_VERBS = {
  'app:info': 'appInfo',
  'net:interfaces': 'netInterfaces',
  'discovery:start': 'discoveryStart',
  'discovery:stop': 'discoveryStop',
  'discovery:status': 'discoveryStatus',
  'devices:list': 'devicesList',
  'device:get': 'deviceGet',
  'discovery:diagnostics': 'discoveryDiagnostics',
  'device:addManual': 'deviceAddManual',
  'device:addRange': 'deviceAddRange',
  'device:cancelRange': 'deviceCancelRange',
  'device:capabilities': 'deviceCapabilities',
  'device:login': 'deviceLogin',
  'device:forget': 'deviceForget',
  'device:changePassword': 'deviceChangePassword',
  'flow:activate': 'flowActivate',
  'flow:setupRecovery': 'flowSetupRecovery',
  'flow:recover': 'flowRecover',
  'flow:submit': 'flowSubmit',
  'flow:cancel': 'flowCancel',
  'flow:get': 'flowGet',
  'flows:list': 'flowsList',
} as const satisfies { [V in Verb]: keyof PreloadApi };

export const PRELOAD_EVENTS = {
  'discovery:progress': 'onDiscoveryProgress',
  'devices:changed': 'onDevicesChanged',
  'flow:changed': 'onFlowChanged',
  'device:rangeProgress': 'onRangeProgress',
} as const satisfies { [E in EventName]: keyof PreloadApi };

/** The IPC channel an event is sent on (verbs use their own name as the channel). */
export function eventChannel(event: EventName): string {
  return `event:${event}`;
}

/** The global the preload defines in the renderer. */
export const PRELOAD_GLOBAL = 'custodian';

/** WebSocket host wire messages. */
export type HostRequest = { id: number; verb: string; input?: unknown };
export type HostMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: import('./errors').ApiErrorPayload }
  | { event: EventName; payload: unknown };
