/**
 * From a decoded SADP match to DeviceFacts, plus the addressing facts DeviceFacts has no room for
 * (the device's own IPv4 and mask, which may be on a subnet none of our interfaces is on).
 */
import type { NetInterface } from '../../../shared/dto';
import type { DeviceFacts, RawSighting } from '../types';
import { assumedBrandFromSadpModel } from './assumptions';
import { decodeSadpMessage } from './codec';
import type { SadpMatch, SadpNetwork } from './match';

/**
 * `V5.5.6build 180326` -> `V5.5.6 build 180326`: SADP writes no space before "build" while ONVIF
 * and the web UI do, and the inventory compares firmware strings across protocols.
 */
export function normalizeSadpFirmware(version: string): string {
  return version.trim().replace(/(\S)build\s*/i, '$1 build ');
}

/**
 * What one ProbeMatch or Hello says about the device. `_sourceAddress` is where the reply came
 * from; SADP names the device's own addresses, so it is taken only for symmetry with the other
 * protocols' fact builders, letting the service call them alike.
 */
export function factsFromSadp(match: SadpMatch, _sourceAddress: string): DeviceFacts {
  const facts: DeviceFacts = { family: 'hikvision' };
  if (match.model) {
    facts.model = match.model;
    const vendor = assumedBrandFromSadpModel(match.model);
    if (vendor) facts.vendor = vendor;
  }
  if (match.serial) facts.serial = match.serial;
  if (match.mac) facts.mac = match.mac;
  if (match.softwareVersion) facts.firmware = normalizeSadpFirmware(match.softwareVersion);
  // The device's own address may be on a subnet none of our interfaces is on: kept so the UI can
  // offer to re-address it (SADP `update`, a later task).
  if (match.network.ipv4Address) {
    facts.claimedAddress = match.network.ipv4Address;
    if (match.network.ipv4SubnetMask) facts.claimedNetmask = match.network.ipv4SubnetMask;
  }
  if (match.network.httpPort) facts.httpPort = match.network.httpPort;
  if (match.network.commandPort) facts.tcpPort = match.network.commandPort;
  // Pre-2016 firmware has no activation at all, so a missing field says nothing either way.
  if (match.account.activated !== null) {
    facts.account = match.account.activated ? 'active' : 'inactive';
  }
  return facts;
}

/** Where a SADP device sits relative to the interface that heard it. */
export interface SadpNetworkFacts extends SadpNetwork {
  /** The address the reply came from (may differ from ipv4Address behind odd routing). */
  sourceAddress: string;
  /**
   * True when the device's own IPv4 address is outside the interface's subnet: it answered SADP
   * (layer-2 multicast) but HTTP to it will not route until its address is changed.
   * Null when the device did not say its address or mask.
   */
  foreignSubnet: boolean | null;
}

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => ((acc << 8) | (Number(o) & 255)) >>> 0, 0);
}

/** Whether two dotted-quad IPv4 addresses share the subnet of `mask`. */
export function sameSubnet(a: string, b: string, mask: string): boolean {
  const m = toInt(mask);
  return (toInt(a) & m) >>> 0 === (toInt(b) & m) >>> 0;
}

/**
 * The foreign-subnet facts of a match heard on `iface`. Both masks must agree for "same subnet":
 * the laptop must reach the device and the device must answer back without a gateway.
 */
export function sadpNetworkFacts(
  match: SadpMatch,
  iface: Pick<NetInterface, 'address' | 'netmask'>,
  sourceAddress: string,
): SadpNetworkFacts {
  const { ipv4Address: ip, ipv4SubnetMask: mask } = match.network;
  const foreignSubnet =
    ip === null || mask === null
      ? null
      : !(sameSubnet(ip, iface.address, iface.netmask) && sameSubnet(ip, iface.address, mask));
  return { ...match.network, sourceAddress, foreignSubnet };
}

/**
 * The network facts of a SADP sighting, re-read from its raw bytes: the seam the inventory can use
 * until DeviceFacts carries addressing. Null for a sighting that is not a SADP device reply.
 */
export function sadpNetworkFromSighting(sighting: RawSighting): SadpNetworkFacts | null {
  if (sighting.protocol !== 'sadp') return null;
  const msg = decodeSadpMessage(sighting.raw);
  if (msg.kind !== 'probeMatch' && msg.kind !== 'hello') return null;
  return sadpNetworkFacts(msg.match, sighting.iface, sighting.address);
}
