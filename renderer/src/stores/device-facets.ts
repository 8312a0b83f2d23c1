/**
 * The table's facet filters (beside the text search): where a device comes from (family or brand),
 * which protocol saw it, its account state, and what needs attention. Pure, so the store and the
 * tests share one definition of what each filter means.
 */
import {
  FAMILIES,
  type AccountState,
  type Device,
  type DiscoveryProtocol,
  type Family,
} from '../contract';

export const ACCOUNT_STATES = [
  'inactive',
  'active',
  'locked',
  'unknown',
] as const satisfies readonly AccountState[];

/**
 * What a person may need to act on; the first two come from the engine's DeviceFlags, `offline`
 * from a watch's judgement (missed sweeps or a Bye).
 */
export const FLAG_FILTERS = ['foreignSubnet', 'ipConflict', 'needsCredentials', 'offline'] as const;
export type FlagFilter = (typeof FLAG_FILTERS)[number];

/**
 * `family:hikvision` takes in every brand of that lineage (HiLook, …); `vendor:HiLook` only the
 * brand the device reported. The UI shows brands, the code dispatches on families (DESIGN.md).
 */
export type SourceFilter = `family:${Family}` | `vendor:${string}`;

export interface Facets {
  source: SourceFilter | null;
  protocol: DiscoveryProtocol | null;
  account: AccountState | null;
  flag: FlagFilter | null;
}
export type FacetKey = keyof Facets;
export const FACET_KEYS: readonly FacetKey[] = ['source', 'protocol', 'account', 'flag'];

export function noFacets(): Facets {
  return { source: null, protocol: null, account: null, flag: null };
}

/** The brand a person knows it by; the family when the device did not say. */
export function vendorOf(device: Device): string {
  return device.vendor ?? device.family;
}

/** Whether a device carries a flag; claimedIp alone is a detail, not a flag. */
export function hasFlag(device: Device, flag: FlagFilter): boolean {
  if (flag === 'needsCredentials') return device.needsCredentials;
  if (flag === 'offline') return device.presence?.state === 'offline';
  return device.flags?.[flag] === true;
}

/** Rows with a foreign-subnet or conflict badge get a second line (see table-window.ts). */
export function isFlagged(device: Device): boolean {
  return hasFlag(device, 'foreignSubnet') || hasFlag(device, 'ipConflict');
}

function matchesSource(device: Device, source: SourceFilter): boolean {
  const colon = source.indexOf(':');
  const kind = source.slice(0, colon);
  const value = source.slice(colon + 1);
  if (kind === 'family') return device.family === value;
  return vendorOf(device).toLowerCase() === value.toLowerCase();
}

/** Every set facet must hold (AND across facets). */
export function matchesFacets(device: Device, facets: Facets): boolean {
  if (facets.source && !matchesSource(device, facets.source)) return false;
  if (facets.protocol && !device.protocols.includes(facets.protocol)) return false;
  if (facets.account && device.account !== facets.account) return false;
  if (facets.flag && !hasFlag(device, facets.flag)) return false;
  return true;
}

export function anyFacet(facets: Facets): boolean {
  return FACET_KEYS.some((k) => facets[k] !== null);
}

/** The families and brands present in the inventory, for the source picker; brands deduplicated case-insensitively. */
export function sourceOptions(devices: Iterable<Device>): {
  families: Family[];
  vendors: string[];
} {
  const families = new Set<Family>();
  const vendors = new Map<string, string>();
  for (const d of devices) {
    families.add(d.family);
    if (d.vendor && !vendors.has(d.vendor.toLowerCase()))
      vendors.set(d.vendor.toLowerCase(), d.vendor);
  }
  const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
  return {
    families: FAMILIES.filter((f) => families.has(f)),
    vendors: [...vendors.values()].sort(collator.compare),
  };
}

export function isSourceFilter(value: string): value is SourceFilter {
  const m = /^(family|vendor):(.+)$/.exec(value);
  if (!m) return false;
  return m[1] === 'vendor' || (FAMILIES as readonly string[]).includes(m[2]!);
}
