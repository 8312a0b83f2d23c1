import { expect, type Locator, type Page } from '@playwright/test';
import type { LabManifestDevice } from '../fixtures/app';

/**
 * The recovery screens of one device: "Make recoverable" (recovery set-up), the Recover wizard and
 * the sign-in dialog both open. Located by data-testid only.
 */
export class RecoveryPage {
  readonly setupView: Locator;
  readonly recoverView: Locator;
  readonly loginDialog: Locator;
  readonly loginPassword: Locator;
  readonly loginUsername: Locator;
  readonly loginError: Locator;
  readonly lastAttempt: Locator;
  readonly prompt: Locator;
  readonly flowError: Locator;
  readonly attemptsLeft: Locator;
  readonly ending: Locator;
  readonly done: Locator;
  readonly answers: Locator;
  readonly code: Locator;
  readonly password: Locator;
  readonly confirm: Locator;
  readonly submit: Locator;

  constructor(
    readonly page: Page,
    private readonly url: string,
  ) {
    const id = (t: string) => page.getByTestId(t);
    this.setupView = id('recovery-setup-view');
    this.recoverView = id('recover-view');
    this.loginDialog = id('login-dialog');
    this.loginPassword = id('login-password');
    this.loginUsername = id('login-username');
    this.loginError = id('login-error');
    this.lastAttempt = id('last-attempt-confirm');
    this.prompt = id('flow-prompt');
    this.flowError = id('flow-error');
    this.attemptsLeft = id('attempts-left');
    this.ending = id('recover-ending');
    this.done = id('recover-done');
    this.answers = id('answer-input');
    this.code = id('code-input');
    this.password = id('password-input');
    this.confirm = id('password-confirm');
    this.submit = id('prompt-submit');
  }

  /** The device table with every lab device listed, then the device's row selected. */
  async select(device: LabManifestDevice, count: number): Promise<void> {
    await this.page.goto(this.url);
    await expect(this.page.getByTestId('device-row')).toHaveCount(count, { timeout: 20_000 });
    await this.page
      .locator(`[data-testid="device-row"][data-device-id="mac:${device.mac.toLowerCase()}"]`)
      .click();
  }

  async openSetup(device: LabManifestDevice, count: number): Promise<void> {
    await this.select(device, count);
    await this.page.getByTestId('action-setup-recovery').click();
    await expect(this.setupView).toBeVisible();
    await expect(this.page.getByTestId('credentials-state')).toBeVisible({ timeout: 20_000 });
  }

  async openRecover(device: LabManifestDevice, count: number): Promise<void> {
    await this.select(device, count);
    await this.page.getByTestId('action-recover').click();
    await expect(this.recoverView).toBeVisible();
  }

  /** Signs in through the dialog the set-up screen opens. */
  async login(password: string, username = 'admin'): Promise<void> {
    if (!(await this.loginDialog.isVisible())) await this.page.getByTestId('login-open').click();
    await expect(this.loginDialog).toBeVisible();
    await this.loginUsername.fill(username);
    await this.loginPassword.fill(password);
    await this.page.getByTestId('login-submit').click();
  }

  /** Chooses a recovery method and starts it; waits for the device's first prompt. */
  async start(method: 'questions' | 'qr' | 'keyFile' | 'support'): Promise<void> {
    await this.page.locator(`[data-testid="recover-method"][data-method="${method}"]`).click();
    await this.page.getByTestId('recover-start').click();
    await expect(this.prompt).toBeVisible({ timeout: 20_000 });
  }

  async newPassword(value: string): Promise<void> {
    await this.password.fill(value);
    await this.confirm.fill(value);
  }

  /** The flow card's state attribute (running, needsInput, succeeded, failed, cancelled). */
  flow(): Locator {
    return this.page.getByTestId('recover-flow');
  }
}
