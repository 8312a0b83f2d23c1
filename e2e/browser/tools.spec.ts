import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures/app';

test.describe('export, add by IP and the network doctor', () => {
  test('CSV export downloads the rows on screen', async ({ devicesPage, lab, page }) => {
    await devicesPage.open();
    await expect(devicesPage.rows).toHaveCount(lab.devices.length, { timeout: 20_000 });
    const download = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^custodian-devices-\d{8}-\d{4}\.csv$/);
    const csv = readFileSync((await file.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(csv[0]).toBe(
      'vendor,model,serial,mac,ip,firmware,protocols,interfaces,account,presence,lastSeen',
    );
    expect(csv).toHaveLength(lab.devices.length + 1);
    for (const d of lab.devices) expect(csv.some((line) => line.includes(d.serial))).toBe(true);
  });

  test('add by IP finds a lab device, says when nothing answers, and refuses a real network', async ({
    devicesPage,
    lab,
    page,
  }) => {
    await devicesPage.open();
    const dialog = page.getByTestId('manual-add-dialog');
    const input = page.getByTestId('manual-add-input');
    await page.getByTestId('manual-add-button').click();
    await input.fill('300.1.1.1');
    await page.getByTestId('manual-add-submit').click();
    await expect(dialog).toHaveAttribute('data-state', 'invalid');

    await input.fill('127.0.250.250');
    await page.getByTestId('manual-add-submit').click();
    await expect(dialog).toHaveAttribute('data-state', 'notFound', { timeout: 20_000 });
    await devicesPage.screenshot('manual-add-not-found-en');

    await input.fill('192.0.2.10');
    await page.getByTestId('manual-add-submit').click();
    await expect(dialog).toHaveAttribute('data-state', 'failed');
    await expect(page.getByTestId('manual-add-error')).toContainText('loopback');

    const target = lab.devices.find((d) => d.family === 'onvif')!;
    await input.fill(target.ip);
    await page.getByTestId('manual-add-submit').click();
    await expect(devicesPage.details).toContainText(target.serial, { timeout: 20_000 });
  });

  test('the doctor shows the loopback interface, what each protocol did, and hints', async ({
    devicesPage,
    page,
  }) => {
    await devicesPage.open();
    await expect(devicesPage.progress).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
    await page.getByTestId('nav-doctor').click();
    const lo = page.getByTestId('doctor-interface').filter({ hasText: '127.0.0.1' });
    await expect(lo).toHaveAttribute('data-scanned', 'true');
    await expect(lo.getByTestId('doctor-protocol').first()).toBeVisible();
    await expect(lo.locator('[data-testid="doctor-protocol"][data-protocol="wsd"]')).toBeVisible();
    // Regression: adding a known camera by IP made it a second row in conflict with itself.
    await expect(page.locator('[data-testid="doctor-hint"][data-code="IP_CONFLICT"]')).toHaveCount(
      0,
    );
    await devicesPage.screenshot('doctor-en');
    await devicesPage.setLanguage('ru');
    await devicesPage.screenshot('doctor-ru');
    await devicesPage.setLanguage('en');
    await page.getByTestId('nav-devices').click();
    await expect(devicesPage.table).toBeVisible();
  });
});
