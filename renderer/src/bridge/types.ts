/**
 * What the rest of the renderer sees of the engine: the contract's verbs as an async API, its
 * events as subscriptions, and the state of the link. Both transports (Electron preload and the
 * WebSocket host) implement this one interface, so no component or store knows which is in use.
 */
import {
  VERBS,
  type CustodianApi,
  type ErrorCode,
  type EventListener,
  type EventName,
  type Verb,
  type VerbInput,
  type VerbResult,
} from '../contract';

/** The link to the engine. `closed` carries the error code a person should read. */
export type ConnectionState =
  | { status: 'connecting'; attempt: number }
  | { status: 'open' }
  | { status: 'closed'; code: ErrorCode; attempt: number; retryInMs: number | null };

export type Unsubscribe = () => void;

export interface Bridge {
  readonly transport: 'ipc' | 'websocket';
  /** Every verb of the contract: `api['discovery:start']({ durationMs: 5000 })`. */
  readonly api: CustodianApi;
  /** The same, for generic callers. Rejects with CustodianError only. */
  call<V extends Verb>(verb: V, input: VerbInput<V>): Promise<VerbResult<V>>;
  on<E extends EventName>(event: E, listener: EventListener<E>): Unsubscribe;
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): Unsubscribe;
  /** Skips the back-off wait and tries to reconnect at once (no-op where there is nothing to do). */
  reconnectNow(): void;
  close(): void;
}

type Call = <V extends Verb>(verb: V, input: VerbInput<V>) => Promise<VerbResult<V>>;

/** Builds the verb-keyed API object from one generic `call`, so both transports share it. */
export function apiFromCall(call: Call): CustodianApi {
  const api: Partial<Record<Verb, (input: never) => Promise<unknown>>> = {};
  for (const verb of VERBS) api[verb] = (input: never) => call(verb, input);
  return api as CustodianApi;
}

/**
 * A set of listeners per key where one listener that throws does not starve the others: an event
 * handler bug in one component must not stop the device table from updating.
 */
export class ListenerSet<T> {
  private readonly listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        console.error('custodian: listener failed', err);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
