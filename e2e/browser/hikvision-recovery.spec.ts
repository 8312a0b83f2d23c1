import { readFileSync } from 'node:fs';
import { expect, test, type LabManifest, type LabManifestDevice } from '../fixtures/app';
import { LabControl } from '../fixtures/lab-control';
import { RecoveryPage } from '../pages/recovery-page';

// Hikvision recovery through the UI against the lab, one device per test (the lab is shared by
// the file): set-up then recovery by questions, the GUID key file, the lockout guard's last-try
// question, and each bad input with its message in English and Russian.
test.use({ fleet: 'hikvision-recovery' });

/** The lab's preset admin password (lab/fleet/spec.ts LAB_ADMIN_PASSWORD): a fixture, not a secret. */
const LAB_PASSWORD = 'Lab-Admin-2468';
/** The preset answers of questions 1-3 (lab/fleet/vendor-accounts.ts labSecurityAnswer). */
const LAB_ANSWERS = ['lab-answer-1', 'lab-answer-2', 'lab-answer-3'];

function device(lab: LabManifest, id: string): LabManifestDevice {
  const d = lab.devices.find((x) => x.id === id);
  expect(d, `${id} in the lab`).toBeTruthy();
  return d!;
}

test.describe('Hikvision recovery through the UI', () => {
  let control: LabControl;
  let rp: RecoveryPage;
  test.beforeEach(({ lab, page, host }) => {
    control = new LabControl(lab);
    rp = new RecoveryPage(page, host.pageUrl);
  });

  test('an e-mail and questions set in "Make recoverable" then recover the device by questions', async ({
    page,
    lab,
    devicesPage,
  }) => {
    const cam = device(lab, 'hik-cam-09');
    await rp.openSetup(cam, lab.devices.length);
    await rp.login(LAB_PASSWORD);
    await expect(rp.loginDialog).toBeHidden({ timeout: 20_000 });
    await expect(page.getByTestId('credentials-state')).toHaveAttribute('data-signed-in', 'true');

    await page.getByTestId('email-input').fill(`owner-${cam.id}@mail.lab.test`);
    const selects = page.getByTestId('question-select');
    const answers = page.getByTestId('question-answer');
    const chosen: { text: string; answer: string }[] = [];
    for (let i = 0; i < 3; i++) {
      await selects.nth(i).selectOption({ index: i + 2 });
      const text = (await selects.nth(i).locator('option:checked').textContent())!.trim();
      const answer = `answer number ${i + 1}`;
      await answers.nth(i).fill(answer);
      chosen.push({ text, answer });
    }
    await devicesPage.screenshot('setup-filled-en');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-done')).toBeVisible({ timeout: 30_000 });
    const live = await control.live(cam.id);
    expect(live).toMatchObject({ emailBound: true, questionsSet: true });
    await devicesPage.screenshot('setup-done-en');

    await rp.openRecover(cam, lab.devices.length);
    await rp.start('questions');
    const labels = page.locator('[data-testid="flow-prompt"] label[for^="answer-"]');
    await expect(labels).toHaveCount(3);
    for (let i = 0; i < 3; i++) {
      const text = (await labels.nth(i).textContent())!.trim();
      const c = chosen.find((x) => x.text === text);
      expect(c, `question "${text}" was one of those set`).toBeTruthy();
      await rp.answers.nth(i).fill(c!.answer);
    }
    await rp.newPassword('Owner-Back-1357');
    await rp.submit.click();
    await expect(rp.done).toBeVisible({ timeout: 30_000 });
    await devicesPage.screenshot('recover-questions-done-en');

    // The new password works on the device, the old one no longer does.
    expect(await control.hikvisionAccepts(cam, 'Owner-Back-1357')).toBe(true);
    expect(await control.hikvisionAccepts(cam, LAB_PASSWORD)).toBe(false);
  });

  test('a GUID key file exported in "Make recoverable" is picked in the Recover wizard and resets the password', async ({
    page,
    lab,
    devicesPage,
  }, testInfo) => {
    const nvr = device(lab, 'hik-nvr-01');
    await rp.openSetup(nvr, lab.devices.length);
    await rp.login(LAB_PASSWORD);
    await expect(rp.loginDialog).toBeHidden({ timeout: 20_000 });
    await page.getByTestId('export-key').check();
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-done')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('key-file')).toBeVisible();
    await devicesPage.screenshot('setup-key-en');
    const download = page.waitForEvent('download');
    await page.getByTestId('key-file-save').click();
    const file = testInfo.outputPath((await download).suggestedFilename());
    await (await download).saveAs(file);
    await expect(page.getByTestId('key-file-saved')).toBeVisible();
    expect(readFileSync(file).length).toBeGreaterThan(16);

    await rp.openRecover(nvr, lab.devices.length);
    await rp.start('keyFile');
    await page.getByTestId('key-file-input').setInputFiles(file);
    await expect(page.getByTestId('key-file-chosen')).toBeVisible();
    await rp.newPassword('Nvr-Key-Back-97');
    await devicesPage.screenshot('recover-key-en');
    await rp.submit.click();
    await expect(rp.done).toBeVisible({ timeout: 30_000 });
    expect(await control.hikvisionAccepts(nvr, 'Nvr-Key-Back-97')).toBe(true);
  });

  test('wrong codes count down; the last try waits for a yes, and "Not now" keeps the flow and the device unlocked', async ({
    page,
    lab,
    devicesPage,
  }) => {
    const cam = device(lab, 'hik-cam-05');
    await rp.openRecover(cam, lab.devices.length);
    await rp.start('qr');
    const payload = (await page.getByTestId('qr-payload').textContent())!.trim();
    await control.redeem(payload);
    const code = await control.mailedCode(cam.id);
    expect(code).toMatch(/^[A-Za-z0-9]{6,12}$/);
    const wrong = code === 'ZZZZ9999' ? 'YYYY8888' : 'ZZZZ9999';
    // The device tells its count with the first refusal; nothing is shown before it.
    await expect(rp.attemptsLeft).toHaveCount(0);
    await rp.newPassword('Owner-Back-2468');
    const wrongCode = async () => {
      await rp.code.fill(wrong);
      await rp.submit.click();
      await expect(rp.flowError).toContainText('The device did not accept the code', {
        timeout: 20_000,
      });
    };
    await wrongCode();
    let left = Number(await rp.attemptsLeft.getAttribute('data-attempts'));
    expect(left).toBeGreaterThan(1);
    while (left > 1) {
      await wrongCode();
      await expect(rp.attemptsLeft).toHaveAttribute('data-attempts', String(left - 1));
      left--;
    }
    await expect(rp.flowError).toContainText('1 attempt left');
    await devicesPage.screenshot('recover-one-left-en');

    // The last try: nothing is sent until the person says yes.
    await rp.code.fill(code);
    await rp.submit.click();
    await expect(rp.lastAttempt).toBeVisible({ timeout: 20_000 });
    await expect(rp.lastAttempt).toContainText('One try left before the device locks');
    await expect(page.getByTestId('last-attempt-decline')).toBeFocused();
    await devicesPage.screenshot('recover-last-attempt-en');
    await devicesPage.setLanguage('ru');
    await expect(rp.lastAttempt).toContainText('Осталась одна попытка до блокировки');
    await devicesPage.screenshot('recover-last-attempt-ru');
    await devicesPage.setLanguage('en');
    // By keyboard (the language switch took the focus): Enter on "Not now" declines.
    await page.getByTestId('last-attempt-decline').focus();
    await page.keyboard.press('Enter');
    await expect(rp.lastAttempt).toBeHidden();
    await expect(rp.submit).toBeFocused();
    // The flow and what was typed are still there; the device still has its try and no lock.
    await expect(rp.prompt).toHaveAttribute('data-prompt', 'code');
    await expect(rp.code).toHaveValue(code);
    await expect(rp.password).toHaveValue('Owner-Back-2468');
    await expect(rp.attemptsLeft).toHaveAttribute('data-attempts', '1');
    expect((await control.live(cam.id)).lockedUntil ?? null).toBeNull();

    // Saying yes on purpose spends it: the right code resets the password.
    await rp.submit.click();
    await expect(rp.lastAttempt).toBeVisible({ timeout: 20_000 });
    await page.getByTestId('last-attempt-yes').click();
    await expect(rp.done).toBeVisible({ timeout: 30_000 });
    expect(await control.hikvisionAccepts(cam, 'Owner-Back-2468')).toBe(true);
  });

  test('the sign-in dialog asks before the last login try of a device that locks after 2', async ({
    page,
    lab,
    devicesPage,
  }) => {
    const cam = device(lab, 'hik-cam-08');
    await control.setFaults(cam.id, { lockAfterFailures: 2 });
    try {
      await rp.openSetup(cam, lab.devices.length);
      await rp.login('Not-The-Pass-2');
      await expect(rp.loginError).toBeVisible({ timeout: 20_000 });
      await expect(page.getByTestId('login-attempts-left')).toHaveText('1 attempt left');
      await rp.loginPassword.fill(LAB_PASSWORD);
      await page.getByTestId('login-submit').click();
      await expect(rp.lastAttempt).toBeVisible({ timeout: 20_000 });
      await expect(page.getByTestId('last-attempt-decline')).toBeFocused();
      await devicesPage.screenshot('login-last-attempt-en');
      await page.keyboard.press('Enter');
      await expect(rp.lastAttempt).toBeHidden();
      // Declined: the dialog, the typed password and the device's last try are all still there.
      await expect(rp.loginDialog).toBeVisible();
      await expect(rp.loginPassword).toHaveValue(LAB_PASSWORD);
      expect((await control.live(cam.id)).lockedUntil ?? null).toBeNull();
      await page.getByTestId('login-submit').click();
      await page.getByTestId('last-attempt-yes').click();
      await expect(rp.loginDialog).toBeHidden({ timeout: 20_000 });
      await expect(page.getByTestId('credentials-state')).toHaveAttribute('data-signed-in', 'true');
    } finally {
      await control.setFaults(cam.id, {});
    }
  });

  test.describe('each bad input: a clear message in both languages, nothing lost', () => {
    test('wrong password in the sign-in dialog', async ({ page, lab, devicesPage }) => {
      const cam = device(lab, 'hik-cam-06');
      await rp.openSetup(cam, lab.devices.length);
      await page.getByTestId('email-input').fill('site-owner@mail.lab.test');
      await page.getByTestId('setup-submit').click();
      await expect(rp.loginDialog).toBeVisible();
      await rp.login('Not-The-Pass-1');
      await expect(rp.loginError).toContainText('The device refused the user name or password', {
        timeout: 20_000,
      });
      await devicesPage.screenshot('login-wrong-en');
      await devicesPage.setLanguage('ru');
      await expect(rp.loginError).toContainText(
        'Устройство не приняло имя пользователя или пароль',
      );
      await devicesPage.screenshot('login-wrong-ru');
      await devicesPage.setLanguage('en');
      await expect(rp.loginDialog).toBeVisible();
      await expect(rp.loginUsername).toHaveValue('admin');
      await expect(page.getByTestId('login-attempts-left')).toBeVisible();
      // The right one then works, and the e-mail typed before it is what gets bound.
      await rp.login(LAB_PASSWORD);
      await expect(rp.loginDialog).toBeHidden({ timeout: 20_000 });
      await expect(page.getByTestId('setup-done')).toBeVisible({ timeout: 30_000 });
    });

    test('wrong answers', async ({ lab, devicesPage }) => {
      const cam = device(lab, 'hik-cam-01');
      await rp.openRecover(cam, lab.devices.length);
      await rp.start('questions');
      await expect(rp.answers).toHaveCount(3);
      for (let i = 0; i < 3; i++) await rp.answers.nth(i).fill(`not it ${i + 1}`);
      await rp.newPassword('Owner-Back-3579');
      await rp.submit.click();
      await expect(rp.flowError).toContainText('The device did not accept the answers', {
        timeout: 20_000,
      });
      await devicesPage.screenshot('recover-wrong-answers-en');
      await devicesPage.setLanguage('ru');
      await expect(rp.flowError).toContainText('Устройство не приняло ответы');
      await devicesPage.screenshot('recover-wrong-answers-ru');
      await devicesPage.setLanguage('en');
      for (let i = 0; i < 3; i++) await expect(rp.answers.nth(i)).toHaveValue(`not it ${i + 1}`);
      await expect(rp.password).toHaveValue('Owner-Back-3579');
      // Corrected answers go through on the same flow.
      for (let i = 0; i < 3; i++) await rp.answers.nth(i).fill(LAB_ANSWERS[i]!);
      await rp.submit.click();
      await expect(rp.done).toBeVisible({ timeout: 30_000 });
    });

    test('a reboot in the middle of the flow: the reset must start over', async ({
      page,
      lab,
      devicesPage,
    }) => {
      const cam = device(lab, 'hik-cam-02');
      await rp.openRecover(cam, lab.devices.length);
      await rp.start('questions');
      for (let i = 0; i < 3; i++) await rp.answers.nth(i).fill(LAB_ANSWERS[i]!);
      await rp.newPassword('Owner-Back-4680');
      await control.reboot(cam.id);
      await rp.submit.click();
      await expect(rp.ending).toHaveAttribute('data-ending', 'reboot', { timeout: 20_000 });
      await expect(rp.ending).toContainText('The device restarted during the reset');
      await expect(rp.ending).toContainText('Start');
      await devicesPage.screenshot('recover-reboot-en');
      await devicesPage.setLanguage('ru');
      await expect(rp.ending).toContainText('Устройство перезагрузилось во время сброса');
      await devicesPage.screenshot('recover-reboot-ru');
      await devicesPage.setLanguage('en');
      await expect(rp.flow()).toHaveAttribute('data-method', 'questions');
      // Starting over asks the device again, on the same method.
      await page.getByTestId('recover-again').click();
      await expect(rp.prompt).toHaveAttribute('data-prompt', 'answers', { timeout: 20_000 });
    });

    test('a locked device', async ({ page, lab, devicesPage }) => {
      const cam = device(lab, 'hik-cam-03');
      await control.setFaults(cam.id, { lockAfterFailures: 2 });
      try {
        await rp.openRecover(cam, lab.devices.length);
        await rp.start('questions');
        await rp.newPassword('Owner-Back-5791');
        for (let i = 0; i < 3; i++) await rp.answers.nth(i).fill(`guess ${i}`);
        // SADP says nothing about tries left: the device locks at its second failure, and the
        // third try is the first to hear it.
        for (let i = 0; i < 2; i++) {
          await rp.submit.click();
          await expect(rp.flowError).toContainText('The device did not accept the answers', {
            timeout: 20_000,
          });
          await expect(rp.submit).not.toHaveAttribute('aria-busy', 'true');
        }
        expect((await control.live(cam.id)).lockedUntil).toBeTruthy();
        await rp.submit.click();
        await expect(rp.ending).toHaveAttribute('data-ending', 'locked', { timeout: 20_000 });
        await expect(rp.ending).toContainText('The device is locked');
        await devicesPage.screenshot('recover-locked-en');
        await devicesPage.setLanguage('ru');
        await expect(rp.ending).toContainText('Устройство заблокировано');
        // Nothing in English on the Russian screen (the engine's detail is not shown raw).
        await expect(page.getByTestId('flow-device')).toContainText('надолго ли');
        await devicesPage.screenshot('recover-locked-ru');
        await devicesPage.setLanguage('en');
        await expect(rp.flow()).toHaveAttribute('data-method', 'questions');
        expect((await control.live(cam.id)).lockedUntil).toBeTruthy();
      } finally {
        await control.setFaults(cam.id, {});
      }
    });

    test('an unreachable device', async ({ lab, devicesPage }) => {
      const cam = device(lab, 'hik-cam-04');
      await rp.openRecover(cam, lab.devices.length);
      await rp.start('questions');
      for (let i = 0; i < 3; i++) await rp.answers.nth(i).fill(LAB_ANSWERS[i]!);
      await rp.newPassword('Owner-Back-6802');
      await control.setFaults(cam.id, { packetLoss: 1 });
      try {
        await rp.submit.click();
        await expect(rp.flowError).toContainText(`The device did not answer (${cam.ip})`, {
          timeout: 45_000,
        });
        await expect(rp.flowError).toContainText('What you typed is kept');
        await devicesPage.screenshot('recover-unreachable-en');
        await devicesPage.setLanguage('ru');
        await expect(rp.flowError).toContainText(`Устройство не отвечает (${cam.ip})`);
        await expect(rp.flowError).toContainText('Введённое сохранено');
        await devicesPage.screenshot('recover-unreachable-ru');
        await devicesPage.setLanguage('en');
        await expect(rp.prompt).toHaveAttribute('data-prompt', 'answers');
        for (let i = 0; i < 3; i++) await expect(rp.answers.nth(i)).toHaveValue(LAB_ANSWERS[i]!);
        await expect(rp.password).toHaveValue('Owner-Back-6802');
      } finally {
        await control.setFaults(cam.id, {});
      }
      // Back on the network, the same answers go through.
      await rp.submit.click();
      await expect(rp.done).toBeVisible({ timeout: 30_000 });
    });

    // Last: it moves the whole lab's clock past the code's validity.
    test('an expired code', async ({ page, lab, devicesPage }) => {
      const cam = device(lab, 'hik-cam-07');
      await rp.openRecover(cam, lab.devices.length);
      await rp.start('qr');
      const payload = (await page.getByTestId('qr-payload').textContent())!.trim();
      await control.redeem(payload);
      const code = await control.mailedCode(cam.id);
      await rp.code.fill(code);
      await rp.newPassword('Owner-Back-7913');
      await control.advanceClock(49 * 3600_000);
      await rp.submit.click();
      await expect(rp.ending).toHaveAttribute('data-ending', 'expired', { timeout: 20_000 });
      await expect(rp.ending).toContainText('The code has expired');
      await devicesPage.screenshot('recover-expired-en');
      await devicesPage.setLanguage('ru');
      await expect(rp.ending).toContainText('Срок действия кода истёк');
      await devicesPage.screenshot('recover-expired-ru');
      await devicesPage.setLanguage('en');
      await expect(rp.flow()).toHaveAttribute('data-method', 'qr');
      // Starting over gets a new QR code from the device.
      await page.getByTestId('recover-again').click();
      await expect(page.getByTestId('qr-payload')).not.toHaveText(payload, { timeout: 20_000 });
    });
  });

  test('"Change password" on a signed-in device sets a new password the device then accepts', async ({
    page,
    lab,
    devicesPage,
  }) => {
    // Camera 08 ends the sign-in test with the lab password (run alone, it is signed in here).
    const cam = device(lab, 'hik-cam-08');
    await rp.openSetup(cam, lab.devices.length);
    const signedIn = page.getByTestId('credentials-state');
    if ((await signedIn.getAttribute('data-signed-in')) !== 'true') {
      await rp.login(LAB_PASSWORD);
      await expect(rp.loginDialog).toBeHidden({ timeout: 20_000 });
      await expect(signedIn).toHaveAttribute('data-signed-in', 'true');
    }

    await rp.select(cam, lab.devices.length);
    const open = page.getByTestId('action-change-password');
    await expect(open).toBeVisible({ timeout: 20_000 });
    await open.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('change-password-dialog');
    await expect(dialog).toBeVisible();
    const input = dialog.getByTestId('password-input');
    await expect(input).toBeFocused();
    // A password against the device's rules is named as such and never sent.
    await page.keyboard.type('short1');
    await expect(dialog.locator('[data-problem="TOO_SHORT"]')).toBeVisible();
    await dialog.getByTestId('change-password-submit').click();
    await expect(dialog.getByRole('alert')).toContainText('must keep every rule');
    expect(await control.hikvisionAccepts(cam, LAB_PASSWORD)).toBe(true);

    const next = 'Changed-Pass-864';
    await input.fill(next);
    await dialog.getByTestId('password-confirm').fill(next);
    await expect(dialog.getByTestId('password-match')).toContainText('The passwords match');
    await devicesPage.screenshot('change-password-en');
    await devicesPage.setLanguage('ru');
    await expect(dialog).toContainText('Смена пароля');
    await devicesPage.screenshot('change-password-ru');
    await devicesPage.setLanguage('en');
    await expect(dialog).toContainText('Change the password of');

    // By keyboard: Enter in the confirmation submits the form.
    await dialog.getByTestId('password-confirm').press('Enter');
    const done = dialog.getByTestId('change-password-done');
    await expect(done).toContainText('The device accepted the new password', { timeout: 30_000 });
    await expect(dialog.getByTestId('change-password-close')).toBeFocused();
    await devicesPage.screenshot('change-password-done-en');
    await devicesPage.setLanguage('ru');
    await expect(done).toContainText('Устройство приняло новый пароль');
    await devicesPage.screenshot('change-password-done-ru');
    await devicesPage.setLanguage('en');

    // The device takes the new password and no longer the old one.
    expect(await control.hikvisionAccepts(cam, next)).toBe(true);
    expect(await control.hikvisionAccepts(cam, LAB_PASSWORD)).toBe(false);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    // The vault holds the new password: the set-up screen still finds the device signed in.
    await rp.openSetup(cam, lab.devices.length);
    await expect(signedIn).toHaveAttribute('data-signed-in', 'true');
  });
});
