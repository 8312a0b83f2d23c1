import { expect, test } from '../fixtures/app';
import type { LabManifest, LabManifestDevice } from '../fixtures/app';

// Every family, so watch mode is seen on SADP and the range add meets several fingerprints.
test.use({ fleet: 'mixed-20' });

/** Replaces a lab device's faults through the lab's control API (a test-only door). */
async function setFaults(lab: LabManifest, id: string, faults: object): Promise<void> {
  const res = await fetch(new URL(`devices/${id}/faults`, lab.control), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(res.status, await res.text()).toBe(200);
}

const octets = (ip: string) => ip.split('.').map(Number) as [number, number, number, number];

/** The /24 holding most lab devices, as `a.b.c.first-last` over them, with the devices in it. */
function densestRange(devices: LabManifestDevice[]): {
  range: string;
  inside: LabManifestDevice[];
} {
  const groups = new Map<string, LabManifestDevice[]>();
  for (const d of devices) {
    const key = d.ip.split('.').slice(0, 3).join('.');
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const [prefix, inside] = [...groups].sort((a, b) => b[1].length - a[1].length)[0]!;
  const last = inside.map((d) => octets(d.ip)[3]);
  return { range: `${prefix}.${Math.min(...last)}-${Math.max(...last)}`, inside };
}

test('watch mode takes an unplugged device offline and brings it back when it answers again', async ({
  devicesPage,
  lab,
  page,
}) => {
  test.setTimeout(150_000);
  // A Hikvision camera: SADP and WS-Discovery both obey the lab's packet-loss fault, and the
  // family does not advertise over mDNS, so a 100% loss is a device that no longer answers.
  const target = lab.devices.find((d) => d.family === 'hikvision')!;
  const row = devicesPage.row(target.serial);
  await devicesPage.open();
  await expect(devicesPage.progress).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(row).toHaveAttribute('data-presence', 'online');

  const toggle = page.getByTestId('watch-toggle');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(devicesPage.progress).toHaveAttribute('data-state', 'watching', { timeout: 20_000 });
  await expect(page.getByTestId('watch-summary')).toContainText(`${lab.devices.length} online`, {
    timeout: 20_000,
  });
  await expect(row).toHaveAttribute('data-presence', 'online');

  try {
    await setFaults(lab, target.id, { packetLoss: 1 });
    // Two missed sweeps, 10 s apart.
    await expect(row).toHaveAttribute('data-presence', 'offline', { timeout: 45_000 });
    await expect(page.getByTestId('watch-summary')).toContainText('1 offline');
    await expect(devicesPage.rows).toHaveCount(lab.devices.length);
    // The flag filter narrows the table to what the watch judged offline.
    await page.getByTestId('filter-flag').selectOption('offline');
    await expect(devicesPage.rows).toHaveCount(1);
    await expect(row).toHaveCount(1);
    await page.getByTestId('filter-flag').selectOption('');
    await expect(devicesPage.rows).toHaveCount(lab.devices.length);
    await devicesPage.screenshot('discovery-watch-offline-en');
    await devicesPage.setLanguage('ru');
    await expect(row).toContainText('Не в сети');
    await expect(toggle).toContainText('Следить');
    await devicesPage.screenshot('discovery-watch-offline-ru');
    await devicesPage.setLanguage('en');
  } finally {
    await setFaults(lab, target.id, {});
  }
  await expect(row).toHaveAttribute('data-presence', 'online', { timeout: 30_000 });

  await toggle.press('Space');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(devicesPage.progress).toHaveAttribute('data-state', 'stopped', { timeout: 20_000 });
});

test('add by range probes every address, shows progress and how many answered', async ({
  devicesPage,
  lab,
  page,
}) => {
  const dialog = page.getByTestId('manual-add-dialog');
  const input = page.getByTestId('manual-add-input');
  const status = page.getByTestId('manual-add-status');
  await devicesPage.open();
  await page.getByTestId('manual-add-button').click();

  await input.fill('127.0.0.0/16');
  await input.press('Enter');
  await expect(dialog).toHaveAttribute('data-state', 'invalid');
  await expect(page.getByTestId('manual-add-error')).toContainText('1,024');
  await input.fill('127.0.9.20-3');
  await input.press('Enter');
  await expect(page.getByTestId('manual-add-error')).toContainText('ends before it starts');

  const { range, inside } = densestRange(lab.devices);
  await input.fill(range);
  await input.press('Enter');
  await expect(dialog).toHaveAttribute('data-state', 'scanning');
  await expect(page.getByTestId('manual-add-progress')).toBeVisible();
  await devicesPage.screenshot('manual-add-range-progress-en');
  await expect(dialog).toHaveAttribute('data-state', 'rangeDone', { timeout: 30_000 });
  const found = Number(/Found (\d+) device/.exec((await status.textContent()) ?? '')?.[1]);
  expect(found).toBeGreaterThanOrEqual(inside.filter((d) => d.family === 'onvif').length);
  expect(found).toBeLessThanOrEqual(inside.length);
  await expect(status).toContainText(range);
  await devicesPage.screenshot('manual-add-range-done-en');

  // The same range in Russian (the language switch sits behind the modal dialog).
  await page.getByTestId('manual-add-cancel').click();
  await devicesPage.setLanguage('ru');
  await page.getByTestId('manual-add-button').click();
  await input.fill(range);
  await input.press('Enter');
  await expect(dialog).toHaveAttribute('data-state', 'rangeDone', { timeout: 30_000 });
  await expect(status).toContainText(`найдено ${found}`);
  await devicesPage.screenshot('manual-add-range-done-ru');
  await page.getByTestId('manual-add-cancel').click();
  await devicesPage.setLanguage('en');
  await page.getByTestId('manual-add-button').click();

  // A long range can be stopped; the count so far stays.
  await input.fill('127.0.250.0/22');
  await input.press('Enter');
  await expect(dialog).toHaveAttribute('data-state', 'scanning');
  await page.getByTestId('manual-add-cancel').click();
  await expect(dialog).toHaveAttribute('data-state', 'rangeDone', { timeout: 20_000 });
  await expect(status).toContainText('Stopped after');
  await page.getByTestId('manual-add-cancel').click();
  await expect(dialog).not.toBeVisible();
});
