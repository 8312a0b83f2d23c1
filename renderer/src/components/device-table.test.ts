/** Renders the table on the server renderer (no DOM in this test environment) and checks its markup. */
import { describe, expect, it } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createAppI18n } from '../i18n';
import { buildRows } from '../stores/device-rows';
import { makeDevice } from '../testing/fixtures';
import DeviceTable from './DeviceTable.vue';

const devices = [
  makeDevice(),
  makeDevice({
    mac: '3c:ef:8c:00:00:02',
    vendor: null,
    family: 'onvif',
    account: 'unknown',
    needsCredentials: true,
    protocols: ['wsd'],
  }),
];

async function render(locale: 'en' | 'ru') {
  const rows = buildRows(devices, { filter: '', sort: { key: 'ip', dir: 'asc' }, scan: null });
  const app = createSSRApp({
    render: () => h(DeviceTable, { rows, sort: { key: 'ip', dir: 'desc' }, selectedId: null }),
  });
  app.use(createAppI18n(locale));
  return renderToString(app);
}

describe('DeviceTable markup', () => {
  it('renders one row per device with its id, and ONVIF and credential badges', async () => {
    const html = await render('en');
    expect(html).toContain('data-testid="device-table"');
    expect(html.match(/data-testid="device-row"/g)).toHaveLength(2);
    expect(html).toContain(`data-device-id="${devices[1]!.id}"`);
    expect(html).toContain('>ONVIF<');
    expect(html).toContain('Needs credentials');
    expect(html).toContain('aria-sort="descending"');
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
  });

  it('renders in Russian', async () => {
    const html = await render('ru');
    expect(html).toContain('Нужен вход');
    expect(html).toContain('Серийный номер');
  });
});
