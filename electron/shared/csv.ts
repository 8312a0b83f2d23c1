/**
 * The device list as CSV, one format for the CLI and the UI's export. Every cell is quoted and a
 * cell that a spreadsheet would run as a formula is defused (CSV injection: a device name is
 * whatever the device says it is).
 */
import type { Device } from './dto';

export const CSV_COLUMNS = [
  'vendor',
  'model',
  'serial',
  'mac',
  'ip',
  'firmware',
  'protocols',
  'interfaces',
  'account',
  'presence',
  'lastSeen',
] as const;

function cell(value: unknown): string {
  const text = Array.isArray(value) ? value.join(' ') : value == null ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function devicesCsv(devices: readonly Device[]): string {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  for (const d of devices) {
    const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      vendor: d.vendor,
      model: d.model,
      serial: d.serial,
      mac: d.mac,
      ip: d.ip,
      firmware: d.firmware,
      protocols: d.protocols,
      interfaces: d.interfaces,
      account: d.account,
      // Watch mode's verdict (online/offline), empty for a device never watched.
      presence: d.presence?.state,
      lastSeen: d.lastSeen,
    };
    lines.push(CSV_COLUMNS.map((c) => cell(row[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
