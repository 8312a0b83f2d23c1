/**
 * The lab manifest: what a running lab tells its clients (e2e tests, the demo script, the app in
 * lab mode). It names the interfaces to probe on and every device's identity, address and account
 * state at start. It carries no passwords; preset credentials are the exported lab constants.
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

export interface LabManifestDevice {
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
  ports: { http: number; wsDiscovery: number };
  endpoint: string;
  xaddrs: string[];
  account: { state: OnvifAccountState; users: { username: string; level: UserLevel }[] };
}

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
  devices: LabManifestDevice[];
}

/** The manifest entry of a running device. */
export function manifestDevice(d: LabDevice, wsdPort: number): LabManifestDevice {
  return {
    id: d.id,
    family: d.family,
    vendor: d.vendor,
    manufacturer: d.manufacturer,
    model: d.model,
    kind: d.kind,
    serial: d.serial,
    mac: d.mac,
    firmware: d.firmware,
    hardwareId: d.hardwareId,
    ip: d.ip,
    ports: { http: d.ports.http, wsDiscovery: wsdPort },
    endpoint: d.endpoint,
    xaddrs: [`http://${d.ip}:${d.ports.http}/onvif/device_service`],
    account: {
      state: d.account.state,
      users: d.account.users.map((u) => ({ username: u.username, level: u.level })),
    },
  };
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
