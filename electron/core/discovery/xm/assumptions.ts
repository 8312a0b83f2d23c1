/**
 * Interpretations the XM documents do not settle (xiongmai.md, oem-map.md: [I]/[U]). Each sits
 * behind one function named as an assumption, so it can be replaced once a capture says otherwise.
 */
import type { NetInterface } from '../../../shared/dto';
import type { XmSearchReply } from './search';

/**
 * The vendor of a device that answered the XM search. The reply names no brand (OEMs rebrand the
 * firmware by the hundred); oem-map.md §1/§3 maps "a 34569 reply" to the Xiongmai platform [I].
 * So the vendor is the OEM, and a brand, if ever needed, must come from elsewhere.
 */
export function assumedXmVendor(_reply: XmSearchReply): string {
  return 'Xiongmai';
}

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => ((acc << 8) | (Number(o) & 255)) >>> 0, 0);
}

/** True when `ip` lies in the subnet of `address`/`netmask`. */
export function inSubnet(ip: string, address: string, netmask: string): boolean {
  const mask = toInt(netmask);
  return (toInt(ip) & mask) >>> 0 === (toInt(address) & mask) >>> 0;
}

function commonPrefixBits(a: string, b: string): number {
  const x = (toInt(a) ^ toInt(b)) >>> 0;
  return x === 0 ? 32 : Math.clz32(x);
}

/**
 * Which sweep interface a reply caught by the shared 34569 listener arrived on. A socket on
 * 0.0.0.0 cannot tell (Node exposes neither IP_PKTINFO nor SO_BINDTODEVICE), so: the interface
 * whose subnet holds the source; else, for a device left on a foreign subnet, the interface whose
 * address shares the longest prefix with it [I]; ties go to the first interface listed.
 */
export function assumedInterfaceForReply(
  source: string,
  interfaces: readonly NetInterface[],
): NetInterface | undefined {
  const local = interfaces.find((i) => inSubnet(source, i.address, i.netmask));
  if (local) return local;
  let best: NetInterface | undefined;
  let bestBits = -1;
  for (const i of interfaces) {
    const bits = commonPrefixBits(source, i.address);
    if (bits > bestBits) [best, bestBits] = [i, bits];
  }
  return best;
}
