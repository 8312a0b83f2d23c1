import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fakeDeviceId } from '../testing/fake-driver';
import { settled, startFlowHarness, type FlowHarness } from '../testing/flow-harness';

const D1 = fakeDeviceId(1);
const harnesses: FlowHarness[] = [];
async function activatedHarness(): Promise<FlowHarness> {
  const h = await startFlowHarness();
  harnesses.push(h);
  const f = await h.api['flow:activate']({ deviceIds: [D1], password: 'Right-Pass1' });
  await settled(h.api, f.id);
  await h.api['device:forget']({ id: D1 });
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((x) => x.engine.close()));
});

describe('device login and capabilities', () => {
  it('stores credentials only when the device accepts them', async () => {
    const h = await activatedHarness();
    await expect(
      h.api['device:login']({ id: D1, username: 'admin', password: 'Wrong-Pass1' }),
    ).rejects.toMatchObject({ code: 'DEVICE_AUTH_FAILED', detail: '4 tries left' });
    expect((await h.api['device:capabilities']({ id: D1 })).hasCredentials).toBe(false);
    expect(
      await h.api['device:login']({ id: D1, username: 'admin', password: 'Right-Pass1' }),
    ).toEqual({ ok: true });
    const caps = await h.api['device:capabilities']({ id: D1 });
    expect(caps).toMatchObject({ hasCredentials: true, family: 'hikvision', questionsRequired: 3 });
    expect(JSON.stringify(caps)).not.toContain('Right-Pass1');
    expect(await h.api['device:forget']({ id: D1 })).toEqual({ forgotten: true });
    expect((await h.api['device:capabilities']({ id: D1 })).hasCredentials).toBe(false);
  });

  it('shows the tries left and refuses the last one without confirmation', async () => {
    const h = await activatedHarness();
    h.driver.account(D1).loginTriesLeft = 1;
    expect((await h.api['device:capabilities']({ id: D1 })).attemptsLeft).toBe(1);
    const before = h.driver.count('verifyLogin');
    await expect(
      h.api['device:login']({ id: D1, username: 'admin', password: 'Wrong-Pass1' }),
    ).rejects.toMatchObject({ code: 'LAST_ATTEMPT_NEEDS_CONFIRMATION' });
    expect(h.driver.count('verifyLogin')).toBe(before);
    await expect(
      h.api['device:login']({
        id: D1,
        username: 'admin',
        password: 'Wrong-Pass1',
        confirmLastAttempt: true,
      }),
    ).rejects.toMatchObject({ code: 'DEVICE_LOCKED' });
    const caps = await h.api['device:capabilities']({ id: D1 });
    expect(caps.lockedUntil).not.toBeNull();
    await expect(
      h.api['device:login']({ id: D1, username: 'admin', password: 'Right-Pass1' }),
    ).rejects.toMatchObject({ code: 'DEVICE_LOCKED' });
    expect(h.driver.count('verifyLogin')).toBe(before + 1);
  });

  it('refuses a login it could not keep when the vault passphrase is wrong', async () => {
    const h = await activatedHarness();
    await h.api['device:login']({ id: D1, username: 'admin', password: 'Right-Pass1' });
    await h.engine.close();
    const { createEngine } = await import('./engine');
    const e = createEngine({
      dataDir: h.dataDir,
      loopbackOnly: true,
      scanners: [],
      drivers: { hikvision: h.driver },
      vaultPassphrase: 'not the passphrase',
    });
    await expect(e.unlockVault()).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await e.close();
  });

  it('says when a family has no driver, and when a device is unknown', async () => {
    const h = await startFlowHarness();
    harnesses.push(h);
    const { createEngine } = await import('./engine');
    const { FakeScanner } = await import('../testing/fake-scanner');
    const { FAKE_HIK_DEVICES } = await import('../testing/fake-driver');
    const { discoverAll } = await import('../testing/flow-harness');
    const bare = createEngine({
      dataDir: h.dataDir,
      loopbackOnly: true,
      scanners: [new FakeScanner(FAKE_HIK_DEVICES, 1)],
      identify: async () => null,
      drivers: {},
    });
    await discoverAll(bare);
    await expect(bare.apiFor('ipc')['device:capabilities']({ id: D1 })).rejects.toMatchObject({
      code: 'CAPABILITY_UNAVAILABLE',
      detail: 'no driver for hikvision',
    });
    await bare.close();
    await expect(
      h.api['device:capabilities']({ id: 'mac:00:00:00:00:00:99' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('device password change', () => {
  const NEXT = 'Next-Horse-22';

  it('needs stored credentials and sends nothing without them', async () => {
    const h = await activatedHarness();
    await expect(
      h.api['device:changePassword']({ id: D1, newPassword: NEXT }),
    ).rejects.toMatchObject({ code: 'DEVICE_AUTH_REQUIRED' });
    expect(h.driver.count('changePassword')).toBe(0);
    expect(h.driver.account(D1).password).toBe('Right-Pass1');
  });

  it('changes the password with the stored one and keeps the new one in the vault', async () => {
    const h = await activatedHarness();
    await h.api['device:login']({ id: D1, username: 'admin', password: 'Right-Pass1' });
    expect(await h.api['device:changePassword']({ id: D1, newPassword: NEXT })).toEqual({
      ok: true,
    });
    expect(h.driver.account(D1).password).toBe(NEXT);
    expect(h.driver.count('changePassword', D1)).toBe(1);
    // The stored credentials now work: a set-up with them authenticates with the new password.
    const setup = await h.api['flow:setupRecovery']({ deviceId: D1, exportKey: true });
    expect(setup.state).toBe('succeeded');
    const lines = await readFile(path.join(h.dataDir, 'audit.jsonl'), 'utf8');
    expect(lines).toContain('"action":"changePassword"');
    expect(lines).not.toContain(NEXT);
    expect(lines).not.toContain('Right-Pass1');
  });

  it('refuses a password the device policy forbids before sending it', async () => {
    const h = await activatedHarness();
    await h.api['device:login']({ id: D1, username: 'admin', password: 'Right-Pass1' });
    for (const bad of ['short1', 'alllowercaseletters', 'Admin-Pass1', 'Quote"Pass1']) {
      const err = await h.api['device:changePassword']({ id: D1, newPassword: bad }).catch(
        (e: unknown) => e,
      );
      expect(err, bad).toMatchObject({ code: 'PASSWORD_POLICY' });
      expect(JSON.stringify(err)).not.toContain(bad);
    }
    await expect(
      h.api['device:changePassword']({ id: D1, newPassword: 'Right-Pass1' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(h.driver.count('changePassword')).toBe(0);
    expect(h.driver.account(D1).password).toBe('Right-Pass1');
  });

  it('leaves the vault alone when the device refuses the change', async () => {
    const h = await activatedHarness();
    await h.api['device:login']({ id: D1, username: 'admin', password: 'Right-Pass1' });
    // Someone changed the password on the device itself: the stored one no longer works.
    h.driver.account(D1).password = 'Other-Pass9';
    await expect(
      h.api['device:changePassword']({ id: D1, newPassword: NEXT }),
    ).rejects.toMatchObject({ code: 'DEVICE_AUTH_FAILED' });
    expect(h.driver.account(D1).password).toBe('Other-Pass9');
    h.driver.account(D1).password = 'Right-Pass1';
    // The vault still holds the old password, which works again.
    expect((await h.api['flow:setupRecovery']({ deviceId: D1, exportKey: true })).state).toBe(
      'succeeded',
    );
    const lines = await readFile(path.join(h.dataDir, 'audit.jsonl'), 'utf8');
    expect(lines).toMatch(/"action":"changePassword"[^\n]*"outcome":"failed"/);
    expect(lines).not.toContain(NEXT);
  });

  it('refuses the last try without confirmation and never reaches the device', async () => {
    const h = await activatedHarness();
    await h.api['device:login']({ id: D1, username: 'admin', password: 'Right-Pass1' });
    h.driver.account(D1).loginTriesLeft = 1;
    const before = h.driver.calls.length;
    await expect(
      h.api['device:changePassword']({ id: D1, newPassword: NEXT }),
    ).rejects.toMatchObject({ code: 'LAST_ATTEMPT_NEEDS_CONFIRMATION' });
    expect(h.driver.calls.slice(before).map((c) => c.op)).toEqual(['lockState']);
    expect(
      await h.api['device:changePassword']({ id: D1, newPassword: NEXT, confirmLastAttempt: true }),
    ).toEqual({ ok: true });
    expect(h.driver.account(D1).password).toBe(NEXT);
  });
});
