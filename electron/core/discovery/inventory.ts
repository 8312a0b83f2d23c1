import type { Device, Sighting } from '../../shared/dto';
import type { DeviceFacts, RawSighting } from './types';

/** How many sightings a device keeps (newest last): enough for diagnostics, bounded for 5,000 rows. */
const MAX_SIGHTINGS = 16;

export type InventoryChange = { change: 'added' | 'updated'; device: Device };

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
 * id it was first given, so the UI's row never jumps when a later reply reveals its MAC.
 */
export class Inventory {
  private readonly devices = new Map<string, Device>();
  private readonly byKey = new Map<string, string>();
  /** Address -> devices answering from or claiming it, to flag conflicts as they appear. */
  private readonly byAddress = new Map<string, Set<string>>();

  list(): Device[] {
    return [...this.devices.values()];
  }

  get(id: string): Device | undefined {
    return this.devices.get(id);
  }

  get size(): number {
    return this.devices.size;
  }

  /** Merges one sighting; returns what changed for the event stream. */
  addSighting(s: RawSighting): InventoryChange {
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
    this.flag(existing, s);
    return { change: 'updated', device: existing };
  }

  /** Merges facts the device told about itself (e.g. GetDeviceInformation) into its row. */
  enrich(
    id: string,
    facts: DeviceFacts,
    extra: Partial<Pick<Device, 'identity' | 'needsCredentials'>>,
  ): InventoryChange | undefined {
    const device = this.devices.get(id);
    if (!device) return undefined;
    this.applyFacts(device, facts);
    Object.assign(device, extra);
    this.index(device);
    return { change: 'updated', device };
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

  private index(device: Device): void {
    const keys = this.keysOf({
      mac: device.mac ?? undefined,
      serial: device.serial ?? undefined,
      endpoint: device.onvif?.endpoint,
    });
    for (const key of keys) if (!this.byKey.has(key)) this.byKey.set(key, device.id);
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
