/**
 * Pure list logic for the device table: presence, filtering and sorting. Kept out of components so
 * the rows are computed once in the store and the virtualized table only renders a window of them.
 */
import type { Device, ScanProgress } from '../contract';
import { matchesFacets, noFacets, vendorOf, type Facets } from './device-facets';

export { vendorOf };

export const SORT_KEYS = [
  'status',
  'vendor',
  'model',
  'ip',
  'mac',
  'serial',
  'firmware',
  'protocols',
  'interface',
  'account',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
export interface SortSpec {
  key: SortKey;
  dir: SortDir;
}

/**
 * Whether a device answered the latest scan: `online` (it did), `pending` (a scan is running and it
 * has not answered yet), `missing` (the scan ended without it), `known` (no scan in this session).
 * In watch mode the engine judges each device (missed sweeps, Hello/Bye): `online` or `offline`.
 */
export type Presence = 'online' | 'offline' | 'pending' | 'missing' | 'known';

export interface DeviceRowModel {
  id: string;
  device: Device;
  presence: Presence;
}

export function presenceOf(device: Device, scan: ScanProgress | null): Presence {
  if (!scan) return 'known';
  if (scan.watch) {
    if (device.presence) return device.presence.state;
    return scan.state === 'running' || scan.state === 'watching' ? 'pending' : 'missing';
  }
  if (Date.parse(device.lastSeen) >= Date.parse(scan.startedAt)) return 'online';
  return scan.state === 'running' ? 'pending' : 'missing';
}

const searchCache = new WeakMap<Device, string>();

/** Lower-case haystack of the searchable facts; devices are immutable DTOs, so it is cached. */
function haystack(device: Device): string {
  let text = searchCache.get(device);
  if (text === undefined) {
    const mac = device.mac ?? '';
    text = [
      vendorOf(device),
      device.model,
      device.serial,
      device.ip,
      ...device.addresses,
      mac,
      mac.replace(/[^0-9a-f]/gi, ''),
    ]
      .filter(Boolean)
      .join('\n')
      .toLowerCase();
    searchCache.set(device, text);
  }
  return text;
}

/** Every whitespace-separated word of the query must occur in vendor, model, serial, IP or MAC. */
export function matchesFilter(device: Device, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = haystack(device);
  return words.every((w) => text.includes(w));
}

/** IPv4 as a number so that .9 sorts before .10; anything else sorts after every IPv4. */
export function ipKey(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) return Number.MAX_SAFE_INTEGER;
  let n = 0;
  for (const p of parts) {
    const octet = Number(p);
    if (!/^\d{1,3}$/.test(p) || octet > 255) return Number.MAX_SAFE_INTEGER;
    n = n * 256 + octet;
  }
  return n;
}

const PRESENCE_RANK: Record<Presence, number> = {
  online: 0,
  pending: 1,
  known: 2,
  missing: 3,
  offline: 3,
};
/** Devices that need the installer's attention first. */
const ACCOUNT_RANK: Record<Device['account'], number> = {
  inactive: 0,
  locked: 1,
  unknown: 2,
  active: 3,
};

type SortValue = string | number | null;

function sortValue(row: DeviceRowModel, key: SortKey): SortValue {
  const d = row.device;
  switch (key) {
    case 'status':
      return PRESENCE_RANK[row.presence];
    case 'vendor':
      return vendorOf(d);
    case 'model':
      return d.model;
    case 'ip':
      return ipKey(d.ip);
    case 'mac':
      return d.mac;
    case 'serial':
      return d.serial;
    case 'firmware':
      return d.firmware;
    case 'protocols':
      return d.protocols.join(' ') || null;
    case 'interface':
      return d.interfaces.join(' ') || null;
    case 'account':
      return ACCOUNT_RANK[d.account] * 2 + (d.needsCredentials ? 0 : 1);
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Compares by the sort key; empty values go last in either direction, ties fall back to IP, id. */
export function compareRows(a: DeviceRowModel, b: DeviceRowModel, sort: SortSpec): number {
  const va = sortValue(a, sort.key);
  const vb = sortValue(b, sort.key);
  if (va === null || vb === null) {
    if (va !== vb) return va === null ? 1 : -1;
  } else {
    const c =
      typeof va === 'number' && typeof vb === 'number'
        ? va - vb
        : collator.compare(String(va), String(vb));
    if (c !== 0) return sort.dir === 'asc' ? c : -c;
  }
  if (sort.key !== 'ip') {
    const byIp = ipKey(a.device.ip) - ipKey(b.device.ip);
    if (byIp !== 0) return byIp;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The table's rows: filtered by text and facets, with presence, sorted. */
export function buildRows(
  devices: Iterable<Device>,
  options: { filter: string; sort: SortSpec; scan: ScanProgress | null; facets?: Facets },
): DeviceRowModel[] {
  const facets = options.facets ?? noFacets();
  const rows: DeviceRowModel[] = [];
  for (const device of devices) {
    if (!matchesFacets(device, facets) || !matchesFilter(device, options.filter)) continue;
    rows.push({ id: device.id, device, presence: presenceOf(device, options.scan) });
  }
  return rows.sort((a, b) => compareRows(a, b, options.sort));
}
