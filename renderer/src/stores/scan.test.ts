import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { CustodianError } from '../contract';
import { setBridge } from '../bridge';
import { createFakeBridge, type FakeBridge } from '../testing/fake-bridge';
import { makeProgress } from '../testing/fixtures';
import { useScanStore } from './scan';

let bridge: FakeBridge;

beforeEach(() => {
  bridge = createFakeBridge({
    'discovery:start': () => ({ scanId: 'scan-2' }),
    'discovery:stop': () => ({ stopped: true }),
    'discovery:status': () => null,
  });
  setBridge(bridge);
  setActivePinia(createPinia());
});

describe('scan store', () => {
  it('starts a scan and shows it running until the engine reports it done', async () => {
    const scan = useScanStore();
    scan.subscribe();
    await scan.start({ durationMs: 3000 });
    expect(bridge.calls).toContainEqual({ verb: 'discovery:start', input: { durationMs: 3000 } });
    expect(scan.running).toBe(true);
    bridge.emit(
      'discovery:progress',
      makeProgress({ scanId: 'scan-2', elapsedMs: 1500, durationMs: 3000 }),
    );
    expect(scan.running).toBe(true);
    expect(scan.fraction).toBe(0.5);
    bridge.emit('discovery:progress', makeProgress({ scanId: 'scan-2', state: 'done', found: 4 }));
    expect(scan.running).toBe(false);
    expect(scan.fraction).toBe(1);
    expect(scan.progress?.found).toBe(4);
  });

  it('does not start a second scan while one runs', async () => {
    const scan = useScanStore();
    scan.accept(makeProgress({ state: 'running' }));
    await scan.start();
    expect(bridge.calls.filter((c) => c.verb === 'discovery:start')).toHaveLength(0);
  });

  it('surfaces a start failure as an error code', async () => {
    bridge.handlers['discovery:start'] = () => {
      throw new CustodianError('INTERFACE_NOT_FOUND', 'eth9');
    };
    const scan = useScanStore();
    await scan.start({ interfaces: ['eth9'] });
    expect(scan.error).toEqual({
      action: 'start',
      error: { code: 'INTERFACE_NOT_FOUND', detail: 'eth9' },
    });
    expect(scan.running).toBe(false);
    scan.dismissError();
    expect(scan.error).toBeNull();
  });

  it('joins a scan already running instead of reporting SCAN_IN_PROGRESS', async () => {
    bridge.handlers['discovery:start'] = () => {
      throw new CustodianError('SCAN_IN_PROGRESS');
    };
    bridge.handlers['discovery:status'] = () => makeProgress({ scanId: 'other' });
    const scan = useScanStore();
    await scan.start();
    expect(scan.error).toBeNull();
    expect(scan.progress?.scanId).toBe('other');
    expect(scan.running).toBe(true);
  });

  it('stops a running scan and reads the final status', async () => {
    const scan = useScanStore();
    scan.accept(makeProgress({ state: 'running' }));
    bridge.handlers['discovery:status'] = () => makeProgress({ state: 'stopped' });
    await scan.stop();
    expect(bridge.calls.map((c) => c.verb)).toEqual(['discovery:stop', 'discovery:status']);
    expect(scan.progress?.state).toBe('stopped');
    expect(scan.running).toBe(false);
  });

  it('surfaces a stop failure', async () => {
    bridge.handlers['discovery:stop'] = () => {
      throw new CustodianError('TRANSPORT_CLOSED');
    };
    const scan = useScanStore();
    scan.accept(makeProgress({ state: 'running' }));
    await scan.stop();
    expect(scan.error?.action).toBe('stop');
    expect(scan.error?.error.code).toBe('TRANSPORT_CLOSED');
  });

  it('lists the interfaces that failed', () => {
    const scan = useScanStore();
    scan.accept(
      makeProgress({
        interfaces: [
          { name: 'eth0', address: '192.168.1.10', ok: true, probesSent: 3, replies: 2 },
          {
            name: 'utun3',
            address: '10.8.0.2',
            ok: false,
            error: 'EADDRNOTAVAIL',
            probesSent: 0,
            replies: 0,
          },
        ],
      }),
    );
    expect(scan.failedInterfaces.map((i) => i.name)).toEqual(['utun3']);
  });

  it('ignores a late event from an older scan', () => {
    const scan = useScanStore();
    scan.accept(makeProgress({ scanId: 'new', startedAt: '2025-01-01T12:00:00.000Z' }));
    scan.accept(
      makeProgress({ scanId: 'old', startedAt: '2025-01-01T11:00:00.000Z', state: 'done' }),
    );
    expect(scan.progress?.scanId).toBe('new');
  });

  it('watches: running and watching between sweeps, the toggle stops it', async () => {
    const scan = useScanStore();
    scan.subscribe();
    await scan.toggleWatch();
    expect(bridge.calls).toContainEqual({ verb: 'discovery:start', input: { watch: true } });
    expect(scan.watching).toBe(true);
    const watch = { sweeps: 1, intervalMs: 10_000, missedSweeps: 2, online: 3, offline: 1 };
    bridge.emit('discovery:progress', makeProgress({ scanId: 'scan-2', state: 'watching', watch }));
    expect(scan.running).toBe(true);
    expect(scan.watching).toBe(true);
    await scan.start();
    expect(bridge.calls.filter((c) => c.verb === 'discovery:start')).toHaveLength(1);
    await scan.toggleWatch();
    expect(bridge.calls.at(-2)).toEqual({ verb: 'discovery:stop', input: undefined });
    bridge.emit('discovery:progress', makeProgress({ scanId: 'scan-2', state: 'stopped', watch }));
    expect(scan.running).toBe(false);
    expect(scan.watching).toBe(false);
  });

  it('a one-off scan is not a watch', async () => {
    const scan = useScanStore();
    scan.subscribe();
    await scan.start();
    expect(scan.running).toBe(true);
    expect(scan.watching).toBe(false);
  });
});
