import { describe, expect, it } from 'vitest';
import { VERBS } from '../shared/contract';
import { eventChannel, PRELOAD_EVENTS, PRELOAD_VERBS } from '../shared/preload-api';
import { buildPreloadApi, type IpcRendererLike } from './api';

type Raw = (event: unknown, ...args: unknown[]) => void;

/** Records what the bridge asks of ipcRenderer (the full IPC pair is in electron/main/testing). */
function recorder(
  reply: (channel: string) => Promise<unknown> = async () => ({ ok: true, value: 1 }),
) {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<Raw>>();
  const ipc: IpcRendererLike = {
    invoke: (channel, ...args) => {
      invoked.push({ channel, args });
      return reply(channel);
    },
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  return { ipc, invoked, listeners };
}

describe('buildPreloadApi', () => {
  it('maps each named function to its own verb channel with the input as the only argument', async () => {
    const { ipc, invoked } = recorder();
    const api = buildPreloadApi(ipc) as unknown as Record<string, (i: unknown) => Promise<unknown>>;
    for (const verb of VERBS) await api[PRELOAD_VERBS[verb]]!({ probe: verb });
    expect(invoked).toEqual(VERBS.map((verb) => ({ channel: verb, args: [{ probe: verb }] })));
  });

  it('has exactly the contract names, all functions', () => {
    const api = buildPreloadApi(recorder().ipc);
    const expected = [...Object.values(PRELOAD_VERBS), ...Object.values(PRELOAD_EVENTS)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(Object.values(api).every((f) => typeof f === 'function')).toBe(true);
  });

  it('resolves a failed invoke to an INTERNAL envelope (no rejection crosses the bridge)', async () => {
    const api = buildPreloadApi(recorder(async () => Promise.reject(new Error('boom'))).ipc);
    const env = await api.appInfo();
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.code).toBe('INTERNAL');
  });

  it('drops the Electron event object and unsubscribes exactly its own listener', () => {
    const { ipc, listeners } = recorder();
    const api = buildPreloadApi(ipc);
    const seen: unknown[][] = [];
    const off = api.onDevicesChanged((...args: unknown[]) => seen.push(args));
    const channel = eventChannel('devices:changed');
    const payload = { change: 'added', device: { id: 'mac:1' } };
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipcRenderer!' }, payload);
    expect(seen).toEqual([[payload]]);
    off();
    expect(listeners.get(channel)?.size).toBe(0);
  });
});
