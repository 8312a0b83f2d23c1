import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { CustodianError, type Diagnostics } from '../contract';
import { setBridge } from '../bridge';
import { createFakeBridge, type FakeBridge } from '../testing/fake-bridge';
import { makeDiagnostics, makeProgress } from '../testing/fixtures';
import { useDiagnosticsStore } from './diagnostics';

let bridge: FakeBridge;
let answers: Diagnostics[];

const loads = () => bridge.calls.filter((c) => c.verb === 'discovery:diagnostics').length;
const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  answers = [makeDiagnostics()];
  bridge = createFakeBridge({
    'discovery:diagnostics': () => answers.shift() ?? makeDiagnostics(),
  });
  setBridge(bridge);
  setActivePinia(createPinia());
});

describe('diagnostics store', () => {
  it('loads the diagnostics and remembers when', async () => {
    const store = useDiagnosticsStore();
    expect(store.loaded).toBe(false);
    const pending = store.load();
    expect(store.loading).toBe(true);
    await pending;
    expect(store.loading).toBe(false);
    expect(store.data?.interfaces[0]?.name).toBe('eth0');
    expect(store.data?.hints.map((h) => h.code)).toEqual(['NO_REPLIES']);
    expect(store.loadedAt).not.toBeNull();
    expect(store.error).toBeNull();
  });

  it('keeps the last good data and the error code when a reload fails', async () => {
    const store = useDiagnosticsStore();
    await store.load();
    bridge.handlers['discovery:diagnostics'] = () => {
      throw new CustodianError('TRANSPORT_CLOSED');
    };
    await store.load();
    expect(store.error).toEqual({ code: 'TRANSPORT_CLOSED', detail: '' });
    expect(store.data).not.toBeNull();
  });

  it('reloads once when a scan ends while followed, and not after unfollowing', async () => {
    const store = useDiagnosticsStore();
    const stop = store.follow();
    bridge.emit('discovery:progress', makeProgress({ scanId: 'a', state: 'running' }));
    await tick();
    expect(loads()).toBe(0);
    bridge.emit('discovery:progress', makeProgress({ scanId: 'a', state: 'done' }));
    bridge.emit('discovery:progress', makeProgress({ scanId: 'a', state: 'done' }));
    await tick();
    expect(loads()).toBe(1);
    bridge.emit('discovery:progress', makeProgress({ scanId: 'b', state: 'stopped' }));
    await tick();
    expect(loads()).toBe(2);
    stop();
    stop();
    bridge.emit('discovery:progress', makeProgress({ scanId: 'c', state: 'failed' }));
    await tick();
    expect(loads()).toBe(2);
  });

  it('keeps only the newest answer when loads overlap', async () => {
    let release!: (d: Diagnostics) => void;
    const slow = new Promise<Diagnostics>((r) => (release = r));
    const store = useDiagnosticsStore();
    bridge.handlers['discovery:diagnostics'] = () => slow;
    const first = store.load();
    bridge.handlers['discovery:diagnostics'] = () => makeDiagnostics({ platform: 'win32' });
    await store.load();
    release(makeDiagnostics({ platform: 'darwin' }));
    await first;
    expect(store.data?.platform).toBe('win32');
    expect(store.loading).toBe(false);
  });
});
