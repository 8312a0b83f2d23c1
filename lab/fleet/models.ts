/**
 * The catalogue of simulated models: what each brand reports (manufacturer, model names, serial
 * and firmware formats, MAC prefix). Presets draw from it by key. The ONVIF-lineage templates are
 * here; the vendor families' (Hikvision SADP, Dahua DHIP, XM) are in vendor-models.ts.
 */
import type { LabFamily } from './spec';
import type { Rng } from './random';
import { VENDOR_TEMPLATES } from './vendor-models';

export interface ModelTemplate {
  key: string;
  family: LabFamily;
  vendor: string;
  manufacturer: string;
  kind: 'camera' | 'recorder';
  models: readonly string[];
  /** First three MAC octets. Locally administered (`02:…`) where we do not claim a real OUI. */
  oui: string;
  serial(rng: Rng, model: string): string;
  firmware(rng: Rng): string;
  hardwareId(rng: Rng, model: string): string;
  /** Recorders of the vendor families: how many cameras sit on its channels. */
  nvrCameras?: number;
}

/** `20230315`-style manufacturing date inside the serial, as Hikvision-lineage serials carry. */
function yyyymmdd(rng: Rng): string {
  const y = 2019 + rng.int(6);
  const m = String(1 + rng.int(12)).padStart(2, '0');
  const d = String(1 + rng.int(28)).padStart(2, '0');
  return `${y}${m}${d}`;
}

export const MODEL_TEMPLATES: readonly ModelTemplate[] = [
  {
    key: 'generic',
    family: 'onvif',
    vendor: 'Generic',
    manufacturer: 'IPCAM',
    kind: 'camera',
    models: ['IPC-D240', 'IPC-B350', 'IPC-T480'],
    oui: '02:4c:41',
    serial: (rng) => `GN${rng.digits(12)}`,
    firmware: (rng) => `V2.${rng.int(9)}.${rng.int(20)}.${rng.digits(6)}`,
    hardwareId: (_rng, model) => `${model}-HW1`,
  },
  {
    key: 'hilook',
    family: 'onvif',
    vendor: 'HiLook',
    manufacturer: 'HiLook',
    kind: 'camera',
    models: ['IPC-B140H', 'IPC-T240H', 'IPC-D140H'],
    // A Hikvision OUI: HiLook is a Hikvision OEM line, and the MAC shows it.
    oui: '28:57:be',
    serial: (rng, model) =>
      `${model}${yyyymmdd(rng)}AAWR${rng.pick(['J', 'K', 'L'])}${rng.digits(8)}`,
    firmware: (rng) => `V5.${5 + rng.int(3)}.${rng.int(10)} build ${rng.digits(6)}`,
    hardwareId: () => '88',
  },
  {
    key: 'atix-nvr',
    family: 'herospeed',
    vendor: 'Atix',
    manufacturer: 'Atix',
    kind: 'recorder',
    models: ['AT-NVR-1104', 'AT-NVR-1108', 'AT-NVR-2116'],
    oui: '02:48:53',
    serial: (rng) => `N${rng.hex(3)}${rng.digits(10)}`,
    firmware: (rng) => `V8.2.${rng.int(8)}.${rng.int(10)}-${yyyymmdd(rng)}`,
    hardwareId: (_rng, model) => `${model.replace('AT-', '')}-V1.0`,
  },
  {
    key: 'herospeed-cam',
    family: 'herospeed',
    vendor: 'BitVision',
    manufacturer: 'Herospeed',
    kind: 'camera',
    models: ['HS-IPC-4036', 'HS-IPC-5042', 'HS-IPC-8050'],
    oui: '02:48:54',
    serial: (rng) => `HS${rng.hex(4)}${rng.digits(8)}`,
    firmware: (rng) => `V7.1.${rng.int(10)}.${rng.int(10)}-${yyyymmdd(rng)}`,
    hardwareId: (_rng, model) => `${model}-A`,
  },
  {
    key: 'milesight',
    family: 'onvif',
    vendor: 'Milesight',
    manufacturer: 'Milesight Technology Co.,Ltd.',
    kind: 'camera',
    models: ['MS-C2963-PB', 'MS-C5363-PB', 'MS-C8165-PB'],
    oui: '02:4d:53',
    serial: (rng) => `6${rng.hex(3)}${rng.digits(8)}`,
    firmware: (rng) => `45.7.0.${70 + rng.int(20)}`,
    hardwareId: () => 'V1.0',
  },
  ...VENDOR_TEMPLATES,
];

/** The template with this key; throws on an unknown key (a preset typo should fail loudly). */
export function modelTemplate(key: string): ModelTemplate {
  const found = MODEL_TEMPLATES.find((t) => t.key === key);
  if (!found) throw new Error(`unknown model template "${key}"`);
  return found;
}
