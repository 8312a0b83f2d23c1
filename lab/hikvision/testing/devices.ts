/** Test fleets: Hikvision devices on a caller-chosen 127.x range, HTTP on any free port. */
import type { HikvisionLabDevice } from '../types';

/** The admin password test devices are created with (a fixture, no real device has it). */
export const TEST_PASSWORD = 'Lab-Hik-2468';

/** Device `n` (1-based) at `${prefix}.${n}`: active with e-mail, unless overridden. */
export function hikDevice(
  prefix: string,
  n: number,
  over: Partial<HikvisionLabDevice> = {},
): HikvisionLabDevice {
  const two = String(n).padStart(2, '0');
  return {
    id: `hik-${two}`,
    family: 'hikvision',
    vendor: 'Hikvision',
    manufacturer: 'Hikvision',
    model: 'DS-2CD2386G2-IU',
    kind: 'camera',
    serial: `DS-2CD2386G2-IU20230315AAWRJ000000${two}`,
    mac: `44:47:cc:37:ce:${two}`,
    firmware: 'V5.7.14 build 231028',
    hardwareId: '88',
    ip: `${prefix}.${n}`,
    ports: { http: 0, sadp: 37020, command: 8000 },
    account: { state: 'active', adminPassword: TEST_PASSWORD, email: 'owner@example.com' },
    ...over,
  };
}
