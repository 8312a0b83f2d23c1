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
import { linkDahuaRecorders, vendorDeviceSpec } from './vendor-accounts';

/** One row of a preset: `count` devices from `template`, the first `factoryDefault` of them fresh. */
export interface MixRow {
  template: string;
  count: number;
  factoryDefault: number;
  /** Herospeed and vendor families: the last this many with a password have no e-mail bound. */
  withoutEmail?: number;
  /** Vendor families: the first this many with a password have security questions set. */
  withQuestions?: number;
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
  // Slots 1-11 are the ONVIF lineage; slots 12-20 the vendor families, appended after them so the
  // identities of slots 1-11 (seeded row by row) never move.
  'mixed-20': [
    { template: 'generic', count: 3, factoryDefault: 1 },
    { template: 'hilook', count: 2, factoryDefault: 0 },
    { template: 'milesight', count: 2, factoryDefault: 1 },
    { template: 'atix-nvr', count: 2, factoryDefault: 0, withoutEmail: 1 },
    { template: 'herospeed-cam', count: 2, factoryDefault: 1 },
    // 12-14: a Hikvision NVR (e-mail, questions, GUID) and two cameras, the first inactive.
    { template: 'hik-nvr', count: 1, factoryDefault: 0, withQuestions: 1 },
    { template: 'hik-cam', count: 2, factoryDefault: 1 },
    // 15-17: the SCS Pro recorder with both Dahua-family cameras on its channels.
    { template: 'scs-nvr', count: 1, factoryDefault: 0, withQuestions: 1 },
    { template: 'dahua-cam', count: 1, factoryDefault: 0, withoutEmail: 1 },
    { template: 'amcrest-cam', count: 1, factoryDefault: 1 },
    // 18-20: an XMEye DVR (e-mail, questions), a camera with the factory-empty password, one with
    // a password and nothing to recover it by.
    { template: 'xmeye-dvr', count: 1, factoryDefault: 0, withQuestions: 1 },
    { template: 'xmeye-cam', count: 2, factoryDefault: 1, withoutEmail: 1 },
  ],
  // The Hikvision vertical end to end: three factory-fresh cameras to activate in one batch, two
  // with e-mail and questions set (recover by questions, QR + e-mail), an NVR with a GUID export.
  'hikvision-6': [
    { template: 'hik-cam', count: 5, factoryDefault: 3, withQuestions: 2 },
    { template: 'hik-nvr', count: 1, factoryDefault: 0, withQuestions: 1 },
  ],
  // Hikvision recovery through the UI, one device per test: cameras 01-04 with e-mail and
  // questions, 05-08 with e-mail only, 09 with neither (set up in the wizard), an NVR for the GUID.
  'hikvision-recovery': [
    { template: 'hik-cam', count: 9, factoryDefault: 0, withQuestions: 4, withoutEmail: 1 },
    { template: 'hik-nvr', count: 1, factoryDefault: 0 },
  ],
  // ONVIF lineage 700, Hikvision 120, Dahua 110, Xiongmai 70: the vendor rows came out of the
  // ONVIF-lineage counts (HiLook and generic most, since those boxes are mostly Hikvision/XM OEM).
  'scale-1000': [
    { template: 'generic', count: 170, factoryDefault: 35 },
    { template: 'hilook', count: 170, factoryDefault: 35 },
    { template: 'atix-nvr', count: 130, factoryDefault: 25 },
    { template: 'herospeed-cam', count: 130, factoryDefault: 25 },
    { template: 'milesight', count: 100, factoryDefault: 20 },
    { template: 'hik-nvr', count: 10, factoryDefault: 2, withQuestions: 5 },
    { template: 'hilook-nvr', count: 10, factoryDefault: 2, withQuestions: 5 },
    { template: 'hik-cam', count: 100, factoryDefault: 20, withQuestions: 30, withoutEmail: 20 },
    { template: 'scs-nvr', count: 10, factoryDefault: 2, withQuestions: 5 },
    { template: 'dahua-cam', count: 70, factoryDefault: 15, withQuestions: 20, withoutEmail: 15 },
    { template: 'amcrest-cam', count: 30, factoryDefault: 6, withoutEmail: 6 },
    { template: 'xmeye-dvr', count: 10, factoryDefault: 3, withQuestions: 4 },
    { template: 'xmeye-cam', count: 40, factoryDefault: 12, withQuestions: 10, withoutEmail: 8 },
    { template: 'besder-cam', count: 20, factoryDefault: 6, withoutEmail: 6 },
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
  /** Recorder id -> how many cameras its channels take. */
  const channels = new Map<string, number>();
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
        default: {
          // Vendor families: rank among the devices of this row that have a password.
          const rank = i - row.factoryDefault;
          const withPassword = row.count - row.factoryDefault;
          const bound = !fresh && rank < withPassword - (row.withoutEmail ?? 0);
          if (t.nvrCameras) channels.set(id, t.nvrCameras);
          devices.push(
            vendorDeviceSpec(t, identity, {
              fresh,
              email: bound ? labOwnerEmail(id) : null,
              questions: !fresh && rank < (row.withQuestions ?? 0),
            }),
          );
        }
      }
    }
  }
  linkDahuaRecorders(devices, (d) => channels.get(d.id) ?? 0);
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
