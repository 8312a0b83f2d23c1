import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../contract';
import { setBridge } from '../bridge';
import { createFakeBridge, type FakeBridge } from '../testing/fake-bridge';
import { makeDevice } from '../testing/fixtures';
import { useAppStore } from './app';
import { useDevicesStore } from './devices';

const info: AppInfo = {
  name: 'Custodian',
  version: '0.1.0',
  transport: 'websocket',
  platform: 'linux',
  defaultInterfaces: ['lo'],
  loopbackOnly: true,
};

let bridge: FakeBridge;

function makeBridge(devices = [makeDevice()]) {
  bridge = createFakeBridge({
    'app:info': () => info,
    'devices:list': () => devices,
    'discovery:status': () => null,
    'discovery:start': () => ({ scanId: 's1' }),
  });
  setBridge(bridge);
  setActivePinia(createPinia());
}

const starts = () => bridge.calls.filter((c) => c.verb === 'discovery:start').length;

describe('app store', () => {
  beforeEach(() => makeBridge());

  it('loads app info, devices and scan status at start', async () => {
    const app = useAppStore();
    await app.start();
    expect(app.info).toEqual(info);
    expect(useDevicesStore().total).toBe(1);
    expect(starts()).toBe(0);
  });

  it('scans once automatically when the inventory is empty', async () => {
    makeBridge([]);
    const app = useAppStore();
    await app.start();
    expect(starts()).toBe(1);
    await app.refresh();
    expect(starts()).toBe(1);
  });

  it('tracks the connection and re-syncs after a drop', async () => {
    const app = useAppStore();
    await app.start();
    const lists = () => bridge.calls.filter((c) => c.verb === 'devices:list').length;
    expect(lists()).toBe(1);
    bridge.setConnection({
      status: 'closed',
      code: 'TRANSPORT_CLOSED',
      attempt: 1,
      retryInMs: 500,
    });
    expect(app.online).toBe(false);
    expect(app.lastClosed?.code).toBe('TRANSPORT_CLOSED');
    bridge.setConnection({ status: 'connecting', attempt: 2 });
    expect(app.lastClosed?.code).toBe('TRANSPORT_CLOSED');
    bridge.setConnection({ status: 'open' });
    expect(app.online).toBe(true);
    expect(app.lastClosed).toBeNull();
    await Promise.resolve();
    expect(lists()).toBe(2);
  });

  it('waits for the link before the automatic scan when the first load fails', async () => {
    makeBridge([]);
    bridge.setConnection({ status: 'connecting', attempt: 1 });
    const list = bridge.handlers['devices:list'];
    bridge.handlers['devices:list'] = () => {
      throw new Error('down');
    };
    const app = useAppStore();
    await app.start();
    expect(starts()).toBe(0);
    bridge.handlers['devices:list'] = list;
    bridge.setConnection({ status: 'closed', code: 'TRANSPORT_CLOSED', attempt: 1, retryInMs: 1 });
    bridge.setConnection({ status: 'open' });
    await new Promise((r) => setTimeout(r, 0));
    expect(starts()).toBe(1);
  });
});
