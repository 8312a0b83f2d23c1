import { describe, expect, it, vi } from 'vitest';
import {
  VERBS,
  type CustodianApi,
  type Envelope,
  type EventListener,
  type EventName,
  type EventPayloads,
  type EventSource,
} from '../shared/contract';
import { eventChannel } from '../shared/preload-api';
import { buildPreloadApi } from '../preload/api';
import { forwardEvents, registerIpc, type DispatchFn } from './ipc';
import { APP_ENTRY_URL } from './sender-policy';
import { createFakeIpc, flushIpc, type FakeWebContents } from './testing/fake-ipc';

class FakeEvents implements EventSource {
  readonly #listeners = new Map<EventName, Set<(p: unknown) => void>>();
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, set);
    set.add(listener as (p: unknown) => void);
    return () => set.delete(listener as (p: unknown) => void);
  }
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const l of this.#listeners.get(event) ?? []) l(payload);
  }
}

const api = {} as CustodianApi; // dispatch is stubbed: the api is only passed through
const ok: Envelope<unknown> = { ok: true, value: { answered: true } };

function setup(options: { dispatch?: DispatchFn; devUrl?: string } = {}) {
  const fake = createFakeIpc();
  const win = fake.openWindow(APP_ENTRY_URL);
  const known = new Set<FakeWebContents>([win]);
  const dispatch = vi.fn<DispatchFn>(options.dispatch ?? (async () => ok));
  const denied = vi.fn();
  const windows = () => [...known].filter((w) => !w.isDestroyed());
  const policy = { devUrl: options.devUrl };
  const dispose = registerIpc({
    ipcMain: fake.ipcMain,
    windows,
    dispatch,
    api,
    policy,
    onDenied: denied,
  });
  return {
    fake,
    win,
    known,
    dispatch,
    denied,
    windows,
    policy,
    dispose,
    bridge: buildPreloadApi(win.renderer),
  };
}

function code(env: Envelope<unknown>): string | undefined {
  return env.ok ? undefined : env.error.code;
}

describe('registerIpc', () => {
  it('registers exactly one handler per contract verb', () => {
    const { fake } = setup();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...VERBS].sort());
    expect(() => setup().fake.ipcMain.handle('app:info', () => null)).toThrow(/second handler/);
  });

  it('answers the main frame of a known window through dispatch, with the raw payload', async () => {
    const { bridge, dispatch } = setup();
    const input = { interfaces: ['eth0'], durationMs: 1000 };
    expect(await bridge.discoveryStart(input)).toEqual(ok);
    expect(dispatch).toHaveBeenCalledWith(api, 'discovery:start', input, { transport: 'ipc' });
    // Crossed by structured clone: main sees a copy, never the renderer's object.
    expect(dispatch.mock.calls[0]![2]).not.toBe(input);
  });

  it('passes hostile payloads to dispatch untouched (it owns the schema check)', async () => {
    const { win, dispatch } = setup();
    await win.renderer.invoke('device:get', { id: 7, extra: [1, 2] }, 'second-arg');
    expect(dispatch).toHaveBeenCalledWith(
      api,
      'device:get',
      { id: 7, extra: [1, 2] },
      {
        transport: 'ipc',
      },
    );
  });

  it('refuses a subframe with SENDER_DENIED and never reaches dispatch', async () => {
    const { win, dispatch, denied } = setup();
    const iframe = win.addSubframe(APP_ENTRY_URL);
    expect(code((await iframe.invoke('devices:list')) as Envelope<unknown>)).toBe('SENDER_DENIED');
    expect(dispatch).not.toHaveBeenCalled();
    expect(denied).toHaveBeenCalledWith('devices:list', { allowed: false, reason: 'subframe' });
  });

  it.each([
    'http://evil.example/',
    'file:///home/user/out/renderer/index.html',
    'devtools://devtools/bundled/devtools_app.html',
    'http://localhost:5173/',
  ])('refuses the main frame once it shows %s', async (url) => {
    const { win, bridge, dispatch } = setup();
    win.navigate(url);
    expect(code(await bridge.devicesList())).toBe('SENDER_DENIED');
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('accepts the dev server only when it is configured', async () => {
    const { win, bridge } = setup({ devUrl: 'http://localhost:5173' });
    win.navigate('http://localhost:5173/');
    expect(await bridge.devicesList()).toEqual(ok);
  });

  it('refuses a window it did not create, and a destroyed one', async () => {
    const { fake, win, bridge, dispatch } = setup();
    const stranger = fake.openWindow(APP_ENTRY_URL);
    const strangerBridge = buildPreloadApi(stranger.renderer);
    expect(code(await strangerBridge.appInfo())).toBe('SENDER_DENIED');
    win.destroy();
    expect(code(await bridge.appInfo())).toBe('SENDER_DENIED');
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('never throws: a failing dispatch becomes an INTERNAL envelope', async () => {
    const { bridge } = setup({
      dispatch: async () => {
        throw new Error('secret internals');
      },
    });
    const env = await bridge.appInfo();
    expect(code(env)).toBe('INTERNAL');
    expect(JSON.stringify(env)).not.toContain('secret internals');
  });

  it('stops answering once disposed (the bridge resolves, it does not reject)', async () => {
    const { bridge, dispose, fake } = setup();
    dispose();
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(code(await bridge.appInfo())).toBe('INTERNAL');
  });
});

describe('preload bridge over the fake pair', () => {
  it('an unclonable input resolves to an error envelope instead of throwing', async () => {
    const { bridge, dispatch } = setup();
    const hostile = { id: 'x', fn: () => 1 } as unknown as { id: string };
    expect(code(await bridge.deviceGet(hostile))).toBe('INTERNAL');
    expect(dispatch).not.toHaveBeenCalled();
  });
});

describe('forwardEvents', () => {
  const progress = { scanId: 's1', state: 'running' } as EventPayloads['discovery:progress'];

  it('delivers engine events as the payload alone, until unsubscribed', async () => {
    const { win, windows, policy, bridge } = setup();
    const events = new FakeEvents();
    const stop = forwardEvents({ source: events, windows, policy });
    const seen: unknown[][] = [];
    const off = bridge.onDiscoveryProgress((...args: unknown[]) => seen.push(args));
    events.emit('discovery:progress', progress);
    await flushIpc();
    expect(seen).toEqual([[progress]]);
    expect(win.sent[0]?.channel).toBe(eventChannel('discovery:progress'));
    off();
    expect(win.renderer.listenerCount(eventChannel('discovery:progress'))).toBe(0);
    events.emit('discovery:progress', progress);
    await flushIpc();
    expect(seen).toHaveLength(1);
    stop();
    events.emit('discovery:progress', progress);
    expect(win.sent).toHaveLength(2);
  });

  it('sends nothing to a window that left our origin or was destroyed', async () => {
    const { win, windows, policy } = setup();
    const events = new FakeEvents();
    forwardEvents({ source: events, windows, policy });
    win.navigate('https://evil.example/');
    events.emit('discovery:progress', progress);
    win.navigate(APP_ENTRY_URL);
    win.destroy();
    events.emit('discovery:progress', progress);
    expect(win.sent).toEqual([]);
  });
});
