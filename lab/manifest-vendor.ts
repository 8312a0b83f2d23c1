/**
 * Manifest entries of the vendor families (Hikvision, Dahua, Xiongmai): their ports by protocol
 * and the runtime's account summary. Like the rest of the manifest they carry no secret: a Dahua
 * recorder's camera list keeps each camera's address and serial, never the password it stored.
 */
import { SADP_PORT } from './hikvision/types';
import type { DahuaFamilyDevice, LabDevice } from './fleet/spec';
import type { HikvisionLabDevice } from './hikvision/types';
import type { ManifestDeviceBase } from './manifest';
import type { XmLabDevice } from './xiongmai/device';

/** Every vendor summary has these; the rest is the family runtime's own snapshot. */
interface VendorAccountSummary {
  emailBound: boolean;
  questionsSet: boolean;
  [field: string]: unknown;
}

/** Hikvision: ISAPI on `http`, SADP on 37020, the SDK port it advertises (never served). */
export interface HikvisionManifestDevice extends ManifestDeviceBase {
  family: 'hikvision';
  ports: { http: number; sadp: number; command: number };
  account: VendorAccountSummary & { activated: boolean; guidExported: boolean };
  nvr?: { cameras: number };
}

/** Dahua and OEM lines: RPC2 on `http`, DHIP on 37810, the DVRIP port it reports (not served). */
export interface DahuaManifestDevice extends ManifestDeviceBase {
  family: 'dahua';
  ports: { http: number; dhip: number; tcp: number };
  account: VendorAccountSummary & { initialized: boolean; remainLoginTimes: number };
  nvr?: { cameras: { ip: string; serial: string }[] };
}

/** Xiongmai/XMEye: NETIP on `tcp`, search on 34569, the web port its reply names (not served). */
export interface XiongmaiManifestDevice extends ManifestDeviceBase {
  family: 'xiongmai';
  ports: { tcp: number; search: number; http: number };
  account: VendorAccountSummary & { passwordSet: boolean };
}

/** A manifest entry of a vendor family, discriminated by `family`. */
export type VendorManifestDevice =
  HikvisionManifestDevice | DahuaManifestDevice | XiongmaiManifestDevice;

type VendorDevice = HikvisionLabDevice | DahuaFamilyDevice | XmLabDevice;

/** True for a device of a vendor family (not ONVIF lineage). */
export function isVendorDevice(d: LabDevice): d is VendorDevice {
  return d.family === 'hikvision' || d.family === 'dahua' || d.family === 'xiongmai';
}

/** The manifest entry of a running vendor device from its identity part and runtime snapshot. */
export function vendorManifestDevice(
  d: VendorDevice,
  base: Omit<ManifestDeviceBase, 'family' | 'ports' | 'account' | 'factoryFresh'>,
  snapshot: Record<string, unknown>,
): VendorManifestDevice {
  // The runtimes' snapshots have these shapes (hikvision/snapshot.ts, dahua/runtime.ts,
  // xiongmai/account.ts); their own tests pin them.
  switch (d.family) {
    case 'hikvision': {
      const account = snapshot as HikvisionManifestDevice['account'];
      return {
        ...base,
        family: 'hikvision',
        ports: { http: d.ports.http, sadp: SADP_PORT, command: d.ports.command },
        factoryFresh: !account.activated,
        account,
        ...(d.nvr ? { nvr: { cameras: d.nvr.cameras } } : {}),
      };
    }
    case 'dahua': {
      const account = snapshot as DahuaManifestDevice['account'];
      return {
        ...base,
        family: 'dahua',
        ports: { ...d.ports },
        factoryFresh: !account.initialized,
        account,
        ...(d.nvr
          ? { nvr: { cameras: d.nvr.cameras.map((c) => ({ ip: c.ip, serial: c.serial })) } }
          : {}),
      };
    }
    case 'xiongmai': {
      const account = snapshot as XiongmaiManifestDevice['account'];
      return {
        ...base,
        family: 'xiongmai',
        ports: { ...d.ports },
        factoryFresh: !account.passwordSet,
        account,
      };
    }
  }
}
