/** XM lab devices for tests, each on its own 127.x address in a range the caller picks. */
import type { XmLabDevice } from '../device';

/** Device `n` (1-based) at `${prefix}.${n}`; account fields override the factory default. */
export function xmTestDevice(
  prefix: string,
  n: number,
  account: Partial<XmLabDevice['account']> = {},
  tcp = 34567,
): XmLabDevice {
  const hex = n.toString(16).padStart(2, '0');
  return {
    id: `xm-${hex}`,
    family: 'xiongmai',
    vendor: 'XMEye',
    manufacturer: 'Xiongmai',
    model: 'XM530-IPC',
    kind: 'camera',
    serial: `09d53d540f99b8${hex}`,
    mac: `02:58:4d:00:74:${hex}`,
    firmware: 'V5.00.R02.00030747.10010.349f17.0000000',
    hardwareId: 'XM530_50X20_8M',
    ip: `${prefix}.${n}`,
    ports: { tcp, search: 34569, http: 80 },
    account: { adminPassword: '', ...account },
  };
}
