/**
 * The Electron transport: `window.custodian` from the preload, one named function per verb that
 * resolves to an Envelope (errors thrown across contextBridge lose their class and code, so the
 * preload never throws; this side turns a failed Envelope back into a CustodianError).
 */
import {
  CustodianError,
  PRELOAD_EVENTS,
  PRELOAD_VERBS,
  fromErrorPayload,
  type Envelope,
  type EventListener,
  type EventName,
  type PreloadApi,
  type Verb,
  type VerbInput,
  type VerbResult,
} from '../contract';
import { apiFromCall, type Bridge, type ConnectionState } from './types';

type AnyCall = (input: unknown) => Promise<Envelope<unknown>>;
type AnySubscribe = (listener: (payload: unknown) => void) => () => void;

/** Wraps the preload global. IPC has no connection to lose: the state is always `open`. */
export function createPreloadBridge(preload: PreloadApi): Bridge {
  const open: ConnectionState = { status: 'open' };

  async function call<V extends Verb>(verb: V, input: VerbInput<V>): Promise<VerbResult<V>> {
    // PRELOAD_VERBS is checked against PreloadApi in the contract; the index is sound.
    const fn = preload[PRELOAD_VERBS[verb]] as unknown as AnyCall | undefined;
    if (typeof fn !== 'function') throw new CustodianError('UNKNOWN_VERB', verb);
    let envelope: Envelope<unknown>;
    try {
      envelope = await fn(input);
    } catch (err) {
      throw new CustodianError('INTERNAL', `${verb} failed in IPC`, { cause: err });
    }
    if (!envelope || typeof envelope !== 'object') {
      throw new CustodianError('INTERNAL', `${verb} returned no envelope`);
    }
    if (envelope.ok) return envelope.value as VerbResult<V>;
    throw fromErrorPayload(envelope.error);
  }

  return {
    transport: 'ipc',
    api: apiFromCall(call),
    call,
    on<E extends EventName>(event: E, listener: EventListener<E>) {
      const subscribe = preload[PRELOAD_EVENTS[event]] as unknown as AnySubscribe;
      return subscribe((payload) => listener(payload as Parameters<EventListener<E>>[0]));
    },
    connection: () => open,
    onConnection: () => () => {},
    reconnectNow: () => {},
    close: () => {},
  };
}
