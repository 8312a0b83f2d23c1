import { describe, expect, it, vi } from 'vitest';
import { CustodianError, type PreloadApi } from '../contract';
import { makeDevice, makeProgress } from '../testing/fixtures';
import { createPreloadBridge } from './preload-bridge';

function fakePreload(overrides: Partial<PreloadApi> = {}): PreloadApi {
  const unexpected = async () => {
    throw new Error('unexpected call');
  };
  return {
    appInfo: unexpected,
    netInterfaces: unexpected,
    discoveryStart: unexpected,
    discoveryStop: unexpected,
    discoveryStatus: unexpected,
    devicesList: unexpected,
    deviceGet: unexpected,
    discoveryDiagnostics: unexpected,
    deviceAddManual: unexpected,
    deviceAddRange: unexpected,
    deviceCancelRange: unexpected,
    deviceCapabilities: unexpected,
    deviceLogin: unexpected,
    deviceForget: unexpected,
    deviceChangePassword: unexpected,
    flowActivate: unexpected,
    flowSetupRecovery: unexpected,
    flowRecover: unexpected,
    flowSubmit: unexpected,
    flowCancel: unexpected,
    flowGet: unexpected,
    flowsList: unexpected,
    onDiscoveryProgress: () => () => {},
    onRangeProgress: () => () => {},
    onDevicesChanged: () => () => {},
    onFlowChanged: () => () => {},
    ...overrides,
  };
}

describe('preload bridge', () => {
  it('maps each verb to its preload function and unwraps the envelope', async () => {
    const device = makeDevice();
    const discoveryStart = vi.fn(async () => ({ ok: true as const, value: { scanId: 's1' } }));
    const devicesList = vi.fn(async () => ({ ok: true as const, value: [device] }));
    const bridge = createPreloadBridge(fakePreload({ discoveryStart, devicesList }));
    await expect(bridge.api['discovery:start']({ durationMs: 2000 })).resolves.toEqual({
      scanId: 's1',
    });
    expect(discoveryStart).toHaveBeenCalledWith({ durationMs: 2000 });
    await expect(bridge.call('devices:list', undefined)).resolves.toEqual([device]);
    expect(bridge.transport).toBe('ipc');
    expect(bridge.connection()).toEqual({ status: 'open' });
  });

  it('throws a CustodianError rebuilt from a failed envelope', async () => {
    const bridge = createPreloadBridge(
      fakePreload({
        discoveryStart: async () => ({
          ok: false,
          error: { code: 'SCAN_IN_PROGRESS', message: 'A scan is already running' },
        }),
      }),
    );
    const err = await bridge.api['discovery:start']({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CustodianError);
    expect(err).toMatchObject({ code: 'SCAN_IN_PROGRESS' });
  });

  it('turns an IPC rejection into INTERNAL rather than leaking a raw error', async () => {
    const bridge = createPreloadBridge(fakePreload());
    await expect(bridge.api['app:info']()).rejects.toMatchObject({
      name: 'CustodianError',
      code: 'INTERNAL',
    });
  });

  it('subscribes through the named preload subscriber and returns its unsubscribe', () => {
    const off = vi.fn();
    let emit: ((p: unknown) => void) | undefined;
    const onDiscoveryProgress = vi.fn((listener: (p: never) => void) => {
      emit = listener as (p: unknown) => void;
      return off;
    });
    const bridge = createPreloadBridge(fakePreload({ onDiscoveryProgress }));
    const seen: string[] = [];
    const unsubscribe = bridge.on('discovery:progress', (p) => seen.push(p.scanId));
    emit?.(makeProgress({ scanId: 'abc' }));
    unsubscribe();
    expect(seen).toEqual(['abc']);
    expect(off).toHaveBeenCalledOnce();
  });
});
