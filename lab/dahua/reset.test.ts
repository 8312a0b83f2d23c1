/** The QR + e-mailed security code reset (PasswdFind, dahua.md §12a) and reboots in its middle. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD } from './testing/devices';
import { startHttpHarness, type HttpHarness } from './testing/start';

let h: HttpHarness;
beforeAll(async () => {
  h = await startHttpHarness('127.0.83');
});
afterAll(() => h.rt.stop());

const WRONG = (0x80000000 | 1018) >>> 0;
const EXPIRED = (0x80000000 | 1019) >>> 0;
const TOO_MANY = (0x80000000 | 1114) >>> 0;

describe('PasswdFind reset', () => {
  it('shows the QR and masked e-mail and registers a random code with the desk', async () => {
    const c = h.client('dh-nvr');
    const r = await c.outside('PasswdFind.getDescript', { name: 'admin' });
    expect(r.params).toMatchObject({ contactEmail: 'o***@example.com', contactPhone: '', mode: 2 });
    const reg = h.ctx.desk.latest('dh-nvr')!;
    expect(reg).toMatchObject({
      family: 'dahua',
      serial: '7M0ABCDPAZ59CE6',
      email: 'owner@example.com',
    });
    expect(reg.payload).toBe(r.params!.desc);
    expect(reg.code).toMatch(/^[0-9a-f]{8}$/);
    expect(reg.expiresAt - h.ctx.now()).toBe(24 * 3600_000);
    // The same QR while it is on screen: no second code.
    expect((await c.outside('PasswdFind.getDescript', { name: 'admin' })).params!.desc).toBe(
      reg.payload,
    );
    expect(h.ctx.desk.expected.filter((x) => x.deviceId === 'dh-nvr')).toHaveLength(1);
  });

  it('counts wrong codes down, then accepts the right one', async () => {
    const c = h.client('dh-nvr');
    const code = h.ctx.desk.latest('dh-nvr')!.code;
    const wrong = await c.outside(
      'PasswdFind.checkAuthCode',
      await c.seal({ authCode: 'deadbeef' }),
    );
    expect(wrong.error?.code).toBe(WRONG);
    expect(wrong.params).toEqual({ remainTimes: 4, remainLockSecond: 0 });
    const right = await c.outside('PasswdFind.checkAuthCode', await c.seal({ authCode: code }));
    expect(right).toMatchObject({ result: true, params: { result: true } });
  });

  it('resets the password with the code, which cancels the payload at the desk', async () => {
    const c = h.client('dh-nvr');
    const { code, payload } = h.ctx.desk.latest('dh-nvr')!;
    const weak = await c.outside(
      'PasswdFind.resetPassword',
      await c.seal({ user: 'admin', auth: code, pwd: 'weak' }),
    );
    expect(weak.result).toBe(false);
    const body = { user: 'admin', auth: code, pwd: 'Recovered-2025' };
    expect((await c.outside('PasswdFind.resetPassword', await c.seal(body))).params).toEqual({
      result: true,
    });
    expect(h.ctx.desk.cancelled).toContain(payload);
    expect((await c.login('Recovered-2025')).result).toBe(true);
    expect(h.rt.snapshot('dh-nvr').resetPending).toBe(false);
  });

  it('locks checking after five wrong codes', async () => {
    const c = h.client('dh-cam');
    await c.outside('PasswdFind.getDescript', { name: 'admin' });
    expect(h.ctx.desk.latest('dh-cam')!.email).toBeNull();
    for (let i = 0; i < 4; i++)
      expect(
        (await c.outside('PasswdFind.checkAuthCode', await c.seal({ authCode: '00000000' }))).error
          ?.code,
      ).toBe(WRONG);
    const fifth = await c.outside(
      'PasswdFind.checkAuthCode',
      await c.seal({ authCode: '00000000' }),
    );
    expect(fifth.error?.code).toBe(TOO_MANY);
    expect(fifth.params).toEqual({ remainTimes: 0, remainLockSecond: 300 });
    const code = h.ctx.desk.latest('dh-cam')!.code;
    expect(
      (await c.outside('PasswdFind.checkAuthCode', await c.seal({ authCode: code }))).error?.code,
    ).toBe(TOO_MANY);
    h.ctx.advance(300_000);
    expect(
      (await c.outside('PasswdFind.checkAuthCode', await c.seal({ authCode: code }))).result,
    ).toBe(true);
  });

  it('expires the code after 24 h', async () => {
    const c = h.client('dh-cam');
    const { code, payload } = h.ctx.desk.latest('dh-cam')!;
    h.ctx.advance(24 * 3600_000 + 1);
    expect(
      (await c.outside('PasswdFind.checkAuthCode', await c.seal({ authCode: code }))).error?.code,
    ).toBe(EXPIRED);
    expect(h.ctx.desk.cancelled).toContain(payload);
  });
});

describe('reboot in the middle of a reset', () => {
  it('runtime.reboot cancels the pending code, ends sessions and moves bootTime', async () => {
    const c = h.client('dh-cam');
    expect((await c.login(FIXTURE_PASSWORD)).result).toBe(true);
    await c.outside('PasswdFind.getDescript', { name: 'admin' });
    const { code, payload } = h.ctx.desk.latest('dh-cam')!;
    const before = h.rt.snapshot('dh-cam').bootTime;
    h.ctx.advance(1000);
    await h.rt.reboot('dh-cam');
    // The reboot dropped the client's keep-alive connection; let it notice before the next call.
    await new Promise((r) => setTimeout(r, 20));
    expect(h.ctx.desk.cancelled).toContain(payload);
    expect(h.rt.snapshot('dh-cam').bootTime).not.toBe(before);
    expect((await c.call('magicBox.getSerialNo')).error?.code).toBe(287637504);
    expect(
      (await c.outside('PasswdFind.checkAuthCode', await c.seal({ authCode: code }))).error?.code,
    ).toBe(EXPIRED);
    // A new QR brings a new payload and a new random code.
    const next = await c.outside('PasswdFind.getDescript', { name: 'admin' });
    expect(next.params!.desc).not.toBe(payload);
    expect(h.ctx.desk.latest('dh-cam')!.payload).toBe(next.params!.desc);
    // That was the second code within 24 h without a successful reset: a third is refused.
    await h.rt.reboot('dh-cam');
    await new Promise((r) => setTimeout(r, 20));
    const third = await c.outside('PasswdFind.getDescript', { name: 'admin' });
    expect(third.error?.code).toBe((0x80000000 | 1108) >>> 0);
  });

  it('rebootAfterRequests reboots the device after that many requests', async () => {
    h.ctx.advance(24 * 3600_000 + 1);
    const c = h.client('dh-nvr');
    await c.outside('PasswdFind.getDescript', { name: 'admin' });
    const { payload } = h.ctx.desk.latest('dh-nvr')!;
    h.ctx.setFaults('dh-nvr', { rebootAfterRequests: 2 });
    await c.outside('DevInit.getStatus');
    expect(h.ctx.desk.cancelled).not.toContain(payload);
    await c.outside('DevInit.getStatus');
    await new Promise((r) => setTimeout(r, 20));
    expect(h.ctx.warnings).toContain('dahua dh-nvr rebooted');
    expect(h.ctx.desk.cancelled).toContain(payload);
    expect(h.rt.snapshot('dh-nvr').resetPending).toBe(false);
    h.ctx.setFaults('dh-nvr', { rebootAfterRequests: null });
  });
});
