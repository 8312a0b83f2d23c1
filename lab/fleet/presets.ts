/**
 * Named fleets. A preset is a mix of model templates with a count and a share of factory-fresh
 * devices; generation is seeded by the preset name and consumed row by row, so the same preset
 * gives the same serials and MACs on every run, and rows appended at the end leave the identities
 * of the rows before them unchanged. Other families join a preset by appending rows to its mix.
 */
import { generateMac } from './identity';
import { modelTemplate } from './models';
import { seededRng } from './random';
import {
  LAB_ADMIN_PASSWORD,
  type DeviceSpec,
  type Fleet,
  type LabUser,
  type OnvifDeviceSpec,
} from './spec';

/** One row of a preset: `count` devices from `template`, the first `factoryDefault` of them fresh. */
export interface MixRow {
  template: string;
  count: number;
  factoryDefault: number;
  /** Herospeed: the last this many operational devices have no recovery e-mail bound. */
  withoutEmail?: number;
}

/** Password of the `viewer` (User level) account some operational presets carry. */
export const LAB_VIEWER_PASSWORD = 'Lab-Viewer-1357';

const PRESET_MIXES: Record<string, readonly MixRow[]> = {
  'onvif-5': [
    { template: 'generic', count: 1, factoryDefault: 1 },
    { template: 'hilook', count: 1, factoryDefault: 0 },
    { template: 'atix-nvr', count: 1, factoryDefault: 0 },
    { template: 'herospeed-cam', count: 1, factoryDefault: 1 },
    { template: 'milesight', count: 1, factoryDefault: 0 },
  ],
  // Slots 1-11 are the ONVIF lineage. LEAD: slots 12-20 belong to the vendor families and are
  // appended here once their runtimes land (keep them after these rows so identities stay put):
  //   { template: 'hikvision-…', count: 3, … },  slots 12-14 (one NVR, two cameras)
  //   { template: 'dahua-…', count: 3, … },      slots 15-17 (one SCS Pro-branded recorder)
  //   { template: 'xiongmai-…', count: 3, … },   slots 18-20 (an XMEye DVR and two cameras)
  'mixed-20': [
    { template: 'generic', count: 3, factoryDefault: 1 },
    { template: 'hilook', count: 2, factoryDefault: 0 },
    { template: 'milesight', count: 2, factoryDefault: 1 },
    { template: 'atix-nvr', count: 2, factoryDefault: 0, withoutEmail: 1 },
    { template: 'herospeed-cam', count: 2, factoryDefault: 1 },
  ],
  // LEAD: vendor-family rows come out of these counts (keep the total at 1,000).
  'scale-1000': [
    { template: 'generic', count: 250, factoryDefault: 50 },
    { template: 'hilook', count: 250, factoryDefault: 50 },
    { template: 'atix-nvr', count: 150, factoryDefault: 30 },
    { template: 'herospeed-cam', count: 200, factoryDefault: 40 },
    { template: 'milesight', count: 150, factoryDefault: 30 },
  ],
};

/** Names accepted by `--fleet`. */
export const PRESET_NAMES = Object.keys(PRESET_MIXES);

export function isPresetName(name: string): boolean {
  return Object.hasOwn(PRESET_MIXES, name);
}

/** Builds a preset fleet; throws on an unknown name. */
export function presetFleet(name: string): Fleet {
  const mix = PRESET_MIXES[name];
  if (!mix) throw new Error(`unknown fleet preset "${name}" (known: ${PRESET_NAMES.join(', ')})`);
  return { name, devices: generateFleet(name, mix) };
}

/** Deterministic devices for a mix, seeded by `seed`. Exported for custom mixes in tests. */
export function generateFleet(seed: string, mix: readonly MixRow[]): DeviceSpec[] {
  const rng = seededRng(seed);
  const macs = new Set<string>();
  const serials = new Set<string>();
  const total = mix.reduce((n, row) => n + row.count, 0);
  const width = Math.max(2, String(total).length);
  const devices: DeviceSpec[] = [];
  for (const row of mix) {
    const t = modelTemplate(row.template);
    for (let i = 0; i < row.count; i++) {
      const model = rng.pick(t.models);
      let serial = t.serial(rng, model);
      while (serials.has(serial)) serial = t.serial(rng, model);
      serials.add(serial);
      const fresh = i < row.factoryDefault;
      const id = `${t.key}-${String(i + 1).padStart(width, '0')}`;
      const identity = {
        id,
        vendor: t.vendor,
        manufacturer: t.manufacturer,
        model,
        kind: t.kind,
        serial,
        mac: generateMac(rng, t.oui, macs),
        firmware: t.firmware(rng),
        hardwareId: t.hardwareId(rng, model),
      };
      const account: OnvifDeviceSpec['account'] = fresh
        ? { state: 'factoryDefault', users: [] }
        : { state: 'operational', users: operationalUsers(devices.length) };
      switch (t.family) {
        case 'onvif':
          devices.push({ ...identity, family: 'onvif', account });
          break;
        case 'herospeed': {
          const bound = !fresh && i < row.count - (row.withoutEmail ?? 0);
          devices.push({
            ...identity,
            family: 'herospeed',
            account,
            recoveryEmail: bound ? labOwnerEmail(id) : null,
          });
          break;
        }
        default:
          throw new Error(`template ${t.key}: no preset rule for family ${t.family as string}`);
      }
    }
  }
  return devices;
}

/** The recovery e-mail presets bind: a lab mailbox address, never a real domain (RFC 2606 .test). */
export function labOwnerEmail(deviceId: string): string {
  return `owner-${deviceId}@mail.lab.test`;
}

/** Every operational device has `admin`; every third also a User-level `viewer` (access-class tests). */
function operationalUsers(index: number): LabUser[] {
  const users: LabUser[] = [
    { username: 'admin', password: LAB_ADMIN_PASSWORD, level: 'Administrator' },
  ];
  if (index % 3 === 2)
    users.push({ username: 'viewer', password: LAB_VIEWER_PASSWORD, level: 'User' });
  return users;
}
