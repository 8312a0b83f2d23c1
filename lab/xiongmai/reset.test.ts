import { describe, expect, it } from 'vitest';
import { Q1, Q2, useNetipLab } from './testing/netip-harness';

describe('NETIP password reset (msg 1650): questions, QR + vendor desk, reboot', () => {
  const lab = useNetipLab();

  it('walks the questions flow: wrong answers give 220, the 7th try 219 until a reboot', async () => {
    const c = await lab.open('xm-02');
    expect((await c.cmd('GetSafetyAbility')).body).toMatchObject({
      Name: 'GetSafetyAbility',
      Ret: 100,
      GetSafetyAbility: { Question: 1, VerifyQRCode: 1 },
    });
    expect((await c.cmd('GetSafetyQuestion')).body.GetSafetyQuestion).toEqual({
      Question: [Q1, Q2],
    });
    for (let i = 0; i < 6; i++) {
      expect((await c.cmd('CheckSafetyAnswer', { Answer: ['x', 'y'] })).body.Ret).toBe(220);
    }
    expect((await c.cmd('CheckSafetyAnswer', { Answer: ['fb.owner', 'Feb 1953'] })).body.Ret).toBe(
      219,
    );
    void lab.rt.reboot('xm-02');
    const c2 = await lab.open('xm-02');
    expect((await c2.cmd('CheckSafetyAnswer', { Answer: ['fb.owner', 'Feb 1953'] })).body.Ret).toBe(
      100,
    );
    expect(
      (await c2.cmd('SetNewPassword', { UserName: 'admin', NewPassword: 'New-Pass-2' })).body.Ret,
    ).toBe(100);
    // The grant is spent: a second reset needs a second check.
    expect(
      (await c2.cmd('SetNewPassword', { UserName: 'admin', NewPassword: 'Other-3' })).body.Ret,
    ).toBe(103);
    expect((await c2.login('New-Pass-2')).body.Ret).toBe(100);
  });

  it('refuses SetNewPassword without a passed check, and on another connection', async () => {
    const c = await lab.open('xm-02');
    expect(
      (await c.cmd('SetNewPassword', { UserName: 'admin', NewPassword: 'Hijack-1' })).body.Ret,
    ).toBe(103);
    expect((await c.cmd('CheckSafetyAnswer', { Answer: ['fb.owner', 'Feb 1953'] })).body.Ret).toBe(
      100,
    );
    const other = await lab.open('xm-02');
    expect(
      (await other.cmd('SetNewPassword', { UserName: 'admin', NewPassword: 'Hijack-1' })).body.Ret,
    ).toBe(103);
    expect((await c.login('Old-Pass-1')).body.Ret).toBe(100);
  });

  it('hands a random QR payload and code to the vendor desk; wrong codes spend attempts', async () => {
    const c = await lab.open('xm-02');
    const qr = (await c.cmd('GetVerifyQRCode')).body;
    const v = (qr.GetVerifyQRCode as { VerifyQRCode: { Text: string; code: string; size: number } })
      .VerifyQRCode;
    expect(Buffer.from(v.Text, 'base64')).toHaveLength(64);
    expect([v.code.length, v.size]).toEqual([346, 37]);
    const first = lab.ctx.liveCode('xm-02')!;
    expect(first).toMatchObject({
      family: 'xiongmai',
      serial: lab.rt.device('xm-02').device.serial,
      payload: v.Text,
      email: 'owner@example.test',
    });
    expect(first.code).toMatch(/^\d{6}$/);
    // A new request replaces the old payload and code.
    await c.cmd('GetVerifyQRCode');
    const second = lab.ctx.liveCode('xm-02')!;
    expect(lab.ctx.cancelled).toContain(first.payload);
    expect(second.payload).not.toBe(first.payload);
    const wrong = second.code === '000000' ? '000001' : '000000';
    expect((await c.cmd('CheckVerifyCode', { VerifyCode: wrong })).body.Ret).toBe(222);
    expect(lab.rt.device('xm-02').account.snapshot().verifyCode).toMatchObject({ attemptsLeft: 4 });
    expect((await c.cmd('CheckVerifyCode', { VerifyCode: second.code })).body.Ret).toBe(100);
    expect(lab.ctx.cancelled).toContain(second.payload);
    expect(
      (await c.cmd('SetNewPassword', { UserName: 'admin', NewPassword: 'From-QR-9' })).body.Ret,
    ).toBe(100);
    expect((await c.login('From-QR-9')).body.Ret).toBe(100);
  });

  it('answers 221 once the verify-code tries are spent', async () => {
    const c = await lab.open('xm-02');
    await c.cmd('GetVerifyQRCode');
    const code = lab.ctx.liveCode('xm-02')!.code;
    const wrong = code === '999999' ? '999998' : '999999';
    const rets = [];
    for (let i = 0; i < 5; i++)
      rets.push((await c.cmd('CheckVerifyCode', { VerifyCode: wrong })).body.Ret);
    expect(rets).toEqual([222, 222, 222, 222, 221]);
    expect((await c.cmd('CheckVerifyCode', { VerifyCode: code })).body.Ret).toBe(221);
  });

  it('a reboot cancels the pending code at the desk and drops connections', async () => {
    const c = await lab.open('xm-02');
    await c.cmd('GetVerifyQRCode');
    const pending = lab.ctx.liveCode('xm-02')!;
    const before = lab.rt.device('xm-02').account.snapshot().bootTime as number;
    lab.ctx.advance(1000);
    void lab.rt.reboot('xm-02');
    expect(lab.ctx.cancelled).toContain(pending.payload);
    expect(lab.rt.device('xm-02').account.snapshot()).toMatchObject({
      verifyCode: null,
      bootTime: before + 1000,
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(c.closed).toBe(true);
    const c2 = await lab.open('xm-02');
    expect((await c2.cmd('CheckVerifyCode', { VerifyCode: pending.code })).body.Ret).toBe(221);
  });

  it('reboots after rebootAfterRequests requests, in the middle of a flow', async () => {
    lab.ctx.setFaults('xm-02', { rebootAfterRequests: 2 });
    const c = await lab.open('xm-02');
    await c.cmd('GetSafetyAbility');
    await c.cmd('GetVerifyQRCode');
    await new Promise((r) => setTimeout(r, 50));
    expect(c.closed).toBe(true);
    expect(lab.ctx.liveCode('xm-02')).toBeUndefined();
  });
});
