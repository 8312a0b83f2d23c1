import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowView } from '../../shared/flows';
import { fakeDeviceId } from '../../testing/fake-driver';
import { settled, startFlowHarness, type FlowHarness } from '../../testing/flow-harness';

const PASSWORD = 'Strong-Pass1';
const [D1, D2, D3] = [1, 2, 3].map(fakeDeviceId) as [string, string, string];
const harnesses: FlowHarness[] = [];
async function harness(): Promise<FlowHarness> {
  const h = await startFlowHarness();
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.engine.close()));
});

const device = (v: FlowView, id: string) => v.devices.find((d) => d.deviceId === id)!;

describe('activation flow', () => {
  it('activates a batch of 3, one failing, and the others go on', async () => {
    const { api, driver, engine } = await harness();
    driver.account(D2).failActivate = true;
    const events: FlowView[] = [];
    engine.on('flow:changed', (v) => events.push(v));
    const started = await api['flow:activate']({
      deviceIds: [D1, D2, D3],
      password: PASSWORD,
      email: 'owner@example.com',
    });
    expect(started.state).toBe('running');
    const done = await settled(api, started.id);
    expect(done.state).toBe('failed');
    for (const id of [D1, D3]) {
      expect(device(done, id)).toMatchObject({ state: 'succeeded', step: 'done' });
      expect(device(done, id).stepsDone).toEqual([
        'checkPolicy',
        'activate',
        'storeCredentials',
        'bindEmail',
      ]);
      expect(driver.account(id)).toMatchObject({ active: true, email: 'owner@example.com' });
      expect((await api['device:capabilities']({ id })).hasCredentials).toBe(true);
      expect((await api['device:get']({ id })).account).toBe('active');
    }
    expect(device(done, D2)).toMatchObject({
      state: 'failed',
      step: 'activate',
      error: { code: 'DEVICE_BAD_REPLY' },
    });
    expect(driver.count('bindEmail', D2)).toBe(0);
    expect((await api['device:capabilities']({ id: D2 })).hasCredentials).toBe(false);
    // Each device is activated once: nothing is retried.
    for (const id of [D1, D2, D3]) expect(driver.count('activate', id)).toBe(1);
    expect(events.at(-1)).toEqual(done);
    expect(events.some((e) => device(e, D1).step === 'activate')).toBe(true);
  });

  it('checks the password against each device policy before sending anything', async () => {
    const { api, driver } = await harness();
    const v = await settled(
      api,
      (await api['flow:activate']({ deviceIds: [D1, D3], password: 'short' })).id,
    );
    expect(v.state).toBe('failed');
    for (const d of v.devices) {
      expect(d.error).toMatchObject({ code: 'PASSWORD_POLICY' });
      expect(d.error?.detail).toContain('TOO_SHORT');
      expect(d.error?.message).not.toContain('short');
    }
    expect(driver.count('activate')).toBe(0);
  });

  it('refuses an already active device and an unknown one', async () => {
    const { api, driver } = await harness();
    const v = await settled(
      api,
      (await api['flow:activate']({ deviceIds: [fakeDeviceId(4)], password: PASSWORD })).id,
    );
    expect(v.devices[0]).toMatchObject({
      state: 'failed',
      error: { code: 'CAPABILITY_UNAVAILABLE' },
    });
    expect(driver.count('activate')).toBe(0);
    await expect(
      api['flow:activate']({ deviceIds: [D1, 'mac:00:00:00:00:00:99'], password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(api['flow:activate']({ deviceIds: [], password: PASSWORD })).rejects.toMatchObject(
      {
        code: 'INVALID_INPUT',
      },
    );
  });

  it('audits each step without the password or the e-mail address', async () => {
    const { api, dataDir } = await harness();
    await settled(
      api,
      (await api['flow:activate']({ deviceIds: [D1], password: PASSWORD, email: 'o@example.com' }))
        .id,
    );
    const lines = readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).action)).toEqual(['activate', 'bindEmail']);
    expect(lines.join('\n')).not.toMatch(/Strong-Pass1|example\.com/);
  });

  it('cancels the devices of a batch that were not reached yet', async () => {
    const { api } = await harness();
    const started = await api['flow:activate']({ deviceIds: [D1, D2, D3], password: PASSWORD });
    const cancelled = await api['flow:cancel']({ flowId: started.id });
    expect(cancelled.devices.every((d) => d.state !== 'succeeded')).toBe(true);
    const done = await settled(api, started.id);
    expect(['cancelled', 'failed', 'succeeded']).toContain(done.state);
    await expect(api['flow:cancel']({ flowId: started.id })).rejects.toMatchObject({
      code: 'FLOW_STATE',
    });
  });
});
