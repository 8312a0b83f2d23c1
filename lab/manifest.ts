/**
 * The lab manifest: what a running lab tells its clients (e2e tests, the demo script, the app in
 * lab mode). It names the interfaces to probe on, every device's identity, address and account
 * state at start, and the lab's test doors (vendor desk, mailbox, control API). It carries no
 * passwords; preset credentials are the exported lab constants.
 */
import { renameSync, writeFileSync, readFileSync } from 'node:fs';
import type { AddressingPlan } from './fleet/addressing';
import {
  LAB_ADMIN_PASSWORD,
  type LabDevice,
  type LabFamily,
  type OnvifAccountState,
  type UserLevel,
} from './fleet/spec';

/** What every manifest device has, whatever its family. */
export interface ManifestDeviceBase {
  id: string;
  family: LabFamily;
  vendor: string;
  manufacturer: string;
  model: string;
  kind: 'camera' | 'recorder';
  serial: string;
  mac: string;
  firmware: string;
  hardwareId: string;
  ip: string;
  /** The family's ports by name (HTTP, discovery, vendor control ports). */
  ports: Record<string, number>;
  /** The runtime's account summary at start (`FamilyRuntime.snapshot`; no secrets). */
  account: Record<string, unknown>;
}

/** An ONVIF-lineage device (onvif, herospeed). */
export interface OnvifManifestDevice extends ManifestDeviceBase {
  family: 'onvif' | 'herospeed';
  ports: { http: number; wsDiscovery: number };
  endpoint: string;
  xaddrs: string[];
  account: {
    state: OnvifAccountState;
    users: { username: string; level: UserLevel }[];
    bootedAt?: string;
    /** Herospeed: where the vendor desk mails a recovery code; null when none is bound. */
    recoveryEmail?: string | null;
  };
  /** The mDNS services it advertises, when adverts are on. */
  mdns?: string[];
}

/**
 * One member per family. LEAD: add `| VendorManifestDevice` (a `ManifestDeviceBase` with its
 * `family`) with the vendor runtimes, and a case in `manifestDevice`.
 */
export type LabManifestDevice = OnvifManifestDevice;

export interface LabManifest {
  version: 1;
  fleet: string;
  pid: number;
  startedAt: string;
  readyMs: number;
  /** The interfaces a client must probe on: loopback only. */
  interfaces: string[];
  addressing: AddressingPlan;
  wsDiscovery: { group: string; port: number };
  /** The vendor desk (`POST ${desk}redeem`). */
  desk: string;
  /** The mailbox (`GET ${mailbox}<address>.json`). */
  mailbox: string;
  /** The control API (`GET ${control}devices`). */
  control: string;
  /** mDNS adverts, when on: every service is on loopback only. */
  mdns?: { group: string; port: number; services: number };
  devices: LabManifestDevice[];
}

/** The manifest entry of a running device, with its runtime's account snapshot. */
export function manifestDevice(
  d: LabDevice,
  wsdPort: number,
  snapshot: Record<string, unknown>,
): LabManifestDevice {
  const base = {
    id: d.id,
    vendor: d.vendor,
    manufacturer: d.manufacturer,
    model: d.model,
    kind: d.kind,
    serial: d.serial,
    mac: d.mac,
    firmware: d.firmware,
    hardwareId: d.hardwareId,
    ip: d.ip,
  };
  switch (d.family) {
    case 'onvif':
    case 'herospeed':
      return {
        ...base,
        family: d.family,
        ports: { http: d.ports.http, wsDiscovery: wsdPort },
        endpoint: d.endpoint,
        xaddrs: [`http://${d.ip}:${d.ports.http}/onvif/device_service`],
        // The ONVIF runtime's snapshot has exactly this shape (lab/onvif/runtime.ts).
        account: snapshot as OnvifManifestDevice['account'],
      };
  }
}

/** Writes the manifest so a reader never sees a half-written file (tmp file, then rename). */
export function writeManifestAtomic(path: string, manifest: LabManifest): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o644 });
  renameSync(tmp, path);
}

export function readManifest(path: string): LabManifest {
  return JSON.parse(readFileSync(path, 'utf8')) as LabManifest;
}

/** What to look a device up by; every given field must match. */
export type DeviceQuery = Partial<{
  id: string;
  serial: string;
  mac: string;
  family: LabFamily;
  vendor: string;
  kind: 'camera' | 'recorder';
  state: OnvifAccountState;
}>;

/** All devices matching the query, in manifest order. */
export function labManifestDevices(
  manifest: LabManifest,
  query: DeviceQuery = {},
): LabManifestDevice[] {
  return manifest.devices.filter(
    (d) =>
      (query.id === undefined || d.id === query.id) &&
      (query.serial === undefined || d.serial === query.serial) &&
      (query.mac === undefined || d.mac === query.mac.toLowerCase()) &&
      (query.family === undefined || d.family === query.family) &&
      (query.vendor === undefined || d.vendor === query.vendor) &&
      (query.kind === undefined || d.kind === query.kind) &&
      (query.state === undefined || d.account.state === query.state),
  );
}

/** The first device matching the query (a string is an id); throws when there is none. */
export function labManifestDevice(
  manifest: LabManifest,
  query: DeviceQuery | string,
): LabManifestDevice {
  const q = typeof query === 'string' ? { id: query } : query;
  const found = labManifestDevices(manifest, q)[0];
  if (!found)
    throw new Error(`no lab device matches ${JSON.stringify(q)} in fleet ${manifest.fleet}`);
  return found;
}

/**
 * Credentials of an operational preset device's admin (presets give every admin the same lab
 * password); null for a factory-default device, which has no users yet.
 */
export function labAdminCredentials(
  device: LabManifestDevice,
): { username: string; password: string } | null {
  if (
    device.account.state !== 'operational' ||
    !device.account.users.some((u) => u.username === 'admin')
  )
    return null;
  return { username: 'admin', password: LAB_ADMIN_PASSWORD };
}
