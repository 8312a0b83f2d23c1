/** Activation of a factory-fresh device over /OutsideCmd (DevInit.*, dahua.md §10). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHarness, type HttpHarness } from './testing/start';

let h: HttpHarness;
beforeAll(async () => {
  h = await startHttpHarness('127.0.82');
});
afterAll(() => h.rt.stop());

describe('DevInit on a factory-fresh device', () => {
  it('answers every CGI with 401 Invalid Authority!', async () => {
    const c = h.client('dh-new');
    const res = await fetch(`${c.baseUrl}/cgi-bin/magicBox.cgi?action=getSystemInfo`);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Invalid Authority!');
  });

  it('reports Init 1 and refuses getStatus sent with a session', async () => {
    const c = h.client('dh-new');
    expect((await c.outside('DevInit.getStatus')).params).toMatchObject({ Init: 1, Find: 'AB' });
    expect((await c.rpc('/OutsideCmd', 'DevInit.getStatus', null, true)).result).toBe(false);
  });

  it('refuses DevInit.account before the terms are accepted, a weak password, and a bad envelope', async () => {
    const c = h.client('dh-new');
    const account = (pwd: string) =>
      c.seal({ name: 'admin', pwd, CellPhone: '', Mail: 'reset@example.com' });
    expect((await c.outside('DevInit.account', await account('Brand-New-2025'))).result).toBe(
      false,
    );
    expect(
      (await c.rpc('/OutsideCmd', 'DevInit.setProtocolAgree', { ProtocolEnable: true })).result,
    ).toBe(true);
    expect((await c.outside('DevInit.account', await account('password'))).result).toBe(false);
    expect(
      (await c.outside('DevInit.account', { salt: '00', cipher: 'RPAC-256', content: 'AAAA' }))
        .result,
    ).toBe(false);
    expect(h.rt.snapshot('dh-new').initialized).toBe(false);
  });

  it('initializes with the e-mail through the AES-128 envelope, then logs in', async () => {
    const c = h.client('dh-new');
    const sealed = await c.seal(
      { name: 'admin', pwd: 'Brand-New-2025', CellPhone: '', Mail: 'reset@example.com' },
      'AES-128',
    );
    expect((await c.outside('DevInit.account', sealed)).result).toBe(true);
    expect(
      (await c.outside('DevInit.access', await c.seal({ NetAccess: 0, UpgradeCheck: 2 }))).result,
    ).toBe(true);
    const status = (await c.outside('DevInit.getStatus')).params!;
    expect((status.Init as number) & 3).toBe(2);
    expect(status.Find).toBe('B');
    expect(h.rt.snapshot('dh-new')).toMatchObject({
      initialized: true,
      emailBound: true,
      questionsSet: false,
    });
    expect((await c.login('Brand-New-2025')).result).toBe(true);
    const again = await c.outside(
      'DevInit.account',
      await c.seal({ name: 'admin', pwd: 'Other-Pass-2025' }),
    );
    expect(again.error?.code).toBe((0x80000000 | 1017) >>> 0);
  });
});
