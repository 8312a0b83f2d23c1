/**
 * The lab manifest: what a running lab tells its clients (e2e tests, the demo script, the app in
 * lab mode). It names the interfaces to probe on, every device's identity, address and account
 * state at start, and the lab's test doors (vendor desk, mailbox, control API). It carries no
 * passwords; preset credentials are the exported lab constants.
 */
import { renameSync, writeFileSync, readFileSync } from 'node:fs';
import type { AddressingPlan } from './fleet/addressing';
import {
  type LabDevice,
  type LabFamily,
  type OnvifAccountState,
  type UserLevel,
} from './fleet/spec';
import { isVendorDevice, vendorManifestDevice, type VendorManifestDevice } from './manifest-vendor';

export {
  isOnvifManifestDevice,
  labAdminCredentials,
  labManifestDevice,
  labManifestDevices,
  labOnvifDevice,
  type DeviceQuery,
} from './manifest-query';
export type {
  DahuaManifestDevice,
  HikvisionManifestDevice,
  VendorManifestDevice,
  XiongmaiManifestDevice,
} from './manifest-vendor';

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
  /**
   * No admin password set yet, whatever the family calls it: ONVIF factory default, Hikvision
   * inactive, Dahua uninitialized, XM's factory-empty password.
   */
  factoryFresh: boolean;
  /** The mDNS services it advertises, when adverts are on. */
  mdns?: string[];
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
}

/** One member per family (the vendor members are in manifest-vendor.ts). */
export type LabManifestDevice = OnvifManifestDevice | VendorManifestDevice;

export interface LabManifest {
  version: 1;
  fleet: string;
  pid: number;
  startedAt: string;
  readyMs: number;
  /** The interfaces a client must probe on: loopback only. */
  interfaces: string[];
  addressing: AddressingPlan;
  /** Shared-ip only: what runs differently from a LAN on one shared address, per family present. */
  sharedIpLimits?: string[];
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
  if (isVendorDevice(d)) return vendorManifestDevice(d, base, snapshot);
  switch (d.family) {
    case 'onvif':
    case 'herospeed':
      return {
        ...base,
        family: d.family,
        ports: { http: d.ports.http, wsDiscovery: wsdPort },
        endpoint: d.endpoint,
        xaddrs: [`http://${d.ip}:${d.ports.http}/onvif/device_service`],
        factoryFresh: d.account.state === 'factoryDefault',
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
