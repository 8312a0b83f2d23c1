import type { Device, Sighting } from '../../shared/dto';
import { absorb, contradicts, MAX_SIGHTINGS, pickSurvivor } from './device-merge';
import type { DeviceFacts, RawSighting } from './types';

export type InventoryChange =
  | { change: 'added' | 'updated'; device: Device }
  /** The row was folded into `mergedInto`: a later reply showed both rows are one device. */
  | { change: 'removed'; device: Device; mergedInto: string };
/** What a sighting, an identity read or a presence verdict did to its row. */
export type InventoryUpsert = Extract<InventoryChange, { change: 'added' | 'updated' }>;
export type InventoryRemoval = Extract<InventoryChange, { change: 'removed' }>;

export interface InventoryOptions {
  /** A row was merged away; called before the survivor's own change is returned. */
  onRemoved?(removal: InventoryRemoval): void;
}

function normalizeMac(mac: string): string | null {
  const hex = mac.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length !== 12 || /^0+$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => ((acc << 8) | (Number(o) & 255)) >>> 0, 0);
}

function sameSubnet(a: string, b: string, mask: string): boolean {
  const m = toInt(mask);
  return (toInt(a) & m) >>> 0 === (toInt(b) & m) >>> 0;
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.');
}

function accountFromFacts(facts: DeviceFacts): Device['account'] | undefined {
  if (facts.account) return facts.account;
  // Profile Q: a device in its factory-default state has no password set yet.
  if (facts.profileQ === 'factoryDefault') return 'inactive';
  if (facts.profileQ === 'operational') return 'active';
  return undefined;
}

/**
 * One row per physical device. Replies are merged by MAC, then serial, then ONVIF endpoint UUID
 * (DESIGN.md: the same camera is seen through several protocols and adapters). A device keeps the
 * id it was first given, so the UI's row never jumps when a later reply reveals its MAC; only when
 * a reply ties two existing rows together are they merged, and the stronger id survives.
 */
export class Inventory {
  private readonly devices = new Map<string, Device>();
  private readonly byKey = new Map<string, string>();
  /** Address -> devices answering from or claiming it, to flag conflicts as they appear. */
  private readonly byAddress = new Map<string, Set<string>>();
  /** Merged-away id -> the id it was folded into, so a flow or a panel holding it keeps working. */
  private readonly mergedInto = new Map<string, string>();

  constructor(private readonly options: InventoryOptions = {}) {}

  list(): Device[] {
    return [...this.devices.values()];
  }

  /** The device by id, following merges: a merged-away id finds the row it was folded into. */
  get(id: string): Device | undefined {
    return this.devices.get(id) ?? this.devices.get(this.resolve(id));
  }

  /** The id a device is known by now (itself, unless it was merged into another row). */
  resolve(id: string): string {
    let current = id;
    for (let next = this.mergedInto.get(current); next; next = this.mergedInto.get(current)) {
      if (this.devices.has(current)) break;
      current = next;
    }
    return current;
  }

  get size(): number {
    return this.devices.size;
  }

  /** Merges one sighting; returns what changed for the event stream. */
  addSighting(s: RawSighting): InventoryUpsert {
    const sighting: Sighting = {
      protocol: s.protocol,
      interfaceName: s.iface.name,
      interfaceAddress: s.iface.address,
      address: s.address,
      at: s.at.toISOString(),
    };
    const existing = this.find(s.facts) ?? this.findByAddressOnly(s);
    if (!existing) {
      const device = this.create(s, sighting);
      this.devices.set(device.id, device);
      this.mergedInto.delete(device.id); // an address-only id may come back as a new row
      this.index(device);
      this.flag(device, s);
      return { change: 'added', device };
    }
    this.applyFacts(existing, s.facts);
    if (!existing.protocols.includes(s.protocol)) existing.protocols.push(s.protocol);
    if (!existing.interfaces.includes(s.iface.name)) existing.interfaces.push(s.iface.name);
    if (!existing.addresses.includes(s.address)) existing.addresses.push(s.address);
    existing.sightings.push(sighting);
    if (existing.sightings.length > MAX_SIGHTINGS) existing.sightings.shift();
    existing.lastSeen = sighting.at;
    this.index(existing);
    const device = this.mergeLinked(existing);
    this.flag(device, s);
    return { change: 'updated', device };
  }

  /** The id a sighting merges into: the known device's, or the one it would be created with. */
  idFor(s: RawSighting): string {
    const known = this.find(s.facts) ?? this.findByAddressOnly(s);
    return known?.id ?? this.keysOf(s.facts)[0] ?? `ip:${s.address}:${s.protocol}`;
  }

  /** Records watch mode's verdict on a device; undefined when unknown or unchanged. */
  setPresence(id: string, presence: NonNullable<Device['presence']>): InventoryUpsert | undefined {
    const device = this.get(id);
    if (!device || device.presence?.state === presence.state) return undefined;
    device.presence = presence;
    return { change: 'updated', device };
  }

  /** Merges facts the device told about itself (e.g. GetDeviceInformation) into its row. */
  enrich(
    id: string,
    facts: DeviceFacts,
    extra: Partial<Pick<Device, 'identity' | 'needsCredentials' | 'recovery'>>,
  ): InventoryUpsert | undefined {
    const known = this.get(id);
    if (!known) return undefined;
    this.applyFacts(known, facts);
    Object.assign(known, extra);
    this.index(known);
    return { change: 'updated', device: this.mergeLinked(known) };
  }

  /**
   * Folds into one row every other row that shares a key with `device` (its MAC, serial or
   * endpoint now names another row) and contradicts it in none. Returns the surviving row.
   */
  private mergeLinked(device: Device): Device {
    const linked = new Set<Device>();
    for (const key of this.keysOf(this.factsOf(device))) {
      const other = this.devices.get(this.byKey.get(key) ?? device.id);
      if (other && other !== device && !contradicts(device, other)) linked.add(other);
    }
    if (linked.size === 0) return device;
    const rows = [device, ...linked];
    const survivor = pickSurvivor(rows);
    for (const row of rows) if (row !== survivor) this.fold(row, survivor);
    this.index(survivor);
    this.refreshConflicts(survivor.id);
    return survivor;
  }

  private fold(from: Device, into: Device): void {
    absorb(into, from);
    this.devices.delete(from.id);
    this.mergedInto.set(from.id, into.id);
    for (const [key, id] of this.byKey) if (id === from.id) this.byKey.set(key, into.id);
    for (const ids of this.byAddress.values()) {
      if (ids.delete(from.id)) ids.add(into.id);
    }
    this.options.onRemoved?.({ change: 'removed', device: from, mergedInto: into.id });
  }

  /** Re-judges `id`'s IP conflict after a merge: its rival may have been itself. */
  private refreshConflicts(id: string): void {
    const device = this.devices.get(id);
    if (!device?.flags) return;
    const shared = [...this.byAddress.values()].some((ids) => ids.has(id) && ids.size > 1);
    const { ipConflict: _was, ...rest } = device.flags;
    device.flags = shared ? { ...rest, ipConflict: true } : rest;
  }

  /**
   * Foreign subnet: the device claims an address outside the subnet of the interface that heard
   * it (a factory-default 192.168.1.64 on a 10.x office LAN). IP conflict: two devices answer from
   * or claim one address (two factory-fresh cameras of one brand). Conflicts are flagged on the
   * device just seen; the other party is flagged when it is next seen or merged.
   */
  private flag(device: Device, s: RawSighting): void {
    const claimed = s.facts.claimedAddress;
    const flags = { ...device.flags };
    if (claimed && claimed !== s.address) flags.claimedIp = claimed;
    if (claimed && !isLoopback(s.iface.address)) {
      flags.foreignSubnet = !sameSubnet(claimed, s.iface.address, s.iface.netmask);
    } else if (claimed && isLoopback(s.iface.address)) {
      // The lab: every device answers over loopback, so the claim is judged against the mask
      // the device itself reports, relative to a conventional lab office subnet.
      flags.foreignSubnet = !claimed.startsWith('127.');
    }
    for (const address of new Set([s.address, claimed].filter((a): a is string => !!a))) {
      const ids = this.byAddress.get(address) ?? new Set<string>();
      ids.add(device.id);
      this.byAddress.set(address, ids);
      if (ids.size > 1) {
        flags.ipConflict = true;
        for (const other of ids) {
          const o = this.devices.get(other);
          if (o && o !== device) o.flags = { ...o.flags, ipConflict: true };
        }
      }
    }
    if (Object.keys(flags).length > 0) device.flags = flags;
  }

  private keysOf(facts: Pick<DeviceFacts, 'mac' | 'serial' | 'endpoint'>): string[] {
    const keys: string[] = [];
    const mac = facts.mac ? normalizeMac(facts.mac) : null;
    if (mac) keys.push(`mac:${mac}`);
    if (facts.serial) keys.push(`serial:${facts.serial.trim().toUpperCase()}`);
    if (facts.endpoint)
      keys.push(`uuid:${facts.endpoint.replace(/^urn:uuid:/i, '').toLowerCase()}`);
    return keys;
  }

  /**
   * A reply that names no MAC, serial or endpoint (a manual HTTP fingerprint) is the device already
   * known at that address, when there is exactly one: otherwise adding a camera by IP would make
   * it a second row and a false IP conflict with itself.
   */
  private findByAddressOnly(s: RawSighting): Device | undefined {
    if (this.keysOf(s.facts).length > 0) return undefined;
    const ids = this.byAddress.get(s.address);
    if (!ids || ids.size !== 1) return undefined;
    return this.devices.get([...ids][0]!);
  }

  private find(facts: DeviceFacts): Device | undefined {
    for (const key of this.keysOf(facts)) {
      const id = this.byKey.get(key);
      if (id) return this.devices.get(id);
    }
    return undefined;
  }

  private factsOf(device: Device): Pick<DeviceFacts, 'mac' | 'serial' | 'endpoint'> {
    return {
      mac: device.mac ?? undefined,
      serial: device.serial ?? undefined,
      endpoint: device.onvif?.endpoint || undefined,
    };
  }

  private index(device: Device): void {
    for (const key of this.keysOf(this.factsOf(device))) {
      if (!this.byKey.has(key)) this.byKey.set(key, device.id);
    }
  }

  private create(s: RawSighting, sighting: Sighting): Device {
    const id = this.keysOf(s.facts)[0] ?? `ip:${s.address}:${s.protocol}`;
    const device: Device = {
      id,
      family: s.facts.family ?? 'onvif',
      vendor: null,
      model: null,
      serial: null,
      mac: null,
      firmware: null,
      hardwareId: null,
      ip: s.address,
      addresses: [s.address],
      account: 'unknown',
      identity: 'discovery',
      needsCredentials: false,
      recovery: null,
      protocols: [s.protocol],
      interfaces: [s.iface.name],
      sightings: [sighting],
      firstSeen: sighting.at,
      lastSeen: sighting.at,
    };
    this.applyFacts(device, s.facts);
    return device;
  }

  private applyFacts(device: Device, facts: DeviceFacts): void {
    if (facts.family && (device.family === 'onvif' || facts.family !== 'onvif'))
      device.family = facts.family;
    if (facts.vendor) device.vendor = facts.vendor;
    if (facts.model) device.model = facts.model;
    if (facts.serial) device.serial = facts.serial;
    if (facts.mac) device.mac = normalizeMac(facts.mac) ?? device.mac;
    if (facts.firmware) device.firmware = facts.firmware;
    if (facts.hardwareId) device.hardwareId = facts.hardwareId;
    if (facts.httpPort || facts.tcpPort) {
      device.ports = {
        ...device.ports,
        ...(facts.httpPort ? { http: facts.httpPort } : {}),
        ...(facts.tcpPort ? { tcp: facts.tcpPort } : {}),
      };
    }
    const account = accountFromFacts(facts);
    if (account) device.account = account;
    if (facts.endpoint || facts.xaddrs || facts.scopes) {
      const prev = device.onvif;
      device.onvif = {
        endpoint: facts.endpoint ?? prev?.endpoint ?? '',
        xaddrs: facts.xaddrs ?? prev?.xaddrs ?? [],
        scopes: facts.scopes ?? prev?.scopes ?? [],
        ...((facts.profileQ ?? prev?.profileQ)
          ? { profileQ: facts.profileQ ?? prev?.profileQ }
          : {}),
      };
    }
  }
}
