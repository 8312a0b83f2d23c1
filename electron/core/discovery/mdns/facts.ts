/**
 * From a resolved DNS-SD service to DeviceFacts: pure, no sockets. The TXT keys and the camera
 * filter are assumptions (assumptions.ts); the address rules are here.
 */
import type { DeviceFacts } from '../types';
import { ASSUMED_TXT_KEYS, assumedAxisVideoVendor, assumedCameraAdvert } from './assumptions';

/** The parts of a bonjour-service `Service` the scanner reads, as plain data. */
export interface MdnsServiceInfo {
  name: string;
  /** DNS-SD type without underscore or protocol: `http`, `axis-video`. */
  type: string;
  port: number;
  host: string;
  /** A/AAAA records of the host, as received. */
  addresses: readonly string[];
  txt: Readonly<Record<string, unknown>>;
  /** The source of the response packet. */
  referer: string | null;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `aa:bb:cc:dd:ee:ff` from `AABBCCDDEEFF`, colons or dashes; undefined for junk or all-zero. */
export function normalizeTxtMac(value: string | undefined): string | undefined {
  const hex = value?.replace(/[:\-.\s]/g, '').toLowerCase();
  if (!hex || !/^[0-9a-f]{12}$/.test(hex) || /^0{12}$|^f{12}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

/** The first non-empty TXT value among `keys` (keys compared case-insensitively, RFC 6763 §6.4). */
export function txtValue(
  txt: Readonly<Record<string, unknown>>,
  keys: readonly string[],
): string | undefined {
  const lower = new Map(Object.entries(txt).map(([k, v]) => [k.toLowerCase(), v]));
  for (const key of keys) {
    const v = lower.get(key);
    const text = typeof v === 'string' ? v.trim() : Buffer.isBuffer(v) ? v.toString('utf8') : '';
    if (text) return text;
  }
  return undefined;
}

/**
 * The address a sighting records: the service's own A record (what the device says it is),
 * preferring one on the response's subnet; else the packet source. IPv6 and link-local are
 * passed over while an IPv4 routable address exists, as the WS-Discovery XAddr ordering does.
 */
export function serviceAddress(info: MdnsServiceInfo): string | null {
  const v4 = info.addresses.filter((a) => IPV4.test(a));
  const routable = v4.filter((a) => !a.startsWith('169.254.'));
  const prefix = info.referer?.split('.').slice(0, 3).join('.');
  const near = routable.find((a) => prefix !== undefined && a.startsWith(`${prefix}.`));
  return near ?? routable[0] ?? v4[0] ?? info.referer;
}

/** The facts of one advert, or null when it does not look like a camera's. */
export function factsFromMdnsService(info: MdnsServiceInfo): DeviceFacts | null {
  const k = ASSUMED_TXT_KEYS;
  const mac = normalizeTxtMac(txtValue(info.txt, k.mac));
  const vendor = txtValue(info.txt, k.vendor);
  const model = txtValue(info.txt, k.model);
  if (!assumedCameraAdvert(info.type, { mac, vendor, model })) return null;
  const facts: DeviceFacts = {};
  if (mac) facts.mac = mac;
  if (vendor) facts.vendor = vendor;
  else if (info.type === 'axis-video') facts.vendor = assumedAxisVideoVendor(mac);
  if (model) facts.model = model;
  const serial = txtValue(info.txt, k.serial);
  if (serial) facts.serial = serial;
  const firmware = txtValue(info.txt, k.firmware);
  if (firmware) facts.firmware = firmware;
  // The web UI's port is worth keeping; an RTSP or PSIA port is not the HTTP port.
  if (info.type === 'http' || info.type === 'axis-video') facts.httpPort = info.port;
  return facts;
}
