/**
 * An in-memory stand-in for Electron's ipcMain / ipcRenderer pair, so the real `registerIpc` and
 * the real preload bridge are exercised in plain Node. It models what the security checks and the
 * contract depend on:
 * - `handle` allows one handler per channel; `invoke` with none rejects like Electron does;
 * - arguments and results cross by `structuredClone` (functions, class identity and prototypes are
 *   lost; unclonable values reject), and a handler's throw reaches the caller as a plain Error;
 * - every invoke carries its `sender` WebContents and `senderFrame` (main frame or a subframe);
 * - `webContents.send` reaches only the main frame's listeners, asynchronously and in order, with
 *   an Electron-like event object as the first listener argument.
 */
import type { FrameLike, IpcMainLike, InvokeEventLike, WebContentsLike } from '../ipc';
import type { IpcRendererLike } from '../../preload/api';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => unknown;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

/** A frame in a fake window: the main frame has no parent. */
export interface FakeFrame extends FrameLike {
  url: string;
  readonly parent: FakeFrame | null;
}

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What Electron does when a renderer invokes `channel` from `frame` of `sender`. */
  async receive(sender: FakeWebContents, frame: FakeFrame, channel: string, args: unknown[]) {
    const handler = this.handlers.get(channel);
    if (!handler) {
      throw new Error(
        `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
      );
    }
    // A destroyed or navigated-away frame is reported as null, as Electron does.
    const senderFrame = sender.isDestroyed() ? null : frame;
    try {
      return structuredClone(await handler({ sender, senderFrame }, ...args));
    } catch (err) {
      throw new Error(`Error invoking remote method '${channel}': ${String(err)}`);
    }
  }
}

/** The renderer side of one frame. */
export class FakeIpcRenderer implements IpcRendererLike {
  readonly #listeners = new Map<string, RendererListener[]>();

  constructor(
    private readonly contents: FakeWebContents,
    readonly frame: FakeFrame,
  ) {}

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const cloned = structuredClone(args); // throws DataCloneError -> rejection, like Electron
    await Promise.resolve(); // crossing the process boundary is never synchronous
    return this.contents.ipcMain.receive(this.contents, this.frame, channel, cloned);
  }

  on(channel: string, listener: RendererListener): this {
    this.#listeners.set(channel, [...(this.#listeners.get(channel) ?? []), listener]);
    return this;
  }

  removeListener(channel: string, listener: RendererListener): this {
    const list = this.#listeners.get(channel) ?? [];
    const at = list.indexOf(listener);
    if (at >= 0) list.splice(at, 1);
    return this;
  }

  /** How many listeners a channel has (to prove unsubscribe works). */
  listenerCount(channel: string): number {
    return this.#listeners.get(channel)?.length ?? 0;
  }

  /** Delivery from main: the event object is Electron-like and must never reach the page. */
  deliver(channel: string, args: unknown[]): void {
    const event = { sender: this, senderId: 0, ports: [] };
    for (const listener of [...(this.#listeners.get(channel) ?? [])]) listener(event, ...args);
  }
}

let nextId = 1;

export class FakeWebContents implements WebContentsLike {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame;
  readonly renderer: FakeIpcRenderer;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  #destroyed = false;

  constructor(
    readonly ipcMain: FakeIpcMain,
    url: string,
  ) {
    this.mainFrame = { url, parent: null };
    this.renderer = new FakeIpcRenderer(this, this.mainFrame);
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.#destroyed) throw new Error('Object has been destroyed');
    const cloned = structuredClone(args);
    this.sent.push({ channel, args: cloned });
    setImmediate(() => {
      if (!this.#destroyed) this.renderer.deliver(channel, cloned);
    });
  }

  /** A child frame (an iframe) with its own ipcRenderer, e.g. injected third-party content. */
  addSubframe(url: string): FakeIpcRenderer {
    return new FakeIpcRenderer(this, { url, parent: this.mainFrame });
  }

  /** The main frame now shows another page (the preload would run again there). */
  navigate(url: string): void {
    this.mainFrame.url = url;
  }

  destroy(): void {
    this.#destroyed = true;
  }
}

/** One fake main process with any number of windows. */
export interface FakeIpc {
  ipcMain: FakeIpcMain;
  /** Opens a window showing `url`; its `renderer` is the main frame's ipcRenderer. */
  openWindow(url: string): FakeWebContents;
}

/** Creates the fake pair. */
export function createFakeIpc(): FakeIpc {
  const ipcMain = new FakeIpcMain();
  return { ipcMain, openWindow: (url) => new FakeWebContents(ipcMain, url) };
}

/** Resolves after every queued `webContents.send` delivery has run. */
export function flushIpc(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
