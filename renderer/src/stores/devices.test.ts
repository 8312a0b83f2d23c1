import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { CustodianError, type Device } from '../contract';
import { setBridge } from '../bridge';
import { createFakeBridge, type FakeBridge } from '../testing/fake-bridge';
import { makeDevice, makeProgress } from '../testing/fixtures';
import { useDevicesStore } from './devices';
import { useScanStore } from './scan';
import { useSelectionStore } from './selection';

const cam1 = makeDevice({ mac: 'a4:14:37:00:00:01', ip: '192.168.1.10', model: 'DS-2CD1' });
const cam2 = makeDevice({
  mac: '3c:ef:8c:00:00:02',
  ip: '192.168.1.9',
  family: 'dahua',
  vendor: 'Dahua',
  model: 'IPC-HFW2431',
  serial: '7J0A1B2PAZ00001',
  account: 'inactive',
  protocols: ['dhip', 'wsd'],
});
const cam3 = makeDevice({
  mac: null,
  id: 'uuid:1234',
  ip: '10.0.0.200',
  vendor: null,
  family: 'onvif',
  model: null,
  serial: null,
  account: 'unknown',
  needsCredentials: true,
  protocols: ['wsd'],
});

let bridge: FakeBridge;

beforeEach(() => {
  bridge = createFakeBridge({ 'devices:list': () => [cam1, cam2, cam3] });
  setBridge(bridge);
  setActivePinia(createPinia());
});

describe('devices store', () => {
  it('loads the list into a map by id', async () => {
    const store = useDevicesStore();
    await store.load();
    expect(store.total).toBe(3);
    expect(store.get(cam2.id)).toEqual(cam2);
    expect(store.loaded).toBe(true);
  });

  it('sorts by IP numerically by default', async () => {
    const store = useDevicesStore();
    await store.load();
    expect(store.rows.map((r) => r.device.ip)).toEqual([
      '10.0.0.200',
      '192.168.1.9',
      '192.168.1.10',
    ]);
  });

  it('adds and updates devices live from devices:changed', async () => {
    const store = useDevicesStore();
    store.subscribe();
    await store.load();
    const fresh = makeDevice({ mac: '00:12:34:56:78:9a', ip: '192.168.1.2' });
    bridge.emit('devices:changed', { change: 'added', device: fresh });
    expect(store.total).toBe(4);
    expect(store.rows[1]?.id).toBe(fresh.id);
    const updated = { ...cam1, firmware: 'V5.8.0', lastSeen: '2025-01-01T11:00:00.000Z' };
    bridge.emit('devices:changed', { change: 'updated', device: updated });
    expect(store.get(cam1.id)?.firmware).toBe('V5.8.0');
  });

  it('drops a row merged into another, moving its tick and keeping its id resolvable', async () => {
    const store = useDevicesStore();
    const selection = useSelectionStore();
    store.subscribe();
    await store.load();
    selection.toggle(cam3.id, true);
    const survivor = { ...cam1, protocols: ['sadp', 'wsd'] as Device['protocols'] };
    bridge.emit('devices:changed', { change: 'removed', device: cam3, mergedInto: cam1.id });
    bridge.emit('devices:changed', { change: 'updated', device: survivor });
    expect(store.total).toBe(2);
    expect(store.rows.map((r) => r.id)).not.toContain(cam3.id);
    expect(selection.has(cam3.id)).toBe(false);
    expect(selection.has(cam1.id)).toBe(true);
    expect(store.resolve(cam3.id)).toBe(cam1.id);
    expect(store.get(cam3.id)?.protocols).toEqual(['sadp', 'wsd']);
    // A list answer that left before the merge does not bring the row back.
    await store.load();
    expect(store.total).toBe(2);
  });

  it('drops a removed row without a survivor and leaves other ticks alone', async () => {
    const store = useDevicesStore();
    const selection = useSelectionStore();
    store.subscribe();
    await store.load();
    selection.toggle(cam2.id, true);
    bridge.emit('devices:changed', { change: 'removed', device: cam3 });
    expect(store.get(cam3.id)).toBeUndefined();
    expect([...selection.ids]).toEqual([cam2.id]);
  });

  it('does not roll a device back when a slower list answer arrives after an event', async () => {
    const store = useDevicesStore();
    store.subscribe();
    const newer = { ...cam1, firmware: 'V9', lastSeen: '2025-01-02T00:00:00.000Z' };
    bridge.emit('devices:changed', { change: 'updated', device: newer });
    await store.load();
    expect(store.get(cam1.id)?.firmware).toBe('V9');
  });

  it('filters on vendor, model, serial, IP and MAC (any separator)', async () => {
    const store = useDevicesStore();
    await store.load();
    const ids = (q: string) => {
      store.setFilter(q);
      return store.rows.map((r) => r.id);
    };
    expect(ids('dahua')).toEqual([cam2.id]);
    expect(ids('hfw2431')).toEqual([cam2.id]);
    expect(ids('7J0A1')).toEqual([cam2.id]);
    expect(ids('10.0.0')).toEqual([cam3.id]);
    expect(ids('3CEF8C')).toEqual([cam2.id]);
    expect(ids('3c-ef')).toEqual([]);
    expect(ids('3c:ef:8c')).toEqual([cam2.id]);
    expect(ids('hikvision 192.168.1.10')).toEqual([cam1.id]);
    expect(ids('onvif')).toEqual([cam3.id]);
    expect(ids('   ')).toHaveLength(3);
  });

  it('toggles sort direction on the same column and keeps empty values last', async () => {
    const store = useDevicesStore();
    await store.load();
    store.toggleSort('model');
    expect(store.sort).toEqual({ key: 'model', dir: 'asc' });
    expect(store.rows.map((r) => r.device.model)).toEqual(['DS-2CD1', 'IPC-HFW2431', null]);
    store.toggleSort('model');
    expect(store.sort.dir).toBe('desc');
    expect(store.rows.map((r) => r.device.model)).toEqual(['IPC-HFW2431', 'DS-2CD1', null]);
  });

  it('sorts accounts that need attention first', async () => {
    const store = useDevicesStore();
    await store.load();
    store.toggleSort('account');
    expect(store.rows.map((r) => r.id)).toEqual([cam2.id, cam3.id, cam1.id]);
  });

  it('derives presence from the latest scan', async () => {
    const store = useDevicesStore();
    const scan = useScanStore();
    await store.load();
    expect(store.rows.every((r) => r.presence === 'known')).toBe(true);
    const seenNow = { ...cam1, lastSeen: '2025-01-01T12:00:01.000Z' };
    store.upsert(seenNow);
    scan.accept(makeProgress({ startedAt: '2025-01-01T12:00:00.000Z', state: 'running' }));
    const presence = () => Object.fromEntries(store.rows.map((r) => [r.id, r.presence]));
    expect(presence()).toMatchObject({ [cam1.id]: 'online', [cam2.id]: 'pending' });
    scan.accept(makeProgress({ startedAt: '2025-01-01T12:00:00.000Z', state: 'done' }));
    expect(presence()).toMatchObject({ [cam1.id]: 'online', [cam2.id]: 'missing' });
    store.toggleSort('status');
    expect(store.rows[0]?.id).toBe(cam1.id);
  });

  it('narrows by family or brand, protocol, account state and flag, together with the text', async () => {
    const hilook = makeDevice({
      mac: '44:19:b6:00:00:04',
      ip: '192.0.0.64',
      vendor: 'HiLook',
      account: 'inactive',
      protocols: ['sadp'],
      flags: { foreignSubnet: true, claimedIp: '192.0.0.64' },
    });
    const clash = makeDevice({
      mac: '00:12:12:00:00:05',
      ip: '192.168.1.9',
      family: 'xiongmai',
      vendor: 'XMEye',
      protocols: ['xm'],
      flags: { ipConflict: true },
    });
    bridge.handlers['devices:list'] = () => [cam1, cam2, cam3, hilook, clash];
    const store = useDevicesStore();
    await store.load();
    const ids = () => store.rows.map((r) => r.id);
    expect(store.filtered).toBe(false);

    store.setFacet('source', 'family:hikvision');
    expect(new Set(ids())).toEqual(new Set([cam1.id, hilook.id]));
    expect(store.filtered).toBe(true);
    store.setFacet('source', 'vendor:hilook');
    expect(ids()).toEqual([hilook.id]);
    store.setFacet('source', null);

    store.setFacet('protocol', 'wsd');
    expect(new Set(ids())).toEqual(new Set([cam2.id, cam3.id]));
    store.setFacet('account', 'inactive');
    expect(ids()).toEqual([cam2.id]);
    store.setFacet('protocol', null);
    expect(new Set(ids())).toEqual(new Set([cam2.id, hilook.id]));
    store.setFilter('dahua');
    expect(ids()).toEqual([cam2.id]);
    store.clearFilters();
    expect(store.filtered).toBe(false);
    expect(ids()).toHaveLength(5);

    store.setFacet('flag', 'foreignSubnet');
    expect(ids()).toEqual([hilook.id]);
    store.setFacet('flag', 'ipConflict');
    expect(ids()).toEqual([clash.id]);
    store.setFacet('flag', 'needsCredentials');
    expect(ids()).toEqual([cam3.id]);
    store.setFacet('flag', 'offline');
    expect(ids()).toEqual([]);
  });

  it('the offline filter keeps the rows a watch judged offline', async () => {
    const gone = makeDevice({
      mac: '00:12:12:00:00:06',
      ip: '192.168.1.10',
      presence: { state: 'offline', since: '2025-01-01T12:00:00.000Z' },
    });
    const back = makeDevice({
      mac: '00:12:12:00:00:07',
      ip: '192.168.1.11',
      presence: { state: 'online', since: '2025-01-01T12:00:00.000Z' },
    });
    bridge.handlers['devices:list'] = () => [cam1, gone, back];
    const store = useDevicesStore();
    await store.load();
    store.setFacet('flag', 'offline');
    expect(store.rows.map((r) => r.id)).toEqual([gone.id]);
  });

  it('keeps the error code when the list cannot be loaded', async () => {
    bridge.handlers['devices:list'] = () => {
      throw new CustodianError('TRANSPORT_CLOSED');
    };
    const store = useDevicesStore();
    await store.load();
    expect(store.error).toEqual({ code: 'TRANSPORT_CLOSED', detail: '' });
    expect(store.loaded).toBe(false);
  });
});
