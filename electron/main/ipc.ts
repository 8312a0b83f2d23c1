/**
 * The Electron transport of the contract. Every Electron object is injected (structural types,
 * `electron` is never imported) so the real registration runs against the in-memory fake in
 * `testing/fake-ipc.ts` in plain Node; `index.ts` passes the real `ipcMain` and windows.
 */
import {
  EVENT_NAMES,
  VERBS,
  type CustodianApi,
  type Envelope,
  type EventName,
  type EventPayloads,
  type EventSource,
} from '../shared/contract';
import { CustodianError, toErrorPayload } from '../shared/errors';
import { eventChannel } from '../shared/preload-api';
import { isOwnUrl, judgeSender, type OriginPolicy, type SenderVerdict } from './sender-policy';

/** The parts of a `WebFrameMain` the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/** The parts of a `WebContents` this module uses. */
export interface WebContentsLike {
  readonly id: number;
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

/** The parts of an `IpcMainInvokeEvent` the sender check reads. */
export interface InvokeEventLike {
  readonly sender: WebContentsLike;
  readonly senderFrame: FrameLike | null;
}

/** The parts of `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The WebContents of every window this app created and still has open. */
export type KnownWindows = () => Iterable<WebContentsLike>;

/** The engine's single validating entry point (electron/core/api/dispatch.ts). */
export type DispatchFn = (
  api: CustodianApi,
  verb: unknown,
  input: unknown,
  meta: { transport: 'ipc' | 'websocket' },
) => Promise<Envelope<unknown>>;

export interface RegisterIpcOptions {
  ipcMain: IpcMainLike;
  windows: KnownWindows;
  dispatch: DispatchFn;
  api: CustodianApi;
  policy: OriginPolicy;
  /** Told about every refused sender (defaults to a console warning). */
  onDenied?: (verb: string, verdict: Exclude<SenderVerdict, { allowed: true }>) => void;
}

function isKnown(sender: WebContentsLike, windows: KnownWindows): boolean {
  for (const contents of windows()) if (contents.id === sender.id) return true;
  return false;
}

/** Reduces an invoke event to the facts `judgeSender` decides on. */
export function senderVerdict(
  event: InvokeEventLike,
  windows: KnownWindows,
  policy: OriginPolicy,
): SenderVerdict {
  const frame = event.senderFrame;
  return judgeSender(
    {
      fromKnownWindow: isKnown(event.sender, windows),
      frame: frame ? { url: frame.url, isTop: frame.parent === null } : null,
    },
    policy,
  );
}

function denied(): Envelope<never> {
  return { ok: false, error: new CustodianError('SENDER_DENIED').toPayload() };
}

/**
 * The one `handle()` wrapper: registers every contract verb on `ipcMain`. Each call checks the
 * sender, then hands the raw payload to `dispatch` (verb, size and schema checks live there, shared
 * with the WebSocket host). It always resolves to an Envelope: a thrown error would reach the
 * renderer as a bare string and lose its code. Returns a function that unregisters all verbs.
 */
export function registerIpc(options: RegisterIpcOptions): () => void {
  const { ipcMain, windows, dispatch, api, policy } = options;
  const onDenied =
    options.onDenied ??
    ((verb, verdict) => console.warn(`[ipc] refused ${verb}: ${verdict.reason}`));
  for (const verb of VERBS) {
    ipcMain.handle(verb, async (event, input) => {
      const verdict = senderVerdict(event, windows, policy);
      if (!verdict.allowed) {
        onDenied(verb, verdict);
        return denied();
      }
      try {
        return await dispatch(api, verb, input, { transport: 'ipc' });
      } catch (err) {
        return { ok: false, error: toErrorPayload(err) } satisfies Envelope<never>;
      }
    });
  }
  return () => {
    for (const verb of VERBS) ipcMain.removeHandler(verb);
  };
}

export interface ForwardEventsOptions {
  source: EventSource;
  windows: KnownWindows;
  policy: OriginPolicy;
}

/**
 * Relays engine events to every known window whose page is still ours (device data must not be
 * pushed into a page that somehow left our origin). Returns a function that stops relaying.
 */
export function forwardEvents(options: ForwardEventsOptions): () => void {
  const { source, windows, policy } = options;
  const relay = <E extends EventName>(event: E): (() => void) =>
    source.on(event, (payload: EventPayloads[E]) => {
      const channel = eventChannel(event);
      for (const contents of windows()) {
        if (contents.isDestroyed() || !isOwnUrl(contents.getURL(), policy)) continue;
        try {
          contents.send(channel, payload);
        } catch (err) {
          console.warn(`[ipc] could not send ${channel}:`, err);
        }
      }
    });
  const stops = EVENT_NAMES.map((event) => relay(event));
  return () => stops.forEach((stop) => stop());
}
