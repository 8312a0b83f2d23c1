/** Authenticated account calls: contact binding, questions, password change, camera sync, faults. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD } from './testing/devices';
import { startHttpHarness, type HttpHarness } from './testing/start';
import { QUESTION_RPC } from './questions';
import { assumedCameraSyncRpc } from './camera-sync';

let h: HttpHarness;
beforeAll(async () => {
  h = await startHttpHarness('127.0.84');
});
afterAll(() => h.rt.stop());

describe('recovery set-up', () => {
  it('binds a contact e-mail through the encrypted PasswdFind.setContact', async () => {
    const c = h.client('dh-cam');
    expect(h.rt.snapshot('dh-cam').emailBound).toBe(false);
    expect(
      (await c.call('PasswdFind.setContact', await c.seal({ contactEmail: 'x@example.com' }))).error
        ?.code,
    ).toBe(287637504);
    await c.login(FIXTURE_PASSWORD);
    const sealed = await c.seal({ contactEmail: 'x@example.com', contactPhone: '', mode: 3 });
    expect((await c.call('PasswdFind.setContact', sealed)).result).toBe(true);
    expect((await c.call('PasswdFind.getContact', { mode: 0 })).params).toMatchObject({
      contactEmail: 'x@example.com',
    });
    expect(h.rt.snapshot('dh-cam').emailBound).toBe(true);
  });

  it('sets security questions, then resets the password by answering them', async () => {
    const c = h.client('dh-cam');
    await c.login(FIXTURE_PASSWORD);
    const question = [{ question: 'What is your favorite movie?', answer: 'Alien' }];
    expect((await c.call(QUESTION_RPC.set, { question })).result).toBe(true);
    expect(h.rt.snapshot('dh-cam').questionsSet).toBe(true);
    const asked = await c.outside(QUESTION_RPC.get, { user: 'admin' });
    expect(asked.params).toEqual({ question: [{ question: 'What is your favorite movie?' }] });
    const wrong = await c.outside(QUESTION_RPC.check, {
      user: 'admin',
      question: [{ answer: 'Heat' }],
    });
    expect(wrong.params).toMatchObject({ checkResult: 'false', remainTimes: 4 });
    const right = await c.outside(QUESTION_RPC.check, {
      user: 'admin',
      question: [{ answer: 'Alien' }],
    });
    expect(right.params).toEqual({ checkResult: 'true' });
    const reset = {
      user: 'admin',
      question: [{ answer: 'Alien' }],
      pwd: 'By-Question-2025',
      tip: '',
    };
    expect((await c.outside(QUESTION_RPC.reset, await c.seal(reset))).result).toBe(true);
    expect((await c.login('By-Question-2025')).result).toBe(true);
  });

  it('changes the password with userManager.modifyPassword', async () => {
    const c = h.client('dh-cam');
    await c.login('By-Question-2025');
    const bad = await c.call('userManager.modifyPassword', {
      name: 'admin',
      pwd: 'New-Pass-2025',
      pwdOld: 'nope',
    });
    expect(bad.result).toBe(false);
    const r = await c.call('userManager.modifyPassword', {
      name: 'admin',
      pwd: FIXTURE_PASSWORD,
      pwdOld: 'By-Question-2025',
    });
    expect(r.result).toBe(true);
    expect((await c.call('magicBox.getSerialNo')).result).toBe(true);
  });
});

describe('recorder password sync to its cameras', () => {
  it('pushes the new password to each camera and records which took it', async () => {
    const c = h.client('dh-nvr');
    await c.login(FIXTURE_PASSWORD);
    const changed = { name: 'admin', pwd: 'Synced-Pass-2025', pwdOld: FIXTURE_PASSWORD };
    expect((await c.call('userManager.modifyPassword', changed)).result).toBe(true);
    const r = await c.call(assumedCameraSyncRpc().method);
    expect(r.params!.cameras).toEqual([
      { ip: '127.0.84.2', serial: '4H01D66PAJ2FA64', result: true },
      { ip: '127.0.99.9', serial: '5K02E77QBK3GB75', result: true },
    ]);
    // The camera in this lab really changed: it now takes the recorder's password.
    expect((await h.client('dh-cam').login('Synced-Pass-2025')).result).toBe(true);
    const synced = h.rt.snapshot('dh-nvr').syncedCameras as { ip: string }[];
    expect(synced.map((x) => x.ip)).toEqual(['127.0.84.2', '127.0.99.9']);
    expect(JSON.stringify(h.rt.snapshot('dh-nvr'))).not.toContain('Synced-Pass-2025');
  });

  it('is not offered by a camera', async () => {
    const c = h.client('dh-cam');
    await c.login('Synced-Pass-2025');
    expect((await c.call(assumedCameraSyncRpc().method)).error?.code).toBe(268894210);
  });
});

describe('HTTP faults', () => {
  it('garbles replies while malformed is on', async () => {
    const c = h.client('dh-new');
    h.ctx.setFaults('dh-new', { malformed: true });
    const r = await c.post('/OutsideCmd', { method: 'DevInit.getStatus', params: null, id: 1 });
    expect(r.status).toBe(200);
    expect(r.json).toBeNull();
    h.ctx.setFaults('dh-new', { malformed: false });
  });

  it('drops requests under packet loss and delays replies under latency', async () => {
    const c = h.client('dh-new');
    h.ctx.setFaults('dh-new', { packetLoss: 1 });
    await expect(c.outside('DevInit.getStatus')).rejects.toThrow();
    h.ctx.setFaults('dh-new', { packetLoss: 0, latencyMs: 150 });
    const started = performance.now();
    expect((await c.outside('DevInit.getStatus')).result).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    h.ctx.setFaults('dh-new', { latencyMs: 0 });
  });
});
