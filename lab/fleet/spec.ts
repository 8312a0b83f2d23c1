/**
 * What one simulated device is: its identity, where it listens and its account state. A fleet is
 * a list of these. Presets and fleet files produce `DeviceSpec`s; `resolveFleet` fills in the
 * address, ports and endpoint so every running device is a complete `LabDevice`.
 */
import type { Family } from '../../electron/shared/dto';

/** Families the lab simulates so far. Herospeed (Atix, BitVision) recorders speak only ONVIF on the LAN. */
export const LAB_FAMILIES = ['onvif', 'herospeed'] as const satisfies readonly Family[];
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

export interface DeviceSpec {
  /** Short stable name used in logs and the manifest (`onvif-01`). */
  id: string;
  family: LabFamily;
  /** Brand a person sees (HiLook, Atix); maps to a family. */
  vendor: string;
  /** What GetDeviceInformation reports as Manufacturer (often not the brand on the box). */
  manufacturer: string;
  model: string;
  /** Recorder or camera: decides the scope `type/` entries. */
  kind: 'camera' | 'recorder';
  serial: string;
  /** Lower-case, colon-separated. */
  mac: string;
  firmware: string;
  hardwareId: string;
  /** Omitted: assigned by the addressing plan. Must be inside 127.0.0.0/8. */
  ip?: string;
  ports?: { http?: number };
  /** Omitted: derived from the MAC, so it is stable across runs. */
  endpoint?: string;
  account: { state: OnvifAccountState; users: LabUser[] };
  /** Extra discovery scopes (full `onvif://www.onvif.org/...` URIs), e.g. a location. */
  scopes?: string[];
}

/** A device as it runs: address, port and endpoint decided. */
export interface LabDevice extends DeviceSpec {
  ip: string;
  ports: { http: number };
  endpoint: string;
  scopes: string[];
}

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
