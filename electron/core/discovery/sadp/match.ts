/**
 * Reading the device fields of a SADP ProbeMatch or Hello (hikvision.md §3.2). The field set
 * varies with firmware and device class, so every field is optional and a value that does not
 * parse becomes null; the text as sent always stays in `fields` for diagnostics.
 */
import type { XmlElement } from '../wsd/xml';
import { normalizeMac } from '../wsd/facts';
import { assumedSadpBoolean } from './assumptions';

/** What the device says about its own addressing: the foreign-subnet facts. */
export interface SadpNetwork {
  ipv4Address: string | null;
  ipv4SubnetMask: string | null;
  ipv4Gateway: string | null;
  ipv6Address: string | null;
  ipv6Gateway: string | null;
  ipv6MaskLen: number | null;
  dhcp: boolean | null;
  /** HCNetSDK TCP port (8000 by default). */
  commandPort: number | null;
  /** ISAPI / web port. */
  httpPort: number | null;
}

/** Recovery- and account-related flags of a ProbeMatch, as sent (null when absent). */
export interface SadpAccountFlags {
  /** false = factory-fresh, no password yet. Absent on pre-2016 firmware. */
  activated: boolean | null;
  passwordResetAbility: boolean | null;
  passwordResetModeSecond: boolean | null;
  supportSecurityQuestion: boolean | null;
  supportMailBox: boolean | null;
  supportGUID: boolean | null;
  syncIPCPassword: boolean | null;
  resetAbility: boolean | null;
  supportHCPlatform: boolean | null;
  hcPlatformEnable: boolean | null;
  isModifyVerificationCode: boolean | null;
  encrypt: boolean | null;
  /** SADP admin lock after failed attempts; its exact meaning is [S] (hikvision.md §16). */
  deviceLock: boolean | null;
  /** 64 hex chars for salted SADP auth; not a secret, but never logged either. */
  salt: string | null;
}

/** One device as a ProbeMatch or Hello describes it. */
export interface SadpMatch {
  /** Echo of the inquiry's Uuid (normally; not always, hikvision.md §2). Hello has none. */
  uuid: string | null;
  /** Opaque model-class code, e.g. 142378. */
  deviceType: number | null;
  /** DeviceDescription: the model, e.g. `DS-2CD2320D-I`. */
  model: string | null;
  /** DeviceSN as sent: model + yyyymmdd + serial. */
  serial: string | null;
  /** `aa:bb:cc:dd:ee:ff`, or null when missing or not a MAC. */
  mac: string | null;
  softwareVersion: string | null;
  dspVersion: string | null;
  /** `YYYY-MM-DD hh:mm:ss` in device local time, as sent. */
  bootTime: string | null;
  analogChannels: number | null;
  digitalChannels: number | null;
  diskNumber: number | null;
  oemInfo: string | null;
  /** The device's own addressing, which may be on a subnet no interface of ours is on. */
  network: SadpNetwork;
  account: SadpAccountFlags;
  /** Every leaf element's text as sent, first occurrence wins; null-prototype object. */
  fields: Readonly<Record<string, string>>;
}

const MAX_FIELDS = 128;

function collect(root: XmlElement): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  let n = 0;
  for (const el of root.children) {
    if (el.children.length > 0 || el.local in out) continue;
    if (++n > MAX_FIELDS) break; // a hostile reply cannot make us keep thousands of names
    out[el.local] = el.text;
  }
  return out;
}

function ipv4(value: string | undefined): string | null {
  if (!value || !/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) return null;
  return value.split('.').every((o) => Number(o) <= 255) ? value : null;
}

function int(value: string | undefined, max = 2 ** 31 - 1): number | null {
  if (!value || !/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n <= max ? n : null;
}

function port(value: string | undefined): number | null {
  const n = int(value, 65535);
  return n === 0 ? null : n;
}

function str(value: string | undefined): string | null {
  return value ? value : null;
}

/** Reads the device fields of a `<ProbeMatch>` or `<Hello>` root element. */
export function readSadpMatch(root: XmlElement): SadpMatch {
  const f = collect(root);
  const b = (name: string): boolean | null => assumedSadpBoolean(f[name]);
  return {
    uuid: str(f.Uuid),
    deviceType: int(f.DeviceType),
    model: str(f.DeviceDescription),
    serial: str(f.DeviceSN),
    mac: f.MAC ? normalizeMac(f.MAC) : null,
    softwareVersion: str(f.SoftwareVersion),
    dspVersion: str(f.DSPVersion),
    bootTime: str(f.BootTime),
    analogChannels: int(f.AnalogChannelNum),
    digitalChannels: int(f.DigitalChannelNum),
    diskNumber: int(f.DiskNumber),
    oemInfo: str(f.OEMInfo),
    network: {
      ipv4Address: ipv4(f.IPv4Address),
      ipv4SubnetMask: ipv4(f.IPv4SubnetMask),
      ipv4Gateway: ipv4(f.IPv4Gateway),
      ipv6Address: str(f.IPv6Address),
      ipv6Gateway: str(f.IPv6Gateway),
      ipv6MaskLen: int(f.IPv6MaskLen, 128),
      dhcp: b('DHCP'),
      commandPort: port(f.CommandPort),
      httpPort: port(f.HttpPort),
    },
    account: {
      activated: b('Activated'),
      passwordResetAbility: b('PasswordResetAbility'),
      passwordResetModeSecond: b('PasswordResetModeSecond'),
      supportSecurityQuestion: b('SupportSecurityQuestion'),
      supportMailBox: b('SupportMailBox'),
      supportGUID: b('SupportGUID'),
      syncIPCPassword: b('SyncIPCPassword'),
      resetAbility: b('ResetAbility'),
      supportHCPlatform: b('SupportHCPlatform'),
      hcPlatformEnable: b('HCPlatformEnable'),
      isModifyVerificationCode: b('IsModifyVerificationCode'),
      encrypt: b('Encrypt'),
      deviceLock: b('DeviceLock'),
      salt: f.Salt && /^[0-9a-fA-F]{16,128}$/.test(f.Salt) ? f.Salt : null,
    },
    fields: f,
  };
}
