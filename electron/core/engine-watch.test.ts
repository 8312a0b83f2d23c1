/**
 * The engine's discovery extras through the API, on in-memory transports: watch mode (fake
 * scanners whose fleet a test edits, an in-memory Hello/Bye listener) and manual add over a range
 * (fake fingerprints). No socket is opened.
 */
import { describe, expect, it } from 'vitest';
import type { Device, RangeProgress, ScanProgress } from '../shared/dto';
import { FakeScanner, SAMPLE_DEVICES, type FakeDevice } from '../testing/fake-scanner';
import type { UdpDatagram } from './net/udp';
import type { PresenceListenerOpener } from './discovery/presence-listener';
import { loadFixture } from './discovery/wsd/test-support';
import { testEngines } from '../testing/test-engines';

const engine = testEngines();

/** Resolves with the first payload `match` accepts (or rejects after `ms`). */
function waitFor<T>(
  subscribe: (listener: (p: T) => void) => () => void,
  match: (p: T) => boolean,
  ms = 8000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out'));
    }, ms);
    const off = subscribe((p) => {
      if (!match(p)) return;
      clearTimeout(timer);
      off();
      resolve(p);
    });
  });
}

function inMemoryListener() {
  let deliver: ((d: UdpDatagram) => void) | null = null;
  let closed = 0;
  const open: PresenceListenerOpener = async (o) => {
    deliver = o.onMessage;
    return { failed: [], close: async () => void closed++ };
  };
  return {
    open,
    send: (d: UdpDatagram) => deliver?.(d),
    closed: () => closed,
  };
}

describe('engine: watch mode', () => {
  it('marks a device offline after missed sweeps and online again when it answers', async () => {
    const fleet: FakeDevice[] = [...SAMPLE_DEVICES];
    const listener = inMemoryListener();
    const e = engine({
      scanners: [new FakeScanner(fleet)],
      presenceListener: listener.open,
      watchMissedSweeps: 2,
    });
    const api = e.apiFor('ipc');
    const presence = (serial: string, state: 'online' | 'offline') =>
      waitFor<{ device: Device }>(
        (l) => e.on('devices:changed', l),
        (c) => c.device.serial === serial && c.device.presence?.state === state,
      );

    const bothOnline = Promise.all([presence('SN0001', 'online'), presence('SN0002', 'online')]);
    const { scanId } = await api['discovery:start']({
      watch: true,
      durationMs: 500,
      intervalMs: 1000,
    });
    await bothOnline;
    const watching = await waitFor<ScanProgress>(
      (l) => e.on('discovery:progress', l),
      (p) => p.state === 'watching' && (p.watch?.online ?? 0) === 2,
    );
    expect(watching).toMatchObject({ scanId, watch: { missedSweeps: 2, intervalMs: 1000 } });
    // A one-off scan cannot run beside a watch.
    await expect(api['discovery:start']({})).rejects.toMatchObject({ code: 'SCAN_IN_PROGRESS' });

    const gone = presence('SN0002', 'offline');
    fleet.splice(1, 1);
    const offline = await gone;
    expect(offline.device.presence!.since >= offline.device.lastSeen).toBe(true);
    const listed = await api['devices:list']();
    expect(listed.map((d) => [d.serial, d.presence?.state])).toEqual([
      ['SN0001', 'online'],
      ['SN0002', 'offline'],
    ]);

    const back = presence('SN0002', 'online');
    fleet.push(SAMPLE_DEVICES[1]!);
    await back;

    const stopped = waitFor<ScanProgress>(
      (l) => e.on('discovery:progress', l),
      (p) => p.state === 'stopped' && p.scanId === scanId,
    );
    expect(await api['discovery:stop']()).toEqual({ stopped: true });
    expect((await stopped).watch?.sweeps).toBeGreaterThanOrEqual(4);
    expect(listener.closed()).toBe(1);
    expect(await api['discovery:status']()).toMatchObject({ scanId, state: 'stopped' });
    // After the watch, a one-off scan runs again.
    await api['discovery:start']({ durationMs: 500 });
  }, 20_000);

  it('adds a device from a Hello between sweeps and takes it offline on its Bye', async () => {
    const listener = inMemoryListener();
    const e = engine({ scanners: [new FakeScanner([])], presenceListener: listener.open });
    const api = e.apiFor('ipc');
    const changes: string[] = [];
    e.on('devices:changed', (c) =>
      changes.push(`${c.change}:${c.device.presence?.state ?? '-'}:${c.device.ip}`),
    );
    await api['discovery:start']({ watch: true, durationMs: 500, intervalMs: 60_000 });
    listener.send({ data: loadFixture('hello.xml'), address: '127.0.122.5', port: 3702 });
    listener.send({ data: loadFixture('bye.xml'), address: '127.0.122.5', port: 3702 });
    const [device] = await api['devices:list']();
    expect(device).toMatchObject({
      id: 'uuid:e3b0c442-98fc-1c14-9afb-3c8e5a0b1d2f',
      protocols: ['wsd'],
      presence: { state: 'offline' },
    });
    expect(changes).toEqual([
      'added:-:127.0.122.5',
      'updated:online:127.0.122.5',
      'updated:offline:127.0.122.5',
    ]);
  });

  it('reports devices known before the watch offline when no sweep sees them', async () => {
    const fleet: FakeDevice[] = [...SAMPLE_DEVICES];
    const e = engine({
      scanners: [new FakeScanner(fleet)],
      presenceListener: inMemoryListener().open,
      watchMissedSweeps: 1,
    });
    const api = e.apiFor('ipc');
    const done = waitFor<ScanProgress>(
      (l) => e.on('discovery:progress', l),
      (p) => p.state === 'done',
    );
    await api['discovery:start']({ durationMs: 500 });
    await done;
    fleet.length = 0;
    const offline = waitFor<{ device: Device }>(
      (l) => e.on('devices:changed', l),
      (c) => c.device.serial === 'SN0001' && c.device.presence?.state === 'offline',
    );
    await api['discovery:start']({ watch: true, durationMs: 500, intervalMs: 1000 });
    await offline;
  }, 10_000);
});

describe('engine: manual add over a range', () => {
  const answering = new Set(['127.0.3.5', '127.0.3.9']);
  const fingerprints = [
    async (address: string) =>
      answering.has(address) ? { family: 'onvif' as const, serial: `SN-${address}` } : null,
  ];

  it('probes every address, merges what answered and reports progress', async () => {
    const e = engine({ scanners: [], fingerprints });
    const api = e.apiFor('ipc');
    const progress: RangeProgress[] = [];
    e.on('device:rangeProgress', (p) => progress.push(p));
    const result = await api['device:addRange']({ range: '127.0.3.1-127.0.3.20' });
    expect(result).toMatchObject({ total: 20, probed: 20, answered: 2, cancelled: false });
    expect(result.devices.map((d) => d.serial).sort()).toEqual(['SN-127.0.3.5', 'SN-127.0.3.9']);
    expect((await api['devices:list']()).length).toBe(2);
    expect(progress[0]).toMatchObject({ state: 'running', probed: 0, total: 20 });
    expect(progress.at(-1)).toMatchObject({ state: 'done', probed: 20, answered: 2 });
  });

  it('refuses malformed, oversized and off-loopback ranges before sending anything', async () => {
    let probes = 0;
    const e = engine({ scanners: [], fingerprints: [async () => (probes++, null)] });
    const api = e.apiFor('ipc');
    for (const [range, code] of [
      ['127.0.0.0/8', 'INVALID_INPUT'],
      ['127.0.3.9-127.0.3.1', 'INVALID_INPUT'],
      ['127.0.3.300', 'INVALID_INPUT'],
      ['10.0.0.1-10.0.0.4', 'NON_LOOPBACK_REFUSED'],
    ] as const) {
      await expect(api['device:addRange']({ range }), range).rejects.toMatchObject({ code });
    }
    expect(probes).toBe(0);
  });

  it('cancels a long range: new probes stop, the result says so', async () => {
    const e = engine({
      scanners: [],
      fingerprints: [() => new Promise((r) => setTimeout(() => r(null), 50))],
    });
    const api = e.apiFor('ipc');
    const run = api['device:addRange']({ range: '127.0.4.0/22' });
    await waitFor<RangeProgress>(
      (l) => e.on('device:rangeProgress', l),
      (p) => p.probed > 0,
    );
    await expect(api['device:addRange']({ range: '127.0.5.1' })).rejects.toMatchObject({
      code: 'SCAN_IN_PROGRESS',
    });
    expect(await api['device:cancelRange']()).toEqual({ cancelled: true });
    const result = await run;
    expect(result.cancelled).toBe(true);
    expect(result.probed).toBeLessThan(result.total);
    expect(await api['device:cancelRange']()).toEqual({ cancelled: false });
  });
});
