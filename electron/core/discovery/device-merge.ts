/**
 * After-the-fact merge of two inventory rows that turn out to be one physical device: a Hikvision
 * first heard by WS-Discovery (keyed by its endpoint UUID, no MAC yet) and again by SADP (MAC and
 * serial) becomes one row once any reply or identity read ties the two. Pure functions over
 * Device; the inventory keeps its indexes and tells the engine.
 */
import type { Device } from '../../shared/dto';

/** How many sightings a device keeps (newest last): enough for diagnostics, bounded for 5,000 rows. */
export const MAX_SIGHTINGS = 16;

/** MAC before serial before endpoint UUID before an address-only id (DESIGN.md: Device). */
export function idStrength(id: string): number {
  const order = ['mac:', 'serial:', 'uuid:'];
  const rank = order.findIndex((prefix) => id.startsWith(prefix));
  return rank === -1 ? order.length : rank;
}

/** The row that keeps its id: the strongest key, then the one seen first. */
export function pickSurvivor(rows: readonly Device[]): Device {
  return [...rows].sort(
    (a, b) => idStrength(a.id) - idStrength(b.id) || a.firstSeen.localeCompare(b.firstSeen),
  )[0]!;
}

const sameText = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();
const endpointOf = (d: Device) =>
  d.onvif?.endpoint ? d.onvif.endpoint.replace(/^urn:uuid:/i, '').toLowerCase() : null;

/**
 * Two rows that name different MACs, serials or endpoints are two devices even when a third key
 * ties them (cloned firmware reuses serials; some XM boards share a MAC): never merged.
 */
export function contradicts(a: Device, b: Device): boolean {
  if (a.mac && b.mac && a.mac !== b.mac) return true;
  if (a.serial && b.serial && !sameText(a.serial, b.serial)) return true;
  const [ea, eb] = [endpointOf(a), endpointOf(b)];
  return ea !== null && eb !== null && ea !== eb;
}

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}

/**
 * Folds `from` into `into`: what `into` knows stays, what only `from` knew is added; lists are
 * unioned, the sighting history interleaved by time. `ipConflict` is left to the inventory,
 * which knows the other rows.
 */
export function absorb(into: Device, from: Device): void {
  if (into.family === 'onvif' && from.family !== 'onvif') into.family = from.family;
  into.vendor ??= from.vendor;
  into.model ??= from.model;
  into.serial ??= from.serial;
  into.mac ??= from.mac;
  into.firmware ??= from.firmware;
  into.hardwareId ??= from.hardwareId;
  into.addresses = union(into.addresses, from.addresses);
  into.protocols = union(into.protocols, from.protocols);
  into.interfaces = union(into.interfaces, from.interfaces);
  if (into.account === 'unknown') into.account = from.account;
  // The row whose identity came from the device itself says best whether it wants credentials.
  if (into.identity !== 'device' && from.identity === 'device') {
    into.identity = 'device';
    into.needsCredentials = from.needsCredentials;
  } else if (into.identity !== 'device') {
    into.needsCredentials ||= from.needsCredentials;
  }
  if (from.ports) into.ports = { ...from.ports, ...into.ports };
  if (from.onvif) {
    const mine = into.onvif;
    into.onvif = mine
      ? {
          ...from.onvif,
          ...mine,
          endpoint: mine.endpoint || from.onvif.endpoint,
          xaddrs: mine.xaddrs.length > 0 ? mine.xaddrs : from.onvif.xaddrs,
          scopes: mine.scopes.length > 0 ? mine.scopes : from.onvif.scopes,
        }
      : from.onvif;
  }
  if (from.flags) {
    const flags = { ...into.flags };
    if (from.flags.foreignSubnet !== undefined) {
      flags.foreignSubnet = (flags.foreignSubnet ?? false) || from.flags.foreignSubnet;
    }
    flags.claimedIp ??= from.flags.claimedIp;
    if (flags.claimedIp === undefined) delete flags.claimedIp;
    into.flags = flags;
  }
  // Either row answering now means the device does.
  if (!into.presence || (into.presence.state === 'offline' && from.presence?.state === 'online')) {
    into.presence = from.presence ?? into.presence;
  }
  if (into.presence === undefined) delete into.presence;
  into.recovery ??= from.recovery ?? null;
  into.sightings = [...into.sightings, ...from.sightings]
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-MAX_SIGHTINGS);
  if (from.firstSeen < into.firstSeen) into.firstSeen = from.firstSeen;
  if (from.lastSeen > into.lastSeen) into.lastSeen = from.lastSeen;
}
