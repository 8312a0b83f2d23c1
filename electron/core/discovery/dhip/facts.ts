/**
 * From a decoded `client.notifyDevInfo` to DeviceFacts, plus the one thing DeviceFacts cannot
 * carry: whether the device sits on a subnet the interface cannot reach (factory 192.168.1.108
 * on a 10.x office LAN), which decides whether it can be talked to over HTTP at all.
 */
import type { NetInterface } from '../../../shared/dto';
import type { DeviceFacts } from '../types';
import { assumedDahuaBrand } from './assumptions';
import type { DhipDeviceInfo } from './device-info';

/**
 * What one DHIP reply says about the device. `_sourceAddress` is where the reply came from; it
 * is not needed for the facts (DHIP names its own addresses) and is taken for symmetry with the
 * other protocols' fact builders, so the service can call them alike.
 *
 * `account` follows `Init` (an assumption, see `assumedDhipInitState`): a hint for the table,
 * never a reason to activate without asking the device (`DevInit.getStatus`) first.
 */
export function factsFromDhip(info: DhipDeviceInfo, _sourceAddress: string): DeviceFacts {
  const facts: DeviceFacts = {
    family: 'dahua',
    vendor: assumedDahuaBrand(info.vendor, info.manufacturer),
  };
  if (info.deviceType) facts.model = info.deviceType;
  // Firmware often repeats the serial as MachineName; a renamed device keeps SerialNo.
  const serial = info.serial ?? info.deviceId;
  if (serial) facts.serial = serial;
  if (info.mac) facts.mac = info.mac;
  if (info.version) facts.firmware = info.version;
  if (info.httpPort) facts.httpPort = info.httpPort;
  if (info.port) facts.tcpPort = info.port;
  // What the device says its address is: the inventory flags a foreign subnet or a conflict.
  if (info.ipv4?.address && info.ipv4.address !== '0.0.0.0') {
    facts.claimedAddress = info.ipv4.address;
    if (info.ipv4.mask) facts.claimedNetmask = info.ipv4.mask;
  }
  if (info.initState === 'uninitialized') facts.account = 'inactive';
  else if (info.initState === 'initialized' || info.initState === 'legacy') {
    facts.account = 'active';
  }
  return facts;
}

/**
 * `same`: the device's IPv4 is inside the interface's subnet. `foreign`: it is not (reachable by
 * DHIP multicast, not by HTTP until re-addressed). `unknown`: the reply had no usable address.
 */
export type DhipSubnetRelation = 'same' | 'foreign' | 'unknown';

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => ((acc << 8) | (Number(octet) & 255)) >>> 0, 0);
}

/** Compares the device's reported IPv4 with the interface that heard it. */
export function dhipSubnetRelation(
  info: Pick<DhipDeviceInfo, 'ipv4'>,
  iface: Pick<NetInterface, 'address' | 'netmask'>,
): DhipSubnetRelation {
  const address = info.ipv4?.address;
  if (!address || address === '0.0.0.0') return 'unknown';
  const mask = toInt(iface.netmask);
  return ((toInt(address) ^ toInt(iface.address)) & mask) === 0 ? 'same' : 'foreign';
}
