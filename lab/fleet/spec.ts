/**
 * What one simulated device is: its identity, where it listens and its account state. A fleet is
 * a list of these. Presets and fleet files produce `DeviceSpec`s (one union member per family);
 * `resolveFleet` fills in the address and ports so every running device is a complete `LabDevice`
 * that its family runtime (lab/families/registry.ts) can start.
 */
import type { Family } from '../../electron/shared/dto';
import type { DahuaLabDevice, DahuaNvrCamera } from '../dahua/device';
import type { LabDeviceBase } from '../families/types';
import type { HikvisionLabDevice } from '../hikvision/types';
import type { XmLabDevice } from '../xiongmai/device';

/**
 * Families a fleet may hold. Herospeed (Atix, BitVision) recorders speak only ONVIF on the LAN;
 * the three vendor families speak their own discovery and account protocols. A family added here
 * makes tsc point at every place that needs a line (spec union, resolve, fleet-file schema,
 * registry, manifest, mDNS).
 */
export const LAB_FAMILIES = [
  'onvif',
  'herospeed',
  'hikvision',
  'dahua',
  'xiongmai',
] as const satisfies readonly Family[];
export type LabFamily = (typeof LAB_FAMILIES)[number];

/** ONVIF user levels a device stores (Anonymous is a requester class, never a stored user). */
export const USER_LEVELS = ['Administrator', 'Operator', 'User'] as const;
export type UserLevel = (typeof USER_LEVELS)[number];

/** Profile Q account state: factory default grants anonymous access until an admin password is set. */
export type OnvifAccountState = 'factoryDefault' | 'operational';

export interface LabUser {
  username: string;
  password: string;
  level: UserLevel;
}

/** Identity every spec carries, whatever its family. */
export interface SpecIdentity {
  /** Short stable name used in logs and the manifest (`onvif-01`). */
  id: string;
  /** Brand a person sees (HiLook, Atix); maps to a family. */
  vendor: string;
  /** What the device reports as its manufacturer (often not the brand on the box). */
  manufacturer: string;
  model: string;
  kind: 'camera' | 'recorder';
  serial: string;
  /** Lower-case, colon-separated. */
  mac: string;
  firmware: string;
  hardwareId: string;
  /** Omitted: assigned by the addressing plan. Must be inside 127.0.0.0/8. */
  ip?: string;
}

/** The ONVIF side every ONVIF-lineage device (onvif, herospeed) has. */
export interface OnvifSpecPart {
  ports?: { http?: number };
  /** Omitted: derived from the MAC, so it is stable across runs. */
  endpoint?: string;
  account: { state: OnvifAccountState; users: LabUser[] };
  /** Extra discovery scopes (full `onvif://www.onvif.org/...` URIs), e.g. a location. */
  scopes?: string[];
}

/** A generic ONVIF camera or recorder (Profile Q account over the device service). */
export interface OnvifDeviceSpec extends SpecIdentity, OnvifSpecPart {
  family: 'onvif';
}

/**
 * A Herospeed-lineage device: ONVIF on the LAN, plus the recovery e-mail the recorder asks for at
 * first login on its own monitor (oem-map.md §2.1). Null or omitted: none bound.
 */
export interface HerospeedDeviceSpec extends SpecIdentity, OnvifSpecPart {
  family: 'herospeed';
  recoveryEmail?: string | null;
}

/**
 * The spec form of a vendor runtime's device type: the plan decides the address, and ports may be
 * left to it.
 */
export type SpecOf<D extends LabDeviceBase & { ports: object }> = Omit<D, 'ip' | 'ports'> & {
  ip?: string;
  ports?: Partial<D['ports']>;
};

/** A Hikvision (or HiLook) camera or NVR: SADP + ISAPI (lab/hikvision). */
export type HikvisionDeviceSpec = SpecOf<HikvisionLabDevice>;

/**
 * The Dahua runtime types `family` as any Family; the lab pins it so the unions discriminate.
 * Dahua and its OEM lines (Amcrest, SCS Pro): DHIP + RPC2 over HTTP (lab/dahua).
 */
export type DahuaFamilyDevice = DahuaLabDevice & { family: 'dahua' };

/** A recorder's camera in a spec: its address may be left out, then it is the fleet device with that serial. */
export type DahuaNvrCameraSpec = Omit<DahuaNvrCamera, 'ip'> & { ip?: string };

/** A Dahua-family device as a preset or fleet file gives it; camera addresses may come from the plan. */
export type DahuaDeviceSpec = Omit<SpecOf<DahuaFamilyDevice>, 'nvr'> & {
  nvr?: { cameras: DahuaNvrCameraSpec[] };
};

/** A Xiongmai/XMEye camera or recorder: 34569 search + NETIP on 34567 (lab/xiongmai). */
export type XiongmaiDeviceSpec = SpecOf<XmLabDevice>;

/** One member per family, discriminated by `family`. */
export type DeviceSpec =
  | OnvifDeviceSpec
  | HerospeedDeviceSpec
  | HikvisionDeviceSpec
  | DahuaDeviceSpec
  | XiongmaiDeviceSpec;

/** What the plan decides for an ONVIF-lineage device. */
interface OnvifResolved {
  ip: string;
  ports: { http: number };
  endpoint: string;
  scopes: string[];
}

/** A running ONVIF-lineage device: what `startOnvifFleet` takes. */
export type OnvifLabDevice =
  | (Omit<OnvifDeviceSpec, keyof OnvifResolved> & OnvifResolved)
  | (Omit<HerospeedDeviceSpec, keyof OnvifResolved> & OnvifResolved);

/** A device as it runs: address and ports decided. One member per family, like `DeviceSpec`. */
export type LabDevice = OnvifLabDevice | HikvisionLabDevice | DahuaFamilyDevice | XmLabDevice;

/** True for an ONVIF-lineage device (onvif, herospeed): what `startOnvifFleet` takes. */
export function isOnvifLabDevice(d: LabDevice): d is OnvifLabDevice {
  return d.family === 'onvif' || d.family === 'herospeed';
}

/** The running device type of one family. */
export type LabDeviceOf<F extends LabFamily> = Extract<LabDevice, { family: F }>;

/** A named fleet: what a preset or a fleet file yields. */
export interface Fleet {
  name: string;
  devices: DeviceSpec[];
}

/**
 * The password the presets give every operational admin, so the demo and e2e tests can log in.
 * It is a lab fixture, not a secret: no real device ever has it.
 */
export const LAB_ADMIN_PASSWORD = 'Lab-Admin-2468';
