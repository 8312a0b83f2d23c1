import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { CustodianError, type Device } from '../contract';
import { setBridge } from '../bridge';
import { createFakeBridge, type FakeBridge } from '../testing/fake-bridge';
import { makeDevice } from '../testing/fixtures';
import { useDevicesStore } from './devices';
import { useManualAddStore } from './manual-add';

let bridge: FakeBridge;
const found = makeDevice({ mac: '00:12:34:00:00:99', ip: '10.1.2.3', protocols: ['manual'] });

beforeEach(() => {
  bridge = createFakeBridge({ 'device:addManual': () => found });
  setBridge(bridge);
  setActivePinia(createPinia());
});

/** A promise the test resolves by hand, to look at the state while a probe is in flight. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('manual add store', () => {
  it('refuses a malformed address without calling the engine, and clears the message on edit', async () => {
    const store = useManualAddStore();
    store.openDialog();
    store.setAddress('192.168.1.300');
    expect(await store.submit()).toBeNull();
    expect(store.state).toEqual({ status: 'invalid', problem: 'format' });
    expect(bridge.calls).toHaveLength(0);
    store.setAddress('192.168.1.30');
    expect(store.state.status).toBe('idle');
    store.setAddress('');
    await store.submit();
    expect(store.state).toEqual({ status: 'invalid', problem: 'empty' });
  });

  it('runs, then reports the device found and adds it to the list', async () => {
    const gate = deferred<Device | null>();
    bridge.handlers['device:addManual'] = () => gate.promise;
    const store = useManualAddStore();
    store.openDialog();
    store.setAddress(' 10.1.2.3 ');
    const pending = store.submit();
    expect(store.state).toEqual({ status: 'running', address: '10.1.2.3' });
    expect(store.running).toBe(true);
    // A second Enter while running does not send a second probe.
    expect(await store.submit()).toBeNull();
    gate.resolve(found);
    expect(await pending).toEqual(found);
    expect(bridge.calls).toEqual([{ verb: 'device:addManual', input: { address: '10.1.2.3' } }]);
    expect(store.state).toEqual({ status: 'found', address: '10.1.2.3', device: found });
    expect(useDevicesStore().get(found.id)).toEqual(found);
  });

  it('says when nothing answered at the address', async () => {
    bridge.handlers['device:addManual'] = () => null;
    const store = useManualAddStore();
    store.setAddress('192.168.7.7');
    expect(await store.submit()).toBeNull();
    expect(store.state).toEqual({ status: 'notFound', address: '192.168.7.7' });
  });

  it('keeps the error code when the engine refuses', async () => {
    bridge.handlers['device:addManual'] = () => {
      throw new CustodianError('NON_LOOPBACK_REFUSED', '192.168.1.64');
    };
    const store = useManualAddStore();
    store.setAddress('192.168.1.64');
    await store.submit();
    expect(store.state).toEqual({
      status: 'failed',
      address: '192.168.1.64',
      error: { code: 'NON_LOOPBACK_REFUSED', detail: '192.168.1.64' },
    });
  });

  it('ignores the answer after the dialog closed, but still lists a device found late', async () => {
    const gate = deferred<Device | null>();
    bridge.handlers['device:addManual'] = () => gate.promise;
    const store = useManualAddStore();
    store.openDialog();
    store.setAddress('10.1.2.3');
    const pending = store.submit();
    store.close();
    expect(store.open).toBe(false);
    expect(store.state.status).toBe('idle');
    gate.resolve(found);
    expect(await pending).toBeNull();
    expect(store.state.status).toBe('idle');
    expect(useDevicesStore().get(found.id)).toEqual(found);
  });

  it('reopens clean but keeps the last address typed', async () => {
    bridge.handlers['device:addManual'] = () => null;
    const store = useManualAddStore();
    store.openDialog();
    store.setAddress('10.9.9.9');
    await store.submit();
    store.close();
    store.openDialog();
    expect(store.state.status).toBe('idle');
    expect(store.address).toBe('10.9.9.9');
  });

  it('probes a range with progress, lists what answered and says how many', async () => {
    const result = deferred<{
      rangeId: string;
      total: number;
      probed: number;
      answered: number;
      cancelled: boolean;
      devices: Device[];
    }>();
    bridge = createFakeBridge({ 'device:addRange': () => result.promise });
    setBridge(bridge);
    const store = useManualAddStore();
    const list = useDevicesStore();
    store.openDialog();
    store.setAddress('10.1.2.0/29');
    const pending = store.submit();
    expect(store.state).toMatchObject({ status: 'scanning', total: 6, probed: 0 });
    expect(bridge.calls).toEqual([{ verb: 'device:addRange', input: { range: '10.1.2.0/29' } }]);
    const progress = { rangeId: 'r', range: '10.1.2.0/29', total: 6, answered: 1 };
    bridge.emit('device:rangeProgress', { ...progress, probed: 3, state: 'running' });
    expect(store.state).toMatchObject({ status: 'scanning', probed: 3, answered: 1 });
    bridge.emit('device:rangeProgress', {
      ...progress,
      range: 'other',
      probed: 5,
      state: 'running',
    });
    expect(store.state).toMatchObject({ probed: 3 });
    result.resolve({
      rangeId: 'r',
      total: 6,
      probed: 6,
      answered: 1,
      cancelled: false,
      devices: [found],
    });
    expect(await pending).toBeNull();
    expect(store.state).toMatchObject({ status: 'rangeDone', answered: 1, cancelled: false });
    expect(list.total).toBe(1);
  });

  it('refuses a range that is too large or backwards, and cancels a range on close', async () => {
    let cancels = 0;
    bridge = createFakeBridge({
      'device:addRange': () => new Promise(() => {}),
      'device:cancelRange': () => (cancels++, { cancelled: true }),
    });
    setBridge(bridge);
    const store = useManualAddStore();
    store.openDialog();
    store.setAddress('10.0.0.0/16');
    await store.submit();
    expect(store.state).toEqual({ status: 'invalid', problem: 'rangeTooLarge' });
    store.setAddress('10.0.0.9-1');
    await store.submit();
    expect(store.state).toEqual({ status: 'invalid', problem: 'rangeOrder' });
    store.setAddress('10.0.0.1-9');
    void store.submit();
    expect(store.scanningRange).toBe(true);
    store.close();
    await Promise.resolve();
    expect(cancels).toBe(1);
    expect(store.state.status).toBe('idle');
  });
});
