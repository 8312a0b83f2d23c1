import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeDeviceId, FakeDriver } from '../../testing/fake-driver';
import { settled, startFlowHarness, type FlowHarness } from '../../testing/flow-harness';

const D1 = fakeDeviceId(1);
const NEW = 'New-Pass-77x';
const harnesses: FlowHarness[] = [];
async function harness(o: Parameters<typeof startFlowHarness>[0] = {}) {
  const h = await startFlowHarness(o);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.engine.close()));
});

/** An activated device with its e-mail bound and credentials in the vault. */
async function activated(h: FlowHarness) {
  const f = await h.api['flow:activate']({
    deviceIds: [D1],
    password: 'First-Pass1',
    email: 'o@example.com',
  });
  expect((await settled(h.api, f.id)).state).toBe('succeeded');
}

describe('recovery set-up', () => {
  it('binds the e-mail, sets questions and hands the key file out once', async () => {
    const h = await harness();
    await activated(h);
    const answers = [1, 2, 3].map((id) => ({ id, answer: `answer-${id}` }));
    const v = await h.api['flow:setupRecovery']({
      deviceId: D1,
      email: 'n@example.com',
      questions: answers,
      exportKey: true,
    });
    expect(v).toMatchObject({ state: 'succeeded', kind: 'setupRecovery' });
    expect(v.devices[0]!.stepsDone).toEqual(['bindEmail', 'setQuestions', 'exportKey']);
    const key = Buffer.from(h.driver.account(D1).key!).toString('base64');
    expect(v.handout?.keyFileBase64).toBe(key);
    expect(h.driver.account(D1).answers).toEqual(answers);
    const later = await h.api['flow:get']({ flowId: v.id });
    expect(later.handout?.keyFileBase64).toBeUndefined();
    await h.engine.close();
    expect(readFileSync(path.join(h.dataDir, 'flows.json'), 'utf8')).not.toContain(key);
  });

  it('refuses without stored credentials, a wrong number of answers, or nothing to do', async () => {
    const h = await harness();
    await expect(
      h.api['flow:setupRecovery']({ deviceId: D1, exportKey: true }),
    ).rejects.toMatchObject({ code: 'DEVICE_AUTH_REQUIRED' });
    await activated(h);
    await expect(
      h.api['flow:setupRecovery']({ deviceId: D1, questions: [{ id: 1, answer: 'x' }] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(h.api['flow:setupRecovery']({ deviceId: D1 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(h.driver.count('setQuestions')).toBe(0);
  });
});

describe('recovery', () => {
  it('by QR: a wrong code shows the tries left, then the right code sets the password', async () => {
    const h = await harness();
    await activated(h);
    const start = await h.api['flow:recover']({ deviceId: D1, method: 'qr' });
    expect(start).toMatchObject({ state: 'needsInput', method: 'qr', prompt: { kind: 'code' } });
    expect(start.handout).toMatchObject({
      appPath: expect.stringContaining('Hik-Connect'),
      sentTo: 'o***@example.com',
    });
    expect(start.handout?.qrPayload).toContain('HIK-RESET');
    expect(start.devices[0]!.attemptsLeft).toBe(3);
    const wrong = await h.api['flow:submit']({ flowId: start.id, code: 'WRONG', newPassword: NEW });
    expect(wrong).toMatchObject({ state: 'needsInput' });
    expect(wrong.devices[0]).toMatchObject({
      attemptsLeft: 2,
      error: { code: 'CODE_REJECTED', detail: '2 tries left' },
    });
    const code = h.driver.deliveredCode(D1)!;
    const ok = await h.api['flow:submit']({ flowId: start.id, code, newPassword: NEW });
    expect(ok.state).toBe('succeeded');
    expect(ok.handout).toBeUndefined();
    expect(h.driver.account(D1).password).toBe(NEW);
    expect(h.driver.count('completeRecovery')).toBe(2);
    expect(await h.api['device:login']({ id: D1, username: 'admin', password: NEW })).toEqual({
      ok: true,
    });
    await expect(
      h.api['flow:submit']({ flowId: start.id, code, newPassword: NEW }),
    ).rejects.toMatchObject({ code: 'FLOW_STATE' });
  });

  it('refuses the last code try without confirmation and spends it with one', async () => {
    const h = await harness();
    await activated(h);
    const s = await h.api['flow:recover']({ deviceId: D1, method: 'support' });
    expect(s.handout?.supportCode).toBe('SC-1234');
    await h.api['flow:submit']({ flowId: s.id, code: 'BAD1', newPassword: NEW });
    await h.api['flow:submit']({ flowId: s.id, code: 'BAD2', newPassword: NEW });
    await expect(
      h.api['flow:submit']({ flowId: s.id, code: 'BAD3', newPassword: NEW }),
    ).rejects.toMatchObject({ code: 'LAST_ATTEMPT_NEEDS_CONFIRMATION' });
    expect(h.driver.count('completeRecovery')).toBe(2);
    const code = h.driver.deliveredCode(D1)!;
    const v = await h.api['flow:submit']({
      flowId: s.id,
      code,
      newPassword: NEW,
      confirmLastAttempt: true,
    });
    expect(v.state).toBe('succeeded');
  });

  it('fails an expired code with CODE_EXPIRED without spending a try', async () => {
    let now = new Date();
    const h = await harness({ now: () => now });
    const s = await h.api['flow:recover']({ deviceId: D1, method: 'qr' });
    now = new Date(now.getTime() + 6 * 60_000);
    const v = await h.api['flow:get']({ flowId: s.id });
    expect(v).toMatchObject({ state: 'failed', devices: [{ error: { code: 'CODE_EXPIRED' } }] });
    await expect(
      h.api['flow:submit']({ flowId: s.id, code: 'X', newPassword: NEW }),
    ).rejects.toMatchObject({ code: 'CODE_EXPIRED' });
    expect(h.driver.count('completeRecovery')).toBe(0);
  });

  it('fails with CODE_EXPIRED when the device says the code is void', async () => {
    const h = await harness();
    const s = await h.api['flow:recover']({ deviceId: D1, method: 'qr' });
    h.driver.account(D1).code = null;
    const v = await h.api['flow:submit']({ flowId: s.id, code: 'ABC', newPassword: NEW });
    expect(v).toMatchObject({ state: 'failed', devices: [{ error: { code: 'CODE_EXPIRED' } }] });
  });

  it('notices a reboot in the middle and makes the person start over', async () => {
    const h = await harness();
    const s = await h.api['flow:recover']({ deviceId: D1, method: 'qr' });
    const code = h.driver.deliveredCode(D1)!;
    h.driver.reboot(D1);
    const v = await h.api['flow:submit']({ flowId: s.id, code, newPassword: NEW });
    expect(v).toMatchObject({
      state: 'failed',
      rebootDetected: true,
      devices: [{ error: { code: 'REBOOT_DETECTED' } }],
    });
    expect(h.driver.count('completeRecovery')).toBe(0);
  });

  it('takes only the input the method asks for, at the right moment', async () => {
    const h = await harness();
    const s = await h.api['flow:recover']({ deviceId: D1, method: 'questions' });
    expect(s.prompt).toMatchObject({ kind: 'answers' });
    await expect(
      h.api['flow:submit']({ flowId: s.id, code: 'X', newPassword: NEW }),
    ).rejects.toMatchObject({ code: 'FLOW_STATE' });
    await expect(
      h.api['flow:submit']({ flowId: s.id, answers: [{ id: 1, answer: 'a' }] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      h.api['flow:submit']({
        flowId: s.id,
        answers: [{ id: 1, answer: 'a' }],
        newPassword: 'weak',
      }),
    ).rejects.toMatchObject({ code: 'PASSWORD_POLICY' });
    await expect(
      h.api['flow:submit']({ flowId: 'nope', code: 'X', newPassword: NEW }),
    ).rejects.toMatchObject({ code: 'FLOW_NOT_FOUND' });
    expect((await h.api['flow:cancel']({ flowId: s.id })).state).toBe('cancelled');
    await expect(
      h.api['flow:submit']({ flowId: s.id, answers: [{ id: 1, answer: 'a' }], newPassword: NEW }),
    ).rejects.toMatchObject({ code: 'FLOW_STATE' });
    expect(h.driver.count('completeRecovery')).toBe(0);
  });

  it('survives an engine restart: the QR, expiry and tries used are still there', async () => {
    const driver = new FakeDriver();
    const h = await harness({ driver });
    const s = await h.api['flow:recover']({ deviceId: D1, method: 'qr' });
    await h.api['flow:submit']({ flowId: s.id, code: 'WRONG', newPassword: NEW });
    await h.engine.close();
    // No rediscovery: the flow finishes on the device as it was found.
    const again = await harness({ dataDir: h.dataDir, driver, discover: false });
    const [v] = await again.api['flows:list']();
    expect(v).toMatchObject({
      id: s.id,
      state: 'needsInput',
      handout: s.handout,
      devices: [{ attemptsLeft: 2 }],
    });
    const done = await again.api['flow:submit']({
      flowId: s.id,
      code: driver.deliveredCode(D1)!,
      newPassword: NEW,
    });
    expect(done.state).toBe('succeeded');
  });

  it('after a restart, fails a flow that was in the middle of a request (device state unknown)', async () => {
    const h = await harness();
    const s = await h.api['flow:recover']({ deviceId: D1, method: 'qr' });
    await h.engine.close();
    const file = path.join(h.dataDir, 'flows.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.flows[0].busy = true; // as if the engine died while completeRecovery was on the wire
    writeFileSync(file, JSON.stringify(doc));
    const again = await harness({ dataDir: h.dataDir, discover: false });
    const v = await again.api['flow:get']({ flowId: s.id });
    expect(v).toMatchObject({
      state: 'failed',
      devices: [{ error: { code: 'FLOW_INTERRUPTED' } }],
    });
  });
});
