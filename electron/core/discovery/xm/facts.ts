/**
 * From a decoded 1531 search reply to DeviceFacts, plus the network facts the shared types do not
 * carry (the device's own IP/mask/gateway), which later steps need: a device left on a foreign
 * subnet is reachable only through the broadcast IP_SET (1532), not by TCP.
 */
import type { NetInterface } from '../../../shared/dto';
import type { DeviceFacts } from '../types';
import { assumedXmVendor, inSubnet } from './assumptions';
import type { XmSearchReply } from './search';

/** `aa:bb:cc:dd:ee:ff` from colon, dash or bare spellings; null for all-zero/all-ones or junk. */
export function normalizeXmMac(value: string | null): string | null {
  if (value === null) return null;
  const hex = value.replace(/[:\-.\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex) || /^0{12}$|^f{12}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

function present(value: string | null): string | undefined {
  const v = value?.trim();
  // Older DVRs send no SN; some send zeros, which would merge unrelated devices.
  return v && !/^0+$/.test(v) ? v : undefined;
}

/**
 * What one search reply says about the device. `source` is the reply's UDP source address; it is
 * accepted for symmetry with the other protocols' facts and not used, because everything XM tells
 * sits in the body (see `xmNetworkFacts` for the address comparison).
 */
export function factsFromXmSearch(reply: XmSearchReply, _source: string): DeviceFacts {
  const facts: DeviceFacts = { family: 'xiongmai', vendor: assumedXmVendor(reply) };
  const serial = present(reply.serial);
  if (serial) facts.serial = serial;
  const mac = normalizeXmMac(reply.mac);
  if (mac) facts.mac = mac;
  const firmware = present(reply.version);
  if (firmware) facts.firmware = firmware;
  if (reply.httpPort) facts.httpPort = reply.httpPort;
  if (reply.tcpPort) facts.tcpPort = reply.tcpPort;
  // What the device says its address is: the inventory flags a foreign subnet or a conflict.
  if (reply.hostIp && reply.hostIp !== '0.0.0.0') {
    facts.claimedAddress = reply.hostIp;
    if (reply.submask) facts.claimedNetmask = reply.submask;
  }
  // No model name travels in the search reply (NetCommon has none; DeviceType is an integer whose
  // table is not public), so model stays unknown until a logged-in SystemInfo (1020) tells it.
  return facts;
}

/** The device's own network settings, as it reported them, against the interface that saw it. */
export interface XmNetworkFacts {
  hostIp: string | null;
  submask: string | null;
  gateway: string | null;
  tcpPort: number | null;
  httpPort: number | null;
  /** True when HostIP lies in the interface's subnet; null when HostIP is missing. */
  onInterfaceSubnet: boolean | null;
  /**
   * True when the device's own subnet (HostIP/Submask) does not contain the interface address,
   * i.e. TCP needs a route it will not have: offer IP_SET. Null when the reply lacks the fields.
   */
  foreignSubnet: boolean | null;
  /** HostIP differs from the UDP source (a relay, NAT or a second address); null without HostIP. */
  sourceMismatch: boolean | null;
}

/** Network facts for the sighting of `reply` from `source` on `iface`. */
export function xmNetworkFacts(
  reply: XmSearchReply,
  source: string,
  iface: Pick<NetInterface, 'address' | 'netmask'>,
): XmNetworkFacts {
  const { hostIp, submask } = reply;
  return {
    hostIp,
    submask,
    gateway: reply.gateway,
    tcpPort: reply.tcpPort,
    httpPort: reply.httpPort,
    onInterfaceSubnet: hostIp === null ? null : inSubnet(hostIp, iface.address, iface.netmask),
    foreignSubnet:
      hostIp === null || submask === null ? null : !inSubnet(iface.address, hostIp, submask),
    sourceMismatch: hostIp === null ? null : hostIp !== source,
  };
}
