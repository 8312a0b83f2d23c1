import { describe, expect, it } from 'vitest';
import type { ScanProgress } from '../shared/dto';
import { FakeScanner, SAMPLE_DEVICES } from '../testing/fake-scanner';
import type { Engine } from './engine';
import { testEngines } from '../testing/test-engines';
import type { ProtocolScanner } from './discovery/types';

const engine = testEngines({ scanners: [new FakeScanner(SAMPLE_DEVICES)] });

function nextProgress(e: Engine, state: ScanProgress['state']): Promise<ScanProgress> {
  return new Promise((resolve) => {
    const off = e.on('discovery:progress', (p) => {
      if (p.state === state) {
        off();
        resolve(p);
      }
    });
  });
}

describe('engine', () => {
  it('streams devices during a sweep and reports a finished scan', async () => {
    const e = engine();
    const api = e.apiFor('ipc');
    const seen: string[] = [];
    e.on('devices:changed', (c) => seen.push(`${c.change}:${c.device.serial}`));
    const done = nextProgress(e, 'done');
    await api['discovery:start']({ durationMs: 500 });
    const final = await done;
    expect(final).toMatchObject({ found: 2, durationMs: 500, elapsedMs: 500 });
    expect(final.interfaces.every((i) => i.address.startsWith('127.'))).toBe(true);
    expect(seen).toEqual(['added:SN0001', 'added:SN0002']);
    expect((await api['devices:list']()).map((d) => d.model)).toEqual(['IPC-A1', 'IPC-B2']);
    expect(await api['discovery:status']()).toMatchObject({ state: 'done' });
  });

  it('stops a running sweep on request', async () => {
    const e = engine();
    const api = e.apiFor('ipc');
    const stopped = nextProgress(e, 'stopped');
    await api['discovery:start']({ durationMs: 60_000 });
    expect(await api['discovery:stop']()).toEqual({ stopped: true });
    expect((await stopped).state).toBe('stopped');
    expect(await api['discovery:stop']()).toEqual({ stopped: false });
  });

  it('reads each new device identity once and marks devices that need credentials', async () => {
    const calls: string[] = [];
    const e = engine({
      identify: async (s) => {
        calls.push(s.address);
        return s.address === '127.0.1.1'
          ? { facts: { firmware: 'V5.7.3' }, identity: 'device', needsCredentials: false }
          : { facts: {}, identity: 'discovery', needsCredentials: true };
      },
    });
    const api = e.apiFor('ipc');
    const done = nextProgress(e, 'done');
    await api['discovery:start']({ durationMs: 500 });
    await done;
    await api['discovery:start']({ durationMs: 500 });
    await nextProgress(e, 'done');
    await e.close();
    const list = await api['devices:list']();
    expect(list.find((d) => d.serial === 'SN0001')).toMatchObject({
      firmware: 'V5.7.3',
      identity: 'device',
    });
    expect(list.find((d) => d.serial === 'SN0002')).toMatchObject({ needsCredentials: true });
    expect(calls.sort()).toEqual(['127.0.1.1', '127.0.1.2']);
  });

  it('keeps scanning when one protocol scanner fails, and counts a warning', async () => {
    const broken: ProtocolScanner = {
      protocol: 'sadp',
      sweep: async () => {
        throw new Error('socket exploded');
      },
    };
    const e = engine({ scanners: [broken, new FakeScanner(SAMPLE_DEVICES)] });
    const done = nextProgress(e, 'done');
    await e.apiFor('ipc')['discovery:start']({ durationMs: 500 });
    expect(await done).toMatchObject({ found: 2, warnings: 1 });
  });

  it('reports the transport it is reached through', async () => {
    const e = engine();
    expect((await e.apiFor('websocket')['app:info']()).transport).toBe('websocket');
    expect((await e.apiFor('ipc')['app:info']()).loopbackOnly).toBe(true);
  });
});

describe('engine: manual add and the network doctor', () => {
  it('adds a device that answers a unicast fingerprint, and reads its identity', async () => {
    const asked: string[] = [];
    const e = engine({
      fingerprints: [
        async (address) => {
          asked.push(address);
          return address === '127.0.9.9'
            ? { family: 'onvif', xaddrs: ['http://127.0.9.9/onvif/device_service'], serial: 'MAN1' }
            : null;
        },
      ],
      identify: async () => ({
        facts: { model: 'M-1' },
        identity: 'device',
        needsCredentials: false,
      }),
    });
    const api = e.apiFor('ipc');
    const changed = new Promise<string>((resolve) =>
      e.on('devices:changed', (c) => c.device.model === 'M-1' && resolve(c.device.id)),
    );
    const device = await api['device:addManual']({ address: '127.0.9.9' });
    expect(device).toMatchObject({ serial: 'MAN1', protocols: ['manual'], ip: '127.0.9.9' });
    expect(await changed).toBe(device!.id);
    expect(await api['device:addManual']({ address: '127.0.9.8' })).toBeNull();
    expect(asked).toEqual(['127.0.9.9', '127.0.9.8']);
  });

  it('reports per-protocol results per interface and the bad replies it kept', async () => {
    const noisy: ProtocolScanner = {
      protocol: 'sadp',
      async sweep(o) {
        o.onWarning({
          protocol: 'sadp',
          iface: o.interfaces[0]!,
          address: '127.0.1.9',
          message: 'not XML',
          raw: Buffer.from('garbage'),
          at: new Date(),
        });
        return o.interfaces.map((i) => ({
          name: i.name,
          address: i.address,
          ok: false,
          error: 'EADDRINUSE',
          probesSent: 0,
          replies: 0,
        }));
      },
    };
    const e = engine({ scanners: [noisy] });
    const api = e.apiFor('ipc');
    const done = nextProgress(e, 'done');
    await api['discovery:start']({ durationMs: 500 });
    await done;
    const d = await api['discovery:diagnostics']();
    const lo = d.interfaces.find((i) => i.address === '127.0.0.1');
    expect(lo).toMatchObject({
      scanned: true,
      protocols: [{ protocol: 'sadp', error: 'EADDRINUSE' }],
    });
    expect(d.warnings[0]).toMatchObject({
      protocol: 'sadp',
      message: 'not XML',
      rawHex: Buffer.from('garbage').toString('hex'),
      rawLength: 7,
    });
    expect(d.hints.map((h) => h.code)).toEqual(
      expect.arrayContaining(['INTERFACE_ERRORS', 'NO_REPLIES']),
    );
  });
});
