import type { Page } from '@playwright/test';
import { expect, test, type LabManifest, type LabManifestDevice } from '../fixtures/app';

// The Hikvision vertical against the lab: SADP discovery, a batch activation, and recovery by
// QR code with the code delivered by the lab's vendor desk to its mailbox.
test.use({ fleet: 'hikvision-6' });

const NEW_PASSWORD = 'Cam-Batch-2468';

function rowId(d: LabManifestDevice): string {
  return `mac:${d.mac.toLowerCase()}`;
}

/** What the Hik-Connect app does with the scanned QR text: hand it to the vendor cloud. */
async function redeem(lab: LabManifest, payload: string): Promise<void> {
  const res = await fetch(new URL('redeem', lab.desk), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function mailedCode(lab: LabManifest, deviceId: string): Promise<string> {
  const res = await fetch(new URL(`owner-${deviceId}@mail.lab.test.json`, lab.mailbox));
  const { messages } = (await res.json()) as { messages: { body: string }[] };
  // The desk's message: "Your verification code for device <serial> is <code>."
  return / is ([^\s]+?)\.\n/.exec(messages[0]?.body ?? '')?.[1] ?? '';
}

async function openTable(page: Page, url: string, count: number): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('device-row')).toHaveCount(count, { timeout: 20_000 });
}

test.describe('Hikvision end to end', () => {
  test('three inactive cameras are activated in one batch', async ({
    page,
    host,
    lab,
    devicesPage,
  }) => {
    const inactive = lab.devices.filter((d) => d.account?.activated === false);
    expect(inactive).toHaveLength(3);
    await openTable(page, host.pageUrl, lab.devices.length);
    for (const d of inactive) {
      await page
        .locator(`[data-testid="device-row"][data-device-id="${rowId(d)}"]`)
        .getByTestId('row-select')
        .check();
    }
    await page.getByTestId('activate-selected').click();
    await expect(page.getByTestId('activate-view')).toBeVisible();
    await page.getByTestId('password-input').fill('short');
    await expect(page.getByTestId('password-problems')).toBeVisible();
    await devicesPage.screenshot('activate-weak-en');
    await page.getByTestId('password-input').fill(NEW_PASSWORD);
    await page.getByTestId('password-confirm').fill(NEW_PASSWORD);
    await page.getByTestId('activate-submit').click();
    const rows = page.getByTestId('flow-device');
    await expect(rows).toHaveCount(3);
    for (let i = 0; i < 3; i++) {
      await expect(rows.nth(i)).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });
    }
    await devicesPage.screenshot('activate-done-en');
    await devicesPage.setLanguage('ru');
    await devicesPage.screenshot('activate-done-ru');
    await devicesPage.setLanguage('en');
  });

  test('recovery by QR: wrong code shows attempts left, the mailed code and a new password work', async ({
    page,
    host,
    lab,
    devicesPage,
  }) => {
    const target = lab.devices.find(
      (d) => d.account?.emailBound === true && d.id.startsWith('hik-cam'),
    )!;
    await openTable(page, host.pageUrl, lab.devices.length);
    await page.locator(`[data-testid="device-row"][data-device-id="${rowId(target)}"]`).click();
    await page.getByTestId('action-recover').click();
    await expect(page.getByTestId('recover-view')).toBeVisible();
    await page.locator('[data-testid="recover-method"][data-method="qr"]').click();
    await page.getByTestId('recover-start').click();
    const payload = (await page.getByTestId('qr-payload').textContent({ timeout: 20_000 }))!.trim();
    expect(payload.length).toBeGreaterThan(8);
    await expect(page.getByTestId('app-path')).toContainText('Hik-Connect');
    await devicesPage.screenshot('recover-qr-en');
    await devicesPage.setLanguage('ru');
    await devicesPage.screenshot('recover-qr-ru');
    await devicesPage.setLanguage('en');

    await redeem(lab, payload);
    const code = await mailedCode(lab, target.id);
    expect(code).toBeTruthy();

    // Code and new password go to the device together (ISAPI emailCertification).
    const submitCode = async (value: string) => {
      await page.getByTestId('code-input').fill(value);
      await page.getByTestId('password-input').fill('Owner-Back-1357');
      await page.getByTestId('password-confirm').fill('Owner-Back-1357');
      await page.getByTestId('prompt-submit').click();
    };
    // The device tells how many tries are left with each refusal.
    const attempts = page.getByTestId('attempts-left');
    const wrong = code === 'ZZZZ9999' ? 'YYYY8888' : 'ZZZZ9999';
    await submitCode(wrong);
    await expect(attempts).toBeVisible({ timeout: 20_000 });
    const before = Number(await attempts.getAttribute('data-attempts'));
    await submitCode(wrong);
    await expect(attempts).toHaveAttribute('data-attempts', String(before - 1), {
      timeout: 20_000,
    });
    await devicesPage.screenshot('recover-wrong-code-en');
    await submitCode(code);
    await expect(page.getByTestId('recover-done')).toBeVisible({ timeout: 30_000 });
    await devicesPage.screenshot('recover-done-en');
  });
});
