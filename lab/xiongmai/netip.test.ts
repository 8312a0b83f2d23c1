import { describe, expect, it } from 'vitest';
import { clientSofia } from './testing/netip-client';
import { useNetipLab } from './testing/netip-harness';

describe('NETIP control port (TCP 34567): login, config, faults', () => {
  const lab = useNetipLab();

  it('logs a factory-fresh device in with the empty password, as XM ships', async () => {
    const c = await lab.open('xm-01');
    const r = await c.login('');
    expect(r.msgId).toBe(1001);
    expect(r.header[0]).toBe(0xff);
    expect(r.header[1]).toBe(1);
    expect(r.body).toMatchObject({ Ret: 100, 'DeviceType ': 'IPC', AliveInterval: 30 });
    expect(r.body.SessionID).toMatch(/^0x[0-9a-f]{8}$/);
    expect(r.session).toBe(c.session);
    const k = await c.request(1006, { Name: 'KeepAlive', SessionID: r.body.SessionID });
    expect([k.msgId, k.body.Ret, k.body.Name]).toEqual([1007, 100, 'KeepAlive']);
    expect(lab.rt.device('xm-01').account.snapshot()).toMatchObject({ passwordSet: false });
  });

  it('answers 203 to a wrong password, then 205 once locked, even for the right one', async () => {
    const c = await lab.open('xm-02');
    for (let i = 0; i < 4; i++)
      expect((await c.login('guess')).body).toMatchObject({ Ret: 203, Name: '' });
    expect((await c.login('guess')).body.Ret).toBe(205);
    expect((await c.login('Old-Pass-1')).body.Ret).toBe(205);
    expect(lab.rt.device('xm-02').account.snapshot().locked).toBe(true);
    void lab.rt.reboot('xm-02');
    const c2 = await lab.open('xm-02');
    expect((await c2.login('Old-Pass-1')).body.Ret).toBe(100);
  });

  it('honours lockAfterFailures and a lock that expires with the clock', async () => {
    lab.ctx.setFaults('xm-02', { lockAfterFailures: 2 });
    const c = await lab.open('xm-02');
    expect((await c.login('a')).body.Ret).toBe(203);
    expect((await c.login('b')).body.Ret).toBe(205);
    lab.ctx.advance(31 * 60_000);
    expect((await c.login('Old-Pass-1')).body.Ret).toBe(100);
  });

  it('refuses config without a session and serves General.PwdSafety after login', async () => {
    const c = await lab.open('xm-02');
    expect((await c.request(1042, { Name: 'General.PwdSafety' })).body.Ret).toBe(105);
    await c.login('Old-Pass-1');
    const r = await c.request(1042, { Name: 'General.PwdSafety', SessionID: '0x1' });
    const v = r.body['General.PwdSafety'] as Record<string, unknown>;
    expect(v.SecurityEmail).toBe('owner@example.test');
    expect(v.PwdReset).toEqual([
      { QuestionAnswer: '', QuestionIndex: 3 },
      { QuestionAnswer: '', QuestionIndex: 6 },
      { QuestionAnswer: '', QuestionIndex: 0 },
      { QuestionAnswer: '', QuestionIndex: 0 },
    ]);
  });

  it('sets questions and e-mail through 1040; answers are MD5_8 as the web UI sends them', async () => {
    const c = await lab.open('xm-01');
    await c.login('');
    const slots = [
      { QuestionAnswer: clientSofia('Jun1977'), QuestionIndex: 5 },
      { QuestionAnswer: clientSofia('12345'), QuestionIndex: 1 },
    ];
    const set = await c.request(1040, {
      Name: 'General.PwdSafety',
      'General.PwdSafety': { PwdReset: slots, SecurityEmail: 'me@lab.test' },
    });
    expect([set.msgId, set.body.Ret]).toEqual([1041, 100]);
    const bad = await c.request(1040, {
      Name: 'General.PwdSafety',
      'General.PwdSafety': { SecurityEmail: 'nope' },
    });
    expect(bad.body.Ret).toBe(208);
    const a = await lab.open('xm-01');
    expect((await a.cmd('GetSafetyAbility')).body.GetSafetyAbility).toEqual({
      Question: 1,
      SetResetUser: 0,
      VerifyQRCode: 1,
    });
    expect((await a.cmd('CheckSafetyAnswer', { Answer: ['Jun1977', '12345'] })).body.Ret).toBe(100);
  });

  it('garbles replies while malformed is on, keeping the frame intact', async () => {
    lab.ctx.setFaults('xm-01', { malformed: true });
    const c = await lab.open('xm-01');
    const r = await c.cmd('GetSafetyAbility');
    expect(r.msgId).toBe(1651);
    expect(r.body.unparsable).toBeDefined();
  });

  it('drops requests under packet loss and answers 1660 GetRandomUser with 103', async () => {
    const c = await lab.open('xm-01');
    expect(
      (await c.request(1660, { Name: 'GetRandomUser', SessionID: '0x0000000000' })).body,
    ).toEqual({ Name: 'GetRandomUser', Ret: 103 });
    lab.ctx.setFaults('xm-01', { packetLoss: 1 });
    await c.request(1650, { Name: 'GetSafetyAbility' }, 300).then(
      () => expect.fail('answered'),
      () => {},
    );
  });
});
