/**
 * The WebSocket transport, for the browser mode (`npm run web`, e2e, a remote UI): requests carry a
 * numeric id and are answered by id; events are pushed as `{ event, payload }`. A dropped socket is
 * retried with back-off; calls in flight when it drops reject with TRANSPORT_CLOSED rather than
 * hanging, because a stalled "Scan" button is worse than an error a person can read.
 */
import {
  CustodianError,
  EVENT_NAMES,
  fromErrorPayload,
  type ApiErrorPayload,
  type ErrorCode,
  type EventListener,
  type EventName,
  type EventPayloads,
  type HostRequest,
  type Verb,
  type VerbInput,
  type VerbResult,
} from '../contract';
import { ListenerSet, apiFromCall, type Bridge, type ConnectionState } from './types';

/** The part of the DOM WebSocket this transport uses: tests pass a fake with the same shape. */
export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketCtor = new (url: string) => WebSocketLike;

export interface WsBridgeOptions {
  /** Full socket address, token included. */
  url: string;
  hasToken: boolean;
  WebSocket: WebSocketCtor;
  /**
   * Whether the host's HTTP side answers. A browser reports a refused upgrade (401/403) exactly like
   * a host that is down, so this is how a stale or missing token is told apart from a lost engine.
   */
  isHostUp?: () => Promise<boolean>;
  /** Waits between reconnect attempts; the last one repeats. */
  backoffMs?: readonly number[];
  /** A call with no answer by then rejects with TIMEOUT. */
  callTimeoutMs?: number;
}

export const DEFAULT_BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10_000] as const;
const DEFAULT_CALL_TIMEOUT_MS = 60_000;

interface Pending {
  verb: Verb;
  resolve(value: unknown): void;
  reject(err: CustodianError): void;
  timer: ReturnType<typeof setTimeout>;
}

function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}

/** Opens the socket at once and keeps it open until `close()`. */
export function createWsBridge(options: WsBridgeOptions): Bridge {
  const backoff = options.backoffMs?.length ? options.backoffMs : DEFAULT_BACKOFF_MS;
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const events = new Map<EventName, ListenerSet<unknown>>();
  const connectionListeners = new ListenerSet<ConnectionState>();
  const pending = new Map<number, Pending>();
  /** Requests made while the socket is still opening, sent on open. */
  let queue: string[] = [];
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let state: ConnectionState = { status: 'connecting', attempt: 1 };
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closedByUser = false;
  /** Set once the host answered HTTP but refused the socket: the token is wrong, not the link. */
  let refusedByHost = false;

  function setState(next: ConnectionState): void {
    state = next;
    connectionListeners.emit(next);
  }

  function failPending(code: ErrorCode, detail = ''): void {
    const all = [...pending.values()];
    pending.clear();
    queue = [];
    for (const p of all) {
      clearTimeout(p.timer);
      p.reject(new CustodianError(code, detail));
    }
  }

  function connect(): void {
    retryTimer = null;
    attempt += 1;
    setState({ status: 'connecting', attempt });
    let opened = false;
    let ws: WebSocketLike;
    try {
      ws = new options.WebSocket(options.url);
    } catch {
      // A malformed URL or a CSP refusal throws synchronously: treat it like a drop.
      scheduleRetry(false);
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      opened = true;
      attempt = 0;
      refusedByHost = false;
      setState({ status: 'open' });
      const toSend = queue;
      queue = [];
      for (const text of toSend) ws.send(text);
    };
    ws.onmessage = (ev) => {
      if (socket === ws) receive(ev.data);
    };
    ws.onerror = () => {
      // Always followed by close; the close handler does the work.
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failPending('TRANSPORT_CLOSED');
      if (!closedByUser) scheduleRetry(opened);
    };
  }

  function scheduleRetry(wasOpen: boolean): void {
    const delay = backoff[Math.min(Math.max(attempt, 1) - 1, backoff.length - 1)] ?? 10_000;
    const failedAttempt = attempt;
    const refused = !wasOpen && (!options.hasToken || refusedByHost);
    const code: ErrorCode = refused ? 'HOST_UNAUTHORIZED' : 'TRANSPORT_CLOSED';
    setState({ status: 'closed', code, attempt: failedAttempt, retryInMs: delay });
    retryTimer = setTimeout(connect, delay);
    if (!wasOpen && !refused && options.isHostUp) {
      void options.isHostUp().then(
        (up) => {
          if (!up) return;
          refusedByHost = true;
          if (state.status === 'closed' && state.attempt === failedAttempt) {
            setState({ ...state, code: 'HOST_UNAUTHORIZED' });
          }
        },
        () => {},
      );
    }
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      return; // Not ours to crash on: a garbled frame is dropped.
    }
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as Record<string, unknown>;
    if (isEventName(m.event)) {
      events.get(m.event)?.emit(m.payload);
      return;
    }
    if (typeof m.id !== 'number') return;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok === true) p.resolve(m.value);
    else p.reject(fromErrorPayload((m.error ?? { code: 'INTERNAL' }) as ApiErrorPayload));
  }

  function call<V extends Verb>(verb: V, input: VerbInput<V>): Promise<VerbResult<V>> {
    if (state.status === 'closed') {
      return Promise.reject(new CustodianError('TRANSPORT_CLOSED'));
    }
    const id = nextId++;
    const request: HostRequest = { id, verb, input };
    let text: string;
    try {
      text = JSON.stringify(request);
    } catch {
      return Promise.reject(new CustodianError('INVALID_INPUT', 'not serializable'));
    }
    return new Promise<VerbResult<V>>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        queue = queue.filter((t) => t !== text);
        reject(new CustodianError('TIMEOUT', verb));
      }, callTimeoutMs);
      pending.set(id, { verb, resolve: resolve as (v: unknown) => void, reject, timer });
      if (state.status === 'open' && socket) socket.send(text);
      else queue.push(text);
    });
  }

  connect();

  return {
    transport: 'websocket',
    api: apiFromCall(call),
    call,
    on<E extends EventName>(event: E, listener: EventListener<E>) {
      let set = events.get(event);
      if (!set) events.set(event, (set = new ListenerSet<unknown>()));
      return set.add((payload) => listener(payload as EventPayloads[E]));
    },
    connection: () => state,
    onConnection: (listener) => connectionListeners.add(listener),
    reconnectNow() {
      if (closedByUser || state.status !== 'closed' || retryTimer === null) return;
      clearTimeout(retryTimer);
      connect();
    },
    close() {
      closedByUser = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      const ws = socket;
      socket = null;
      ws?.close(1000, 'closed by the renderer');
      failPending('TRANSPORT_CLOSED');
      setState({ status: 'closed', code: 'TRANSPORT_CLOSED', attempt, retryInMs: null });
    },
  };
}
