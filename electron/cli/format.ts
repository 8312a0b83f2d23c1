import type { Device } from '../shared/dto';

/** The row shape of `custodian discover --json` (one JSON object per device). */
export function deviceRow(d: Device) {
  return {
    id: d.id,
    family: d.family,
    vendor: d.vendor,
    model: d.model,
    serial: d.serial,
    mac: d.mac,
    ip: d.ip,
    firmware: d.firmware,
    protocols: d.protocols,
    interfaces: d.interfaces,
    activated: d.account === 'active' ? true : d.account === 'inactive' ? false : null,
    account: d.account,
    needsCredentials: d.needsCredentials,
  };
}

const CSV_COLUMNS = [
  'vendor',
  'model',
  'serial',
  'mac',
  'ip',
  'firmware',
  'protocols',
  'interfaces',
  'account',
] as const;

function csvCell(value: unknown): string {
  const text = Array.isArray(value) ? value.join(' ') : value == null ? '' : String(value);
  // Quote always, double inner quotes, and defuse spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function devicesCsv(devices: Device[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const d of devices) {
    const row = deviceRow(d) as Record<string, unknown>;
    lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function devicesTable(devices: Device[]): string {
  const rows = devices.map((d) => [
    d.ip,
    d.vendor ?? '-',
    d.model ?? '-',
    d.serial ?? '-',
    d.mac ?? '-',
    d.protocols.join('+'),
    d.account,
  ]);
  const head = ['IP', 'VENDOR', 'MODEL', 'SERIAL', 'MAC', 'SEEN BY', 'ACCOUNT'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n') + '\n';
}
