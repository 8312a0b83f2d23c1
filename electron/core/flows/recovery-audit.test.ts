/**
 * The "Recoverable?" audit on Device.recovery, through the whole engine (fake driver): filled from
 * a logged-in capabilities read, from each set-up step the device accepted, voided for the key
 * after a reset, announced as `devices:changed`, and used to offer the QR path only when an
 * e-mail is bound. Nothing is guessed: a part nobody said stays null.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Device } from '../../shared/dto';
import { CustodianError } from '../../shared/errors';
import type { RecoveryMethod } from '../../shared/flows';
import { fakeDeviceId, FakeDriver } from '../../testing/fake-driver';
import { settled, startFlowHarness, type FlowHarness } from '../../testing/flow-harness';
import type { Credentials, RecoveryChallenge } from '../vendors/driver';

const D1 = fakeDeviceId(1);
const NEW = 'New-Pass-77x';
const harnesses: FlowHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.engine.close()));
});

async function harness(driver?: FakeDriver) {
  const h = await startFlowHarness(driver ? { driver } : {});
  harnesses.push(h);
  const changes: Device['recovery'][] = [];
  h.engine.on('devices:changed', (c) => {
    if (c.device.id === D1 && c.change === 'updated')
      changes.push(structuredClone(c.device.recovery));
  });
  return { ...h, changes };
}

async function activate(h: FlowHarness, email?: string) {
  const f = await h.api['flow:activate']({
    deviceIds: [D1],
    password: 'First-Pass1',
    ...(email ? { email } : {}),
  });
  expect((await settled(h.api, f.id)).state).toBe('succeeded');
}

const recovery = async (h: FlowHarness) => (await h.api['device:get']({ id: D1 })).recovery;

describe('Device.recovery', () => {
  it('starts unknown, and activation says only what it knows', async () => {
    const h = await harness();
    expect(await recovery(h)).toBeNull();
    await activate(h, 'o@example.com');
    // The first password has no key file yet; the questions were never asked about.
    expect(await recovery(h)).toEqual({ emailBound: true, questionsSet: null, keyExported: false });
    expect(h.changes.at(-1)).toEqual({ emailBound: true, questionsSet: null, keyExported: false });
  });

  it('a logged-in capabilities read fills what the device said, and a blind read forgets nothing', async () => {
    const h = await harness();
    await activate(h);
    const before = await recovery(h);
    expect(before?.emailBound).toBeNull();
    await h.api['device:capabilities']({ id: D1 });
    expect(await recovery(h)).toEqual({
      emailBound: false,
      questionsSet: false,
      keyExported: false,
    });
    await h.api['device:forget']({ id: D1 });
    await h.api['device:capabilities']({ id: D1 });
    expect(await recovery(h)).toEqual({
      emailBound: false,
      questionsSet: false,
      keyExported: false,
    });
  });

  it('set-up steps mark each part as the device accepts it, announcing each change', async () => {
    const h = await harness();
    await activate(h);
    h.changes.length = 0;
    const v = await h.api['flow:setupRecovery']({
      deviceId: D1,
      email: 'n@example.com',
      questions: [1, 2, 3].map((id) => ({ id, answer: `answer-${id}` })),
      exportKey: true,
    });
    expect(v.state).toBe('succeeded');
    expect(await recovery(h)).toEqual({ emailBound: true, questionsSet: true, keyExported: true });
    expect(h.changes).toEqual([
      { emailBound: false, questionsSet: false, keyExported: false },
      { emailBound: true, questionsSet: false, keyExported: false },
      { emailBound: true, questionsSet: true, keyExported: false },
      { emailBound: true, questionsSet: true, keyExported: true },
    ]);
  });

  it('a failed step marks nothing', async () => {
    const h = await harness();
    await activate(h);
    h.driver.bindEmail = async () => {
      throw new CustodianError('DEVICE_BAD_REPLY', 'refused');
    };
    const v = await h.api['flow:setupRecovery']({ deviceId: D1, email: 'n@example.com' });
    expect(v.state).toBe('failed');
    expect((await recovery(h))?.emailBound).toBe(false);
  });

  it('a reset voids the exported key file (a key belongs to one password)', async () => {
    const h = await harness();
    await activate(h, 'o@example.com');
    await h.api['flow:setupRecovery']({ deviceId: D1, exportKey: true });
    expect((await recovery(h))?.keyExported).toBe(true);
    const s = await h.api['flow:recover']({ deviceId: D1, method: 'qr' });
    const done = await h.api['flow:submit']({
      flowId: s.id,
      code: h.driver.deliveredCode(D1)!,
      newPassword: NEW,
    });
    expect(done.state).toBe('succeeded');
    expect(await recovery(h)).toEqual({
      emailBound: true,
      questionsSet: false,
      keyExported: false,
    });
  });
});

describe('the QR path needs a bound e-mail', () => {
  it('a device known to have none is not asked for a QR, and its capabilities say why', async () => {
    // Like the Hikvision driver: a read without a login cannot tell whether an e-mail is bound.
    class Blind extends FakeDriver {
      override async capabilities(device: Device, credentials?: Credentials) {
        const caps = await super.capabilities(device, credentials);
        if (credentials) return caps;
        const open = caps.capabilities.map(({ unavailableReason: _, ...c }) => c);
        return { ...caps, capabilities: open };
      }
    }
    const h = await harness(new Blind());
    await activate(h);
    await h.api['device:capabilities']({ id: D1 });
    await h.api['device:forget']({ id: D1 });
    // Without a login the driver cannot tell; the engine still knows.
    const caps = await h.api['device:capabilities']({ id: D1 });
    expect(caps.capabilities.find((c) => c.name === 'recoverByCode')?.unavailableReason).toBe(
      'no recovery e-mail reserved',
    );
    const before = h.driver.count('startRecovery:qr');
    await expect(h.api['flow:recover']({ deviceId: D1, method: 'qr' })).rejects.toMatchObject({
      code: 'RECOVERY_EMAIL_NOT_BOUND',
    });
    expect(h.driver.count('startRecovery:qr')).toBe(before);
    expect(await h.api['flows:list']()).toHaveLength(1); // only the activation
  });

  it('learns it from the device refusing the QR', async () => {
    class NoEmail extends FakeDriver {
      override async startRecovery(device: Device, method: RecoveryMethod) {
        if (method === 'qr')
          throw new CustodianError('RECOVERY_EMAIL_NOT_BOUND', 'invalidOperation');
        return super.startRecovery(device, method);
      }
    }
    const h = await harness(new NoEmail());
    const v = await h.api['flow:recover']({ deviceId: D1, method: 'qr' });
    expect(v).toMatchObject({
      state: 'failed',
      devices: [{ error: { code: 'RECOVERY_EMAIL_NOT_BOUND' } }],
    });
    expect(await recovery(h)).toEqual({ emailBound: false, questionsSet: null, keyExported: null });
    expect(h.changes.at(-1)?.emailBound).toBe(false);
  });
});

describe('what a challenge states reaches the flow', () => {
  it('the code length goes into the prompt and the support contact into the handout', async () => {
    const contact = {
      vendor: 'Hikvision',
      url: 'https://www.hikvision.com/en/support/',
      include: ['serial' as const],
      serial: 'SN-1',
    };
    class Stated extends FakeDriver {
      override async startRecovery(device: Device, method: RecoveryMethod) {
        const c: RecoveryChallenge = await super.startRecovery(device, method);
        return method === 'support' ? { ...c, codeLength: 8, supportContact: contact } : c;
      }
    }
    const h = await harness(new Stated());
    const s = await h.api['flow:recover']({ deviceId: D1, method: 'support' });
    expect(s.prompt).toEqual({ kind: 'code', codeLength: 8 });
    expect(s.handout?.supportContact).toEqual(contact);
    await h.api['flow:cancel']({ flowId: s.id });
    const q = await h.api['flow:recover']({ deviceId: D1, method: 'qr' });
    expect(q.prompt).toEqual({ kind: 'code', codeLength: null });
  });
});
