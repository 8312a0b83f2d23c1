/** Renders the table on the server renderer (no DOM in this test environment) and checks its markup. */
import { describe, expect, it } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import type { Device } from '../contract';
import { createAppI18n } from '../i18n';
import { buildRows } from '../stores/device-rows';
import { makeDevice } from '../testing/fixtures';
import DeviceTable from './DeviceTable.vue';
import { DEFAULT_VIEWPORT, OVERSCAN, ROW_HEIGHT } from './table-window';

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

async function render(list: Device[], locale: 'en' | 'ru' = 'en') {
  const rows = buildRows(list, { filter: '', sort: { key: 'ip', dir: 'asc' }, scan: null });
  const app = createSSRApp({
    render: () => h(DeviceTable, { rows, sort: { key: 'ip', dir: 'desc' }, selectedId: null }),
  });
  app.use(createAppI18n(locale));
  return renderToString(app);
}

/** 5,000 devices with distinct MACs and IPs across 10.0.0.0/16. */
function fleet(n: number): Device[] {
  return Array.from({ length: n }, (_, i) => {
    const hex = i.toString(16).padStart(4, '0');
    return makeDevice({
      mac: `00:12:34:56:${hex.slice(0, 2)}:${hex.slice(2)}`,
      ip: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      serial: `SN${String(i).padStart(5, '0')}`,
    });
  });
}

describe('DeviceTable markup', () => {
  it('renders one row per device with its id, and ONVIF and credential badges', async () => {
    const html = await render(devices);
    expect(html).toContain('data-testid="device-table"');
    expect(html.match(/data-testid="device-row"/g)).toHaveLength(2);
    expect(html).toContain(`data-device-id="${devices[1]!.id}"`);
    expect(html).toContain('>ONVIF<');
    expect(html).toContain('Needs credentials');
    expect(html).toContain('aria-sort="descending"');
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
    expect(html).toContain('aria-rowcount="3"');
    expect(html).not.toContain('class="spacer"');
  });

  it('has a tick box per row, "select all inactive" only when there are any, and the audit column', async () => {
    const html = await render(devices);
    expect(html.match(/data-testid="row-select"/g)).toHaveLength(2);
    expect(html).not.toContain('data-testid="select-all-inactive"');
    expect(html).toContain('Recoverable?');
    expect(html.match(/data-recoverable="unknown"/g)).toHaveLength(2);
    const inactive = makeDevice({ mac: '00:00:00:00:00:07', account: 'inactive' });
    const withAudit = {
      ...makeDevice({ mac: '00:00:00:00:00:08' }),
      recovery: { emailBound: true, questionsSet: false, keyExported: null },
    };
    const html2 = await render([inactive, withAudit]);
    expect(html2).toContain('data-testid="select-all-inactive"');
    expect(html2).toContain('data-recoverable="yes"');
    expect(html2).toContain('data-part="questionsSet" data-state="no"');
  });

  it('renders in Russian', async () => {
    const html = await render(devices, 'ru');
    expect(html).toContain('Нужен вход');
    expect(html).toContain('Серийный номер');
  });

  it('renders only a window of 5,000 devices, with the whole count and true row indexes', async () => {
    const html = await render(fleet(5000));
    const rows = html.match(/data-testid="device-row"/g) ?? [];
    const expected = Math.ceil(DEFAULT_VIEWPORT / ROW_HEIGHT) + OVERSCAN;
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThanOrEqual(expected + 1);
    expect(html).toContain('aria-rowcount="5001"');
    const indexes = [...html.matchAll(/data-testid="device-row"[^>]*aria-rowindex="(\d+)"/g)].map(
      (m) => Number(m[1]),
    );
    expect(indexes[0]).toBe(2);
    expect(indexes.at(-1)).toBe(rows.length + 1);
    expect(html).toContain('SN00000');
    expect(html).not.toContain('SN04999');
    // The rows not rendered are stood in for by one spacer of their total height.
    expect(html).toContain(`height:${(5000 - rows.length) * ROW_HEIGHT}px`);
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
  });

  it('shows the foreign-subnet badge with the claimed IP, and the conflict badge, with advice', async () => {
    const flagged = makeDevice({
      mac: '44:19:b6:00:00:09',
      ip: '192.0.0.64',
      flags: { foreignSubnet: true, claimedIp: '192.168.1.64', ipConflict: true },
    });
    const en = await render([flagged]);
    expect(en).toContain('class="row row-flagged"');
    expect(en).toContain('data-flag="foreignSubnet"');
    expect(en).toContain('Foreign subnet · claims 192.168.1.64');
    expect(en).toContain('data-flag="ipConflict"');
    expect(en).toMatch(/aria-description="The device&#39;s address is outside the subnet/);
    expect(en).toMatch(/title="Another device answers from, or claims, the same IP address/);
    const ru = await render([flagged], 'ru');
    expect(ru).toContain('Чужая подсеть · сообщает адрес 192.168.1.64');
    expect(ru).toContain('Конфликт IP');
  });
});
