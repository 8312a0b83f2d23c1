/**
 * The Hikvision driver against the real lab runtime over ISAPI only (no SADP, so no multicast):
 * activation, recovery set-up, the QR + e-mailed code recovery, the GUID export, login tries and
 * the lock fields. Every request the driver sends is recorded to prove what never goes out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { request } from '../../../../lab/hikvision/testing/digest-client';
import { TEST_PASSWORD } from '../../../../lab/hikvision/testing/devices';
import { asDevice, labDevice, startLab, type Lab } from './test-lab';

// Our own range: other lab-backed tests may run beside these.
const PREFIX = '127.0.111';
const ADMIN = { username: 'admin', password: TEST_PASSWORD };
const NEW_PASSWORD = 'Back-In-2024';

let lab: Lab | undefined;
afterEach(async () => {
  if (lab) {
    // Whatever a test did, the driver never sent the CVE-2017-7921 backdoor or touched SADP.
    expect(lab.sent.filter((s) => /[?&]auth=/i.test(s.url))).toEqual([]);
    expect(lab.sadpSent).toEqual([]);
    await lab.runtime.stop();
  }
  lab = undefined;
});

async function start(...devices: ReturnType<typeof labDevice>[]): Promise<Lab> {
  lab = await startLab(devices, { sadp: false });
  return lab;
}

/** No request body carried `secret` in clear. */
function neverInClear(l: Lab, secret: string): void {
  expect(l.sent.filter((s) => s.body.includes(secret) || s.url.includes(secret))).toEqual([]);
}

describe('activation over ISAPI', () => {
  it('activates three factory-fresh devices, the password never in clear', async () => {
    const inactive = { account: { state: 'inactive' as const } };
    const l = await start(
      labDevice(PREFIX, 1, inactive),
      labDevice(PREFIX, 2, inactive),
      labDevice(PREFIX, 3, inactive),
    );
    const passwords = ['Fresh-Cam-01', 'Fresh-Cam-02', 'Fresh-Cam-03'];
    for (const [i, d] of l.devices.entries()) {
      await l.driver.activate(asDevice(d), passwords[i]!);
      expect(l.runtime.state(d.id).activated).toBe(true);
      const login = { username: 'admin', password: passwords[i]! };
      expect(await l.driver.verifyLogin(asDevice(d), login)).toEqual({ ok: true });
    }
    for (const p of passwords) neverInClear(l, p);
    const paths = l.sent.map((s) => `${s.method} ${new URL(s.url).pathname}`);
    expect(paths.slice(0, 3)).toEqual([
      'GET /SDK/activateStatus',
      'POST /ISAPI/Security/challenge',
      'PUT /ISAPI/System/activate',
    ]);
  });

  it('refuses a weak password before sending anything, and an active device', async () => {
    const l = await start(labDevice(PREFIX, 4, { account: { state: 'inactive' } }));
    const dev = asDevice(l.devices[0]!);
    await expect(l.driver.activate(dev, 'admin123')).rejects.toMatchObject({
      code: 'PASSWORD_POLICY',
    });
    expect(l.sent).toEqual([]);
    await l.driver.activate(dev, 'Fresh-Cam-04');
    await expect(l.driver.activate(dev, 'Fresh-Cam-05')).rejects.toMatchObject({
      code: 'CAPABILITY_UNAVAILABLE',
    });
  });
});

describe('recovery set-up', () => {
  it('binds an e-mail and sets three questions, security=1-encrypted', async () => {
    const l = await start(
      labDevice(PREFIX, 5, { account: { state: 'active', adminPassword: TEST_PASSWORD } }),
    );
    const dev = asDevice(l.devices[0]!);
    // Without a login nothing about the set-up is known; with one, what the device said.
    expect((await l.driver.capabilities(dev)).recovery).toEqual({
      emailBound: null,
      questionsSet: null,
      keyExported: null,
    });
    const before = await l.driver.capabilities(dev, ADMIN);
    expect(before.capabilities.find((c) => c.name === 'recoverByCode')?.unavailableReason).toBe(
      'no recovery e-mail reserved',
    );
    // No read tells whether a key file was kept: that part stays unknown.
    expect(before.recovery).toEqual({ emailBound: false, questionsSet: false, keyExported: null });
    await l.driver.bindEmail(dev, ADMIN, 'owner@example.com');
    const answers = [
      { id: 2, answer: 'Maria' },
      { id: 6, answer: 'Rex <the dog>' },
      { id: 11, answer: 'School No. 5' },
    ];
    await l.driver.setQuestions(dev, ADMIN, answers);
    const s = l.runtime.state(dev.id);
    expect(s.email).toBe('owner@example.com');
    expect(s.questions.map((q) => [q.id, q.answer])).toEqual(answers.map((a) => [a.id, a.answer]));
    neverInClear(l, TEST_PASSWORD);
    for (const a of answers) neverInClear(l, a.answer);

    const caps = await l.driver.capabilities(dev, ADMIN);
    expect(caps.recovery).toEqual({ emailBound: true, questionsSet: true, keyExported: null });
    expect(caps.questionsRequired).toBe(3);
    expect(caps.questionChoices).toHaveLength(15);
    expect(caps.passwordPolicy).toMatchObject({ minLength: 8, maxLength: 16, minClasses: 2 });
    const byName = Object.fromEntries(caps.capabilities.map((c) => [c.name, c]));
    expect(byName.recoverByCode).toEqual({
      name: 'recoverByCode',
      protocol: 'isapi',
      evidence: 'assumed',
    });
    expect(byName.recoverByQuestions).toMatchObject({ protocol: 'sadp', evidence: 'assumed' });
    expect(byName.recoverByQuestions!.unavailableReason).toBeUndefined();
    expect(byName.setQuestions).toMatchObject({ protocol: 'isapi', evidence: 'confirmed' });
    expect(byName.activate!.unavailableReason).toBe('already activated');
  });

  it('exports the GUID key file, named after the serial', async () => {
    const l = await start(labDevice(PREFIX, 6));
    const dev = asDevice(l.devices[0]!);
    const file = await l.driver.exportKey!(dev, ADMIN);
    expect(file.name).toBe(`${dev.serial}.GUID`);
    expect(Buffer.from(file.data).toString('utf8')).toContain(l.runtime.state(dev.id).guid!);
    neverInClear(l, TEST_PASSWORD);
  });
});

describe('recovery by QR and e-mailed code', () => {
  it('hands out the QR, counts a wrong code, and the right code sets a working password', async () => {
    const l = await start(labDevice(PREFIX, 7));
    const dev = asDevice(l.devices[0]!);
    const challenge = await l.driver.startRecovery(dev, 'qr');
    const desk = l.ctx.redemptions.at(-1)!;
    expect(challenge).toMatchObject({
      method: 'qr',
      qrPayload: desk.payload,
      appPath: 'Hik-Connect > More > Reset Device Password',
    });
    expect(challenge.expiresAt?.getTime()).toBe(desk.expiresAt);
    expect(desk.email).toBe('owner@example.com');
    // No public source states the e-mailed code's length, so the prompt leaves it open.
    expect(challenge.codeLength).toBeNull();

    const wrong = (code: string) =>
      l.driver.completeRecovery(dev, challenge, { code, newPassword: NEW_PASSWORD });
    expect(await wrong('ZZZZ9999')).toEqual({
      ok: false,
      spent: true,
      attemptsLeft: 4,
      lockedUntil: null,
      reason: 'rejected',
    });
    expect(await wrong('ZZZZ9998')).toMatchObject({ attemptsLeft: 3 });
    const done = await l.driver.completeRecovery(dev, challenge, {
      code: desk.code,
      newPassword: NEW_PASSWORD,
    });
    expect(done).toEqual({ ok: true });
    expect(await l.driver.verifyLogin(dev, { username: 'admin', password: NEW_PASSWORD })).toEqual({
      ok: true,
    });
    // The code is used up: the same code again is reported as expired, not as a counted try.
    expect(await wrong(desk.code)).toMatchObject({ ok: false, spent: false, reason: 'expired' });
  });
});

describe('QR without a reserved e-mail', () => {
  it('maps the device refusal to RECOVERY_EMAIL_NOT_BOUND; nothing reaches the desk', async () => {
    const l = await start(
      labDevice(PREFIX, 10, { account: { state: 'active', adminPassword: TEST_PASSWORD } }),
    );
    const dev = asDevice(l.devices[0]!);
    const err = await l.driver.startRecovery(dev, 'qr').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RECOVERY_EMAIL_NOT_BOUND', detail: 'invalidOperation' });
    expect(l.ctx.redemptions).toEqual([]);
  });
});

describe('change password', () => {
  it('PUTs users/1 with the old password verified; the new one logs in, the old one and the GUID do not', async () => {
    const l = await start(
      labDevice(PREFIX, 11, {
        account: { state: 'active', adminPassword: TEST_PASSWORD, guidExported: true },
      }),
    );
    const dev = asDevice(l.devices[0]!);
    await l.driver.changePassword(dev, ADMIN, NEW_PASSWORD);
    expect(await l.driver.verifyLogin(dev, { username: 'admin', password: NEW_PASSWORD })).toEqual({
      ok: true,
    });
    expect(await l.driver.verifyLogin(dev, ADMIN)).toMatchObject({ ok: false, spent: true });
    expect(l.runtime.state(dev.id).guidExported).toBe(false);
    neverInClear(l, NEW_PASSWORD);
    neverInClear(l, TEST_PASSWORD);
    expect(l.sent.filter((s) => s.method === 'PUT').map((s) => new URL(s.url).pathname)).toEqual([
      '/ISAPI/Security/users/1',
      '/ISAPI/Security/users/1',
    ]);
  });

  it('a risky new password is refused before anything is sent', async () => {
    const l = await start(labDevice(PREFIX, 12));
    const dev = asDevice(l.devices[0]!);
    await expect(l.driver.changePassword(dev, ADMIN, 'password')).rejects.toMatchObject({
      code: 'PASSWORD_POLICY',
    });
    expect(l.sent).toEqual([]);
  });
});

describe('login tries and the lock', () => {
  it('spends one try per verifyLogin and reports tries left, then the lock', async () => {
    const l = await start(labDevice(PREFIX, 8));
    const dev = asDevice(l.devices[0]!);
    const bad = { username: 'admin', password: 'Wrong-Guess-1' };
    expect(await l.driver.lockState(dev)).toEqual({ attemptsLeft: 5, lockedUntil: null });
    expect(await l.driver.verifyLogin(dev, bad)).toEqual({
      ok: false,
      spent: true,
      attemptsLeft: 4,
      lockedUntil: null,
      reason: 'rejected',
    });
    // Reading the lock state spends nothing.
    expect(await l.driver.lockState(dev)).toEqual({ attemptsLeft: 4, lockedUntil: null });
    expect(l.runtime.state(dev.id).httpLockView().retryTimes).toBe(4);
    for (let i = 0; i < 3; i++) await l.driver.verifyLogin(dev, bad);
    const last = await l.driver.verifyLogin(dev, bad);
    expect(last).toMatchObject({ ok: false, spent: true, attemptsLeft: 0, reason: 'locked' });
    const until = (last as { lockedUntil: Date }).lockedUntil.getTime() - Date.now();
    expect(until).toBeGreaterThan(1790_000);
    expect(until).toBeLessThanOrEqual(1800_000);
    const state = await l.driver.lockState(dev);
    expect(state.attemptsLeft).toBe(0);
    expect(state.lockedUntil).toBeInstanceOf(Date);
    // One digest answer per verifyLogin: 5 calls, 5 authorized requests.
    expect(l.sent.filter((s) => s.authorized)).toHaveLength(5);
  });

  it('the lab refuses the ?auth= backdoor (the driver never sends it: see afterEach)', async () => {
    const l = await start(labDevice(PREFIX, 9));
    const d = l.devices[0]!;
    const res = await request(
      `http://${d.ip}:${d.ports.http}`,
      'GET',
      '/ISAPI/System/deviceInfo?auth=YWRtaW46MTEK',
    );
    expect(res.status).toBe(401);
  });
});
