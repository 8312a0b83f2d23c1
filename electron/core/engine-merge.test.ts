import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayloads } from '../shared/contract';
import type { ScanProgress } from '../shared/dto';
import { FakeScanner } from '../testing/fake-scanner';
import type { Engine } from './engine';
import { testEngines } from '../testing/test-engines';
import type { FlowVerbs } from './engine-flows';
import { moveDeviceRecords, withResolvedIds } from './engine-merge';
import { LockoutGuard } from './flows/lockout-guard';
import { Vault } from './store/vault';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'custodian-merge-'));
const engine = testEngines();

function done(e: Engine): Promise<ScanProgress> {
  return new Promise((resolve) => {
    const off = e.on('discovery:progress', (p) => {
      if (p.state !== 'done') return;
      off();
      resolve(p);
    });
  });
}

const ENDPOINT = 'urn:uuid:a1b2c3d4-0000-4000-8000-bcad28000001';
const MAC = 'bc:ad:28:00:00:01';
const SERIAL = 'DS-2CD2032-I20240101AACH000000001';

describe('engine: two rows that prove to be one device', () => {
  it('WS-Discovery then SADP: ends with one MAC-keyed row and a removed event for the UUID row', async () => {
    // WS-Discovery hears the camera first (no MAC, no serial); SADP then hears it with both.
    // Nothing ties the two replies until the ONVIF identity read of the first row returns the
    // serial and MAC, after SADP's row exists.
    const wsd = new FakeScanner([{ address: '127.0.1.5', facts: { endpoint: ENDPOINT } }], 10);
    const sadp = new FakeScanner(
      [{ address: '127.0.1.5', facts: { family: 'hikvision', mac: MAC, serial: SERIAL } }],
      40,
      'sadp',
    );
    const e = engine({
      scanners: [wsd, sadp],
      identify: async (s) => {
        if (s.protocol !== 'wsd') return null;
        await new Promise((r) => setTimeout(r, 120));
        return {
          facts: { serial: SERIAL, mac: MAC, model: 'DS-2CD2032-I' },
          identity: 'device',
          needsCredentials: false,
        };
      },
    });
    const events: EventPayloads['devices:changed'][] = [];
    e.on('devices:changed', (c) => events.push(c));
    const api = e.apiFor('ipc');
    const finished = done(e);
    await api['discovery:start']({ durationMs: 300 });
    await finished;
    await new Promise((r) => setTimeout(r, 50)); // the identity read lands after the sweep

    const uuidId = 'uuid:a1b2c3d4-0000-4000-8000-bcad28000001';
    const macId = `mac:${MAC}`;
    expect(events.map((c) => `${c.change}:${c.device.id}`)).toEqual([
      `added:${uuidId}`,
      `added:${macId}`,
      `removed:${uuidId}`,
      `updated:${macId}`,
    ]);
    expect(events[2]).toMatchObject({ change: 'removed', mergedInto: macId });

    const list = await api['devices:list']();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: macId,
      family: 'hikvision',
      serial: SERIAL,
      model: 'DS-2CD2032-I',
      identity: 'device',
      protocols: ['sadp', 'wsd'],
      onvif: { endpoint: ENDPOINT },
    });
    // Both rows answered from one address: that was never a conflict with another device.
    expect(list[0]!.flags?.ipConflict).toBeUndefined();
    // A panel still holding the old id is shown the survivor.
    expect((await api['device:get']({ id: uuidId })).id).toBe(macId);
  });
});

describe('moveDeviceRecords', () => {
  const creds = { username: 'admin', password: 'Correct-Horse-9' };

  it('moves the absorbed row credentials and lock knowledge to a survivor that has none', async () => {
    const vault = new Vault(path.join(tmp(), 'vault.json'), { passphrase: 'pass phrase' });
    const guard = new LockoutGuard();
    await vault.set('uuid:x', creds);
    guard.observe('uuid:x', { attemptsLeft: 2, lockedUntil: null });
    await moveDeviceRecords({ vault, guard }, 'uuid:x', 'mac:m');
    expect(await vault.get('mac:m')).toEqual(creds);
    expect(await vault.has('uuid:x')).toBe(false);
    expect(guard.knowledge('mac:m')).toEqual({ attemptsLeft: 2, lockedUntil: null });
    expect(guard.knowledge('uuid:x')).toEqual({ attemptsLeft: null, lockedUntil: null });
  });

  it("keeps the survivor's own credentials and knowledge, and drops the absorbed copy", async () => {
    const vault = new Vault(path.join(tmp(), 'vault.json'), { passphrase: 'pass phrase' });
    const guard = new LockoutGuard();
    const mine = { username: 'admin', password: 'Survivor-Own-7' };
    await vault.set('uuid:x', creds);
    await vault.set('mac:m', mine);
    guard.observe('uuid:x', { attemptsLeft: 1, lockedUntil: null });
    guard.observe('mac:m', { attemptsLeft: 4, lockedUntil: null });
    await moveDeviceRecords({ vault, guard }, 'uuid:x', 'mac:m');
    expect(await vault.get('mac:m')).toEqual(mine);
    expect(await vault.has('uuid:x')).toBe(false);
    expect(guard.knowledge('mac:m').attemptsLeft).toBe(4);
  });

  it('leaves a vault it cannot open as it is, without throwing', async () => {
    const file = path.join(tmp(), 'vault.json');
    await new Vault(file, { passphrase: 'right' }).set('uuid:x', creds);
    const locked = new Vault(file, { passphrase: 'wrong' });
    await moveDeviceRecords({ vault: locked, guard: new LockoutGuard() }, 'uuid:x', 'mac:m');
    expect(await new Vault(file, { passphrase: 'right' }).get('uuid:x')).toEqual(creds);
  });
});

describe('withResolvedIds', () => {
  it('resolves id, deviceId and deviceIds inputs and passes other inputs through', async () => {
    const seen: unknown[] = [];
    const record = (input: unknown) => (seen.push(input), Promise.resolve(null as never));
    const names = ['device:login', 'flow:recover', 'flow:activate', 'flows:list', 'flow:get'];
    const verbs = Object.fromEntries(names.map((n) => [n, record])) as unknown as FlowVerbs;
    const resolved = withResolvedIds(verbs, (id) => (id === 'uuid:x' ? 'mac:m' : id));
    await resolved['device:login']({ id: 'uuid:x', username: 'admin', password: 'p' });
    await resolved['flow:recover']({ deviceId: 'uuid:x', method: 'qr' });
    await resolved['flow:activate']({ deviceIds: ['uuid:x', 'serial:s'], password: 'p' });
    await resolved['flows:list'](undefined as never);
    await resolved['flow:get']({ flowId: 'f1' });
    expect(seen).toEqual([
      { id: 'mac:m', username: 'admin', password: 'p' },
      { deviceId: 'mac:m', method: 'qr' },
      { deviceIds: ['mac:m', 'serial:s'], password: 'p' },
      undefined,
      { flowId: 'f1' },
    ]);
  });
});
