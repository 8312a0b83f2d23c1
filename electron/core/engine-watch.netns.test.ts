/**
 * Watch mode end to end on loopback: the engine's real scanners and Hello/Bye listener against the
 * lab's real responders. A device the lab stops answering for (100% packet loss) goes offline after
 * the missed sweeps, and comes back when the fault is lifted. Multicast: netns only.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFleet } from '../../lab/fleet/presets';
import { startLab, type Lab } from '../../lab/lab';
import type { Device } from '../shared/dto';
import { createEngine, type Engine } from './engine';

const fleet = {
  name: 'watch-netns-test',
  devices: generateFleet('watch-netns-test', [
    { template: 'hik-cam', count: 2, factoryDefault: 0 },
    { template: 'dahua-cam', count: 1, factoryDefault: 0 },
  ]),
};

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('watch mode on loopback (netns)', () => {
  let lab: Lab;
  let engine: Engine;
  beforeAll(async () => {
    lab = await startLab({ fleet, loopbackOnly: true, firstAddress: '127.0.123.1' });
    engine = createEngine({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'custodian-watch-netns-')),
      loopbackOnly: true,
      identify: async () => null,
    });
  });
  afterAll(async () => {
    await engine?.close();
    await lab?.stop();
  });

  const faults = async (id: string, body: object) => {
    const res = await fetch(`${lab.urls.control}devices/${id}/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };
  const presence = (serial: string, state: 'online' | 'offline') =>
    new Promise<Device>((resolve) => {
      const off = engine.on('devices:changed', (c) => {
        if (c.device.serial === serial && c.device.presence?.state === state) {
          off();
          resolve(c.device);
        }
      });
    });

  it('takes a silent device offline after two missed sweeps and back online', async () => {
    const api = engine.apiFor('ipc');
    const target = lab.manifest.devices.find((d) => d.family === 'hikvision')!;
    const online = Promise.all(lab.manifest.devices.map((d) => presence(d.serial, 'online')));
    await api['discovery:start']({ watch: true, durationMs: 800, intervalMs: 1000 });
    await online;

    const gone = presence(target.serial, 'offline');
    await faults(target.id, { packetLoss: 1 });
    const offline = await gone;
    expect(offline.presence?.state).toBe('offline');
    const others = (await api['devices:list']()).filter((d) => d.serial !== target.serial);
    expect(others.every((d) => d.presence?.state === 'online')).toBe(true);

    const back = presence(target.serial, 'online');
    await faults(target.id, {});
    await back;
    expect(await api['discovery:stop']()).toEqual({ stopped: true });
    expect(await api['discovery:status']()).toMatchObject({
      state: 'stopped',
      watch: { online: 3, offline: 0 },
    });
  }, 30_000);
});
