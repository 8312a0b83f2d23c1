import type { Device } from '../shared/dto';

export { devicesCsv } from '../shared/csv';

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
    /** Watch mode's verdict; null when the device was never watched. */
    presence: d.presence?.state ?? null,
    lastSeen: d.lastSeen,
  };
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
