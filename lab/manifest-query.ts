/**
 * Looking devices up in a lab manifest (e2e tests, the demo script): by identity, family, brand
 * or whether an admin password is set yet, and the lab credentials of a preset device.
 */
import { LAB_ADMIN_PASSWORD, type LabFamily, type OnvifAccountState } from './fleet/spec';
import type { LabManifest, LabManifestDevice, OnvifManifestDevice } from './manifest';

/** True for an ONVIF-lineage entry (onvif, herospeed): it has an endpoint, XAddrs and users. */
export function isOnvifManifestDevice(d: LabManifestDevice): d is OnvifManifestDevice {
  return d.family === 'onvif' || d.family === 'herospeed';
}

/** What to look a device up by; every given field must match. */
export type DeviceQuery = Partial<{
  id: string;
  serial: string;
  mac: string;
  family: LabFamily;
  vendor: string;
  kind: 'camera' | 'recorder';
  /** ONVIF-lineage account state; a vendor device never matches it (use `factoryFresh`). */
  state: OnvifAccountState;
  factoryFresh: boolean;
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
      (query.factoryFresh === undefined || d.factoryFresh === query.factoryFresh) &&
      (query.state === undefined || (isOnvifManifestDevice(d) && d.account.state === query.state)),
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

/** The first ONVIF-lineage device matching the query; throws when there is none. */
export function labOnvifDevice(
  manifest: LabManifest,
  query: DeviceQuery | string,
): OnvifManifestDevice {
  const q = typeof query === 'string' ? { id: query } : query;
  const found = labManifestDevices(manifest, q).find(isOnvifManifestDevice);
  if (!found)
    throw new Error(`no ONVIF lab device matches ${JSON.stringify(q)} in fleet ${manifest.fleet}`);
  return found;
}

/**
 * Credentials of a preset device's admin once it has a password (presets give every admin the
 * same lab password); null for a factory-fresh device. Every family's admin user is `admin`.
 */
export function labAdminCredentials(
  device: LabManifestDevice,
): { username: string; password: string } | null {
  if (device.factoryFresh) return null;
  if (isOnvifManifestDevice(device) && !device.account.users.some((u) => u.username === 'admin'))
    return null;
  return { username: 'admin', password: LAB_ADMIN_PASSWORD };
}
