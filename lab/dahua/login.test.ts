/** global.login over HTTP: the challenge, the happy path, lockout, and the refused bypass shapes. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD } from './testing/devices';
import { startHttpHarness, type HttpHarness } from './testing/start';

let h: HttpHarness;
beforeAll(async () => {
  h = await startHttpHarness('127.0.81');
});
afterAll(() => h.rt.stop());
beforeEach(() => {
  for (const id of ['dh-nvr', 'dh-cam', 'dh-new']) h.ctx.setFaults(id, { lockAfterFailures: null });
});

describe('global.login', () => {
  it('step 1 answers the documented challenge', async () => {
    const c = h.client('dh-cam');
    const r = await c.rpc('/RPC2_Login', 'global.login', {
      userName: 'admin',
      password: '',
      clientType: 'Web3.0',
    });
    expect(r.error).toEqual({ code: 268632079, message: 'Component error: login challenge!' });
    expect(r.result).toBe(false);
    expect(r.params).toMatchObject({
      encryption: 'Default',
      mac: '38AF29008002',
      realm: 'Login to 4H01D66PAJ2FA64',
    });
    expect(r.params!.random).toMatch(/^\d+$/);
    expect(r.params!.authorization).toMatch(/^[0-9a-f]{40}$/);
    expect(r.session).toMatch(/^[0-9a-f]{32}$/);
  });

  it('logs in with the documented hash and the session works on /RPC2', async () => {
    const c = h.client('dh-cam');
    const r = await c.login(FIXTURE_PASSWORD);
    expect(r).toMatchObject({ result: true, params: { keepAliveInterval: 60 } });
    expect((await c.call('magicBox.getSerialNo')).params).toEqual({ sn: '4H01D66PAJ2FA64' });
    expect((await c.call('global.keepAlive', { timeout: 300, active: true })).params).toEqual({
      timeout: 300,
    });
    await c.call('global.logout');
    expect((await c.call('magicBox.getSerialNo')).error?.code).toBe(287637504);
  });

  it('counts wrong passwords down in remainLoginTimes, then locks for 300 s', async () => {
    const c = h.client('dh-cam');
    for (const left of [4, 3, 2, 1]) {
      const r = await c.login('Wrong-Pass-1');
      expect(r.error?.code).toBe(268632085);
      expect(r.params).toEqual({ remainLockSecond: 0, remainLoginTimes: left });
      expect(h.rt.snapshot('dh-cam').remainLoginTimes).toBe(left);
    }
    const locked = await c.login('Wrong-Pass-1');
    expect(locked.error?.code).toBe(268632081);
    expect(locked.params).toEqual({ remainLockSecond: 300, remainLoginTimes: 0 });
    expect(h.rt.snapshot('dh-cam')).toMatchObject({ locked: true, remainLoginTimes: 0 });
    // The right password does not open a locked account.
    expect((await c.login(FIXTURE_PASSWORD)).error?.code).toBe(268632081);
    h.ctx.advance(300_000);
    expect((await c.login(FIXTURE_PASSWORD)).result).toBe(true);
    expect(h.rt.snapshot('dh-cam')).toMatchObject({ locked: false, remainLoginTimes: 5 });
  });

  it('locks after lockAfterFailures when the fault overrides the default', async () => {
    h.ctx.setFaults('dh-nvr', { lockAfterFailures: 2 });
    const c = h.client('dh-nvr');
    expect((await c.login('Wrong-Pass-1')).params?.remainLoginTimes).toBe(1);
    expect((await c.login('Wrong-Pass-1')).error?.code).toBe(268632081);
    h.ctx.advance(300_000);
  });

  it('tells an uninitialized device apart (268632086)', async () => {
    expect((await h.client('dh-new').login('Anything-123')).error?.code).toBe(268632086);
  });
});

describe('CVE-2021-33044 / CVE-2021-33045 login shapes', () => {
  const shapes: [string, Record<string, unknown>][] = [
    ['33044 NetKeyboard', { clientType: 'NetKeyboard', loginType: 'Direct' }],
    ['33045 Local/Loopback', { clientType: 'Local', loginType: 'Loopback', ipAddr: '127.0.0.1' }],
    ['33045 Loopback alone', { loginType: 'Loopback' }],
    ['33045 ipAddr alone', { ipAddr: '127.0.0.1' }],
  ];
  for (const [name, extra] of shapes) {
    it(`refuses ${name} even with the right password hash`, async () => {
      const c = h.client('dh-cam');
      const r = await c.login(FIXTURE_PASSWORD, extra);
      expect(r.result).toBe(false);
      expect(r.error?.code).toBe(268632085);
      expect((await c.call('magicBox.getSerialNo')).error?.code).toBe(287637504);
      // A real login clears the failure count the refused shape added.
      expect((await h.client('dh-cam').login(FIXTURE_PASSWORD)).result).toBe(true);
    });
  }

  it('refuses the one-shot PoC body (session 0, password "Not Used")', async () => {
    const c = h.client('dh-cam');
    const body = {
      userName: 'admin',
      password: 'Not Used',
      clientType: 'NetKeyboard',
      loginType: 'Direct',
      authorityType: 'Default',
      passwordType: 'Default',
    };
    const r = await c.rpc('/RPC2_Login', 'global.login', body);
    expect(r).toMatchObject({ result: false, error: { code: 268632085 } });
    expect(r.params).not.toHaveProperty('keepAliveInterval');
    expect((await h.client('dh-cam').login(FIXTURE_PASSWORD)).result).toBe(true);
  });

  it('does not log in with a step-2 answer sent without its challenge session', async () => {
    const c = h.client('dh-cam');
    const r = await c.rpc('/RPC2_Login', 'global.login', {
      userName: 'admin',
      password: 'A'.repeat(32),
    });
    expect(r.result).toBe(false);
  });
});
