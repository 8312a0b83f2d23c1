import { expect, test } from '../fixtures/app';

test.describe('device table against the lab fleet', () => {
  test('lab ONVIF devices stream into the table with model and serial', async ({
    devicesPage,
    lab,
  }) => {
    const onvif = lab.devices.filter((d) => d.family === 'onvif' || d.family === 'herospeed');
    expect(onvif.length).toBeGreaterThanOrEqual(3);

    await devicesPage.open();
    // The first scan starts on its own; every lab device must show up without any other step.
    await expect(devicesPage.rows).toHaveCount(lab.devices.length, { timeout: 20_000 });
    for (const device of onvif) {
      const row = devicesPage.row(device.serial);
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(device.model);
      await expect(row).toContainText(device.ip);
    }
    await expect(devicesPage.progress).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
    await devicesPage.screenshot('devices-en');

    await devicesPage.setLanguage('ru');
    await expect(devicesPage.scanButton).toContainText(/Найти|Поиск|Сканировать/);
    await devicesPage.screenshot('devices-ru');
    await devicesPage.setLanguage('en');
  });

  test('a row opens its details with the ONVIF facts, and Esc closes them', async ({
    devicesPage,
    lab,
  }) => {
    await devicesPage.open();
    const device = lab.devices[0]!;
    const row = devicesPage.row(device.serial);
    await expect(row).toHaveCount(1, { timeout: 20_000 });
    await row.click();
    await expect(devicesPage.details).toBeVisible();
    await expect(devicesPage.details).toContainText(device.serial);
    await expect(devicesPage.details).toContainText('/onvif/device_service');
    await devicesPage.screenshot('details-en');
    await devicesPage.setLanguage('ru');
    await devicesPage.screenshot('details-ru');
    await devicesPage.setLanguage('en');
    await devicesPage.page.keyboard.press('Escape');
    await expect(devicesPage.details).toBeHidden();
  });

  test('the filter narrows the table, and a new scan keeps one row per device', async ({
    devicesPage,
    lab,
  }) => {
    await devicesPage.open();
    await expect(devicesPage.rows).toHaveCount(lab.devices.length, { timeout: 20_000 });
    const target = lab.devices[1]!;
    await devicesPage.filter.fill(target.serial);
    await expect(devicesPage.rows).toHaveCount(1);
    await devicesPage.filter.fill('');
    await devicesPage.scanButton.click();
    await expect(devicesPage.progress).toHaveAttribute('data-state', 'running');
    await expect(devicesPage.progress).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
    await expect(devicesPage.rows).toHaveCount(lab.devices.length);
  });

  test('the scan can be started from the keyboard', async ({ devicesPage }) => {
    await devicesPage.open();
    await expect(devicesPage.progress).toHaveAttribute('data-state', /running|done/, {
      timeout: 20_000,
    });
    await expect(devicesPage.progress).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
    await devicesPage.scanButton.focus();
    await devicesPage.page.keyboard.press('Enter');
    await expect(devicesPage.progress).toHaveAttribute('data-state', 'running');
  });

  test('a wrong session token shows a clear message instead of an empty table', async ({
    page,
    host,
  }) => {
    await page.goto(`${host.url}/?token=wrong`);
    const banner = page.getByTestId('connection-banner');
    await expect(banner).toBeVisible({ timeout: 20_000 });
    await expect(banner).toHaveAttribute('data-code', 'HOST_UNAUTHORIZED');
    await page.screenshot({ path: 'out/screenshots/bad-token-en.png' });
  });
});
