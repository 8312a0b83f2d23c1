/**
 * Reads `client.notifyDevInfo` params into a typed object (dahua.md §3). Every field is optional
 * and checked for type and size: firmware varies, and a reply is untrusted input.
 */
import { assumedDhipInitState, assumedDhipResetWays, type DhipInitState } from './assumptions';

/** An IPv4 block as the device reports it; it may be on a subnet the laptop cannot reach. */
export interface DhipIpv4 {
  address?: string;
  mask?: string;
  gateway?: string;
  dhcp?: boolean;
}

export interface DhipIpv6 {
  address?: string;
  linkLocal?: string;
  gateway?: string;
}

/** What one discovery reply says about the device, as sent (strings trimmed, sizes capped). */
export interface DhipDeviceInfo {
  /** `aa:bb:cc:dd:ee:ff`, from the top-level `mac` (the device's own). */
  mac?: string;
  /** `IPC`, `NVR`, `HCVR`, `VTO`, `BSC` … */
  deviceClass?: string;
  /** The model, e.g. `IPC-HDW5421S`. */
  deviceType?: string;
  machineName?: string;
  serial?: string;
  deviceId?: string;
  vendor?: string;
  manufacturer?: string;
  version?: string;
  httpPort?: number;
  /** The private TCP port (37777 by default; 35000 on some Lorex). */
  port?: number;
  ipv4?: DhipIpv4;
  ipv6?: DhipIpv6;
  videoInputChannels?: number;
  /** The raw `Init` number; see `initState`. */
  init?: number;
  /** Initialised or not, from `Init` (an assumption: see assumptions.ts). */
  initState: DhipInitState;
  /** The raw `Find` letters, e.g. `BC`. */
  find?: string;
  /** Reset ways from `Find` (an assumption: see assumptions.ts). */
  resetWays: string[];
  findVersion?: number;
  unLoginFuncMask?: number;
}

const MAX_TEXT = 128;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A printable, trimmed string of at most 128 characters; anything else is dropped. */
function text(obj: Json, key: string): string | undefined {
  const v = obj[key];
  if (typeof v !== 'string') return undefined;
  // Control characters would corrupt a table cell or a log line; a device has no reason to send them.
  const t = v.replace(/\p{Cc}/gu, '').trim();
  return t && t.length <= MAX_TEXT ? t : undefined;
}

/** A non-negative integer, also when firmware sends it as a decimal string. */
function int(obj: Json, key: string): number | undefined {
  const v = obj[key];
  const n = typeof v === 'string' && /^\d{1,10}$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function bool(obj: Json, key: string): boolean | undefined {
  const v = obj[key];
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  return undefined;
}

function port(obj: Json, key: string): number | undefined {
  const n = int(obj, key);
  return n !== undefined && n > 0 && n < 65536 ? n : undefined;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function ipv4(obj: Json, key: string): string | undefined {
  const t = text(obj, key);
  return t && IPV4.test(t) ? t : undefined;
}

/** `aa:bb:cc:dd:ee:ff` from colon, dash or bare hex; all-zero and broadcast MACs are refused. */
export function normalizeDhipMac(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = value.replace(/[:\-.\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex) || /^0{12}$|^f{12}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

function compact<T extends object>(obj: T): T | undefined {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

/**
 * Reads the reply's top-level `mac` and `params.deviceInfo`. Returns null when there is no
 * `deviceInfo` object at all.
 */
export function readDeviceInfo(message: Json): DhipDeviceInfo | null {
  const params = message.params;
  if (!isObject(params) || !isObject(params.deviceInfo)) return null;
  const d = params.deviceInfo;
  const v4 = isObject(d.IPv4Address) ? d.IPv4Address : {};
  const v6 = isObject(d.IPv6Address) ? d.IPv6Address : {};
  const init = int(d, 'Init');
  const find = text(d, 'Find');
  const info: DhipDeviceInfo = {
    // The top-level `mac` is the documented place; `Mac` inside deviceInfo is a fallback.
    mac: normalizeDhipMac(message.mac) ?? normalizeDhipMac(d.Mac),
    deviceClass: text(d, 'DeviceClass'),
    deviceType: text(d, 'DeviceType'),
    machineName: text(d, 'MachineName'),
    serial: text(d, 'SerialNo'),
    deviceId: text(d, 'DeviceID'),
    vendor: text(d, 'Vendor'),
    manufacturer: text(d, 'Manufacturer'),
    version: text(d, 'Version'),
    httpPort: port(d, 'HttpPort'),
    port: port(d, 'Port'),
    ipv4: compact<DhipIpv4>({
      address: ipv4(v4, 'IPAddress'),
      mask: ipv4(v4, 'SubnetMask'),
      gateway: ipv4(v4, 'DefaultGateway'),
      dhcp: bool(v4, 'DhcpEnable'),
    }),
    ipv6: compact<DhipIpv6>({
      address: text(v6, 'IPAddress'),
      linkLocal: text(v6, 'LinkLocalAddress'),
      gateway: text(v6, 'DefaultGateway'),
    }),
    videoInputChannels: int(d, 'VideoInputChannels'),
    init,
    initState: assumedDhipInitState(init),
    find,
    resetWays: assumedDhipResetWays(find),
    findVersion: int(d, 'FindVersion'),
    unLoginFuncMask: int(d, 'UnLoginFuncMask'),
  };
  return compact(info) ?? info;
}
