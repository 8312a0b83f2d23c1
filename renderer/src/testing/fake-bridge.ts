/**
 * An in-memory Bridge for store tests: each verb answers from a handler the test sets, events are
 * emitted by the test, and every call is recorded.
 */
import {
  CustodianError,
  type EventName,
  type EventPayloads,
  type Verb,
  type VerbInput,
  type VerbResult,
} from '../contract';
import { ListenerSet, apiFromCall, type Bridge, type ConnectionState } from '../bridge/types';

type Handlers = { [V in Verb]?: (input: VerbInput<V>) => VerbResult<V> | Promise<VerbResult<V>> };

export interface FakeBridge extends Bridge {
  handlers: Handlers;
  calls: { verb: Verb; input: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  setConnection(state: ConnectionState): void;
}

export function createFakeBridge(handlers: Handlers = {}): FakeBridge {
  const events = new Map<EventName, ListenerSet<unknown>>();
  const conn = new ListenerSet<ConnectionState>();
  let state: ConnectionState = { status: 'open' };
  const calls: { verb: Verb; input: unknown }[] = [];

  async function call<V extends Verb>(verb: V, input: VerbInput<V>): Promise<VerbResult<V>> {
    calls.push({ verb, input });
    const handler = bridge.handlers[verb] as
      ((i: VerbInput<V>) => VerbResult<V> | Promise<VerbResult<V>>) | undefined;
    if (!handler) throw new CustodianError('UNKNOWN_VERB', verb);
    return handler(input);
  }

  const bridge: FakeBridge = {
    transport: 'websocket',
    handlers,
    calls,
    api: apiFromCall(call),
    call,
    on(event, listener) {
      let set = events.get(event);
      if (!set) events.set(event, (set = new ListenerSet<unknown>()));
      return set.add(listener as (p: unknown) => void);
    },
    emit(event, payload) {
      events.get(event)?.emit(payload);
    },
    connection: () => state,
    onConnection: (listener) => conn.add(listener),
    setConnection(next) {
      state = next;
      conn.emit(next);
    },
    reconnectNow: () => {},
    close: () => {},
  };
  return bridge;
}
