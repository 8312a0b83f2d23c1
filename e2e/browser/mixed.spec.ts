import { expect, test } from '../fixtures/app';

// Every family of the lab in one sweep: WS-Discovery, SADP, DHIP and the XM search, one row each.
test.use({ fleet: 'mixed-20' });

test('a mixed fleet shows one row per device, each seen by its own protocol', async ({
  devicesPage,
  lab,
  page,
}) => {
  await devicesPage.open();
  await expect(devicesPage.rows).toHaveCount(lab.devices.length, { timeout: 20_000 });
  // The worker's lab and host are shared with other specs on this fleet (the watch spec leaves its
  // last word, 'stopped'): judge a sweep of this test's own, started once nothing else runs.
  await expect(devicesPage.progress).not.toHaveAttribute('data-state', /running|watching/, {
    timeout: 20_000,
  });
  await devicesPage.scanButton.click();
  await expect(devicesPage.progress).toHaveAttribute('data-state', 'running');
  await expect(devicesPage.progress).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(devicesPage.rows).toHaveCount(lab.devices.length);
  const byFamily: Record<string, string> = {
    hikvision: 'sadp',
    dahua: 'dhip',
    xiongmai: 'xm',
    onvif: 'wsd',
    herospeed: 'wsd',
  };
  for (const d of lab.devices) {
    const row = page.locator(
      `[data-testid="device-row"][data-device-id="mac:${d.mac.toLowerCase()}"]`,
    );
    await expect(row, `${d.id} (${d.family})`).toHaveCount(1);
    await expect(row.locator(`[data-protocol="${byFamily[d.family]}"]`)).toHaveCount(1);
  }
  await devicesPage.screenshot('devices-mixed-en');
});
