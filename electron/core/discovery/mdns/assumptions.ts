/**
 * What the mDNS scanner takes on trust. oem-map.md §3 confirms DNS-SD camera adverts only for
 * `_axis-video._tcp` (Axis, DoorBird; TXT `macaddress`) and finds no evidence that Hikvision,
 * Dahua, Xiongmai or Herospeed advertise `_http._tcp` / `_rtsp._tcp` by default [U]. Everything
 * else here is an inference, kept behind one named function each so a capture can replace it.
 */
import type { NetInterface } from '../../../shared/dto';

/**
 * The DNS-SD types browsed. `axis-video` [C]. `http` and `rtsp` [U]: generic cameras and the lab
 * (lab/mdns/assumed-adverts.ts) use them. `psia` [I]: the PSIA service model names DNS-SD as its
 * discovery. Left out on purpose: `_onvif._tcp` (ONVIF Core defines WS-Discovery only, and no
 * public capture shows the type) and `_device-info._tcp` (Apple's host-model record: it carries no
 * port or address and would list every Mac).
 */
export function assumedCameraServiceTypes(): readonly string[] {
  return ['axis-video', 'http', 'rtsp', 'psia'];
}

/** TXT keys, lower-cased, in order of preference. `macaddress` is Axis's [C]; the rest [I]. */
export const ASSUMED_TXT_KEYS = Object.freeze({
  mac: ['macaddress', 'mac', 'mac_address', 'hwaddr'],
  vendor: ['vendor', 'manufacturer', 'mf'],
  model: ['model', 'md', 'product'],
  serial: ['serial', 'serialnumber', 'sn'],
  firmware: ['firmware', 'fwversion', 'fw_version'],
});

/** The camera-specific types: any advert of these is taken as a camera [C for axis-video]. */
const CAMERA_TYPES = new Set(['axis-video', 'rtsp', 'psia']);

/**
 * Whether an advert is a camera's [I]. `_http._tcp` is every printer, router and NAS on the link,
 * so an advert of a generic type counts only when its TXT names the hardware: a MAC plus a vendor
 * or a model (the Axis-style TXT the lab uses). A NAS with such a TXT still passes; it then shows
 * as a device without any camera protocol, which the person can dismiss.
 */
export function assumedCameraAdvert(
  type: string,
  txt: { mac?: string; vendor?: string; model?: string },
): boolean {
  if (CAMERA_TYPES.has(type.toLowerCase())) return true;
  return txt.mac !== undefined && (txt.vendor !== undefined || txt.model !== undefined);
}

/** The vendor an `_axis-video._tcp` advert implies when its TXT names none [I]. */
export function assumedAxisVideoVendor(mac: string | undefined): string {
  // DoorBird advertises the Axis type too; Home Assistant tells them apart by this OUI.
  return mac?.startsWith('1c:ca:e3') ? 'DoorBird' : 'Axis';
}

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => ((acc << 8) | (Number(o) & 255)) >>> 0, 0);
}

/**
 * Which sweep interface an mDNS response belongs to [I]. Every per-interface socket is bound to
 * 0.0.0.0:5353 (Linux hands group datagrams only to wildcard or group binds), so each hears the
 * responses of every link and Node cannot say which one (no IP_PKTINFO). The response's source is
 * on the link it came from: the interface whose subnet holds it, else the longest shared prefix.
 */
export function assumedInterfaceForResponse(
  source: string,
  interfaces: readonly NetInterface[],
): NetInterface | undefined {
  const src = toInt(source);
  let best: NetInterface | undefined;
  let bestBits = -1;
  for (const i of interfaces) {
    const mask = toInt(i.netmask);
    if ((src & mask) >>> 0 === (toInt(i.address) & mask) >>> 0) return i;
    const x = (src ^ toInt(i.address)) >>> 0;
    const bits = x === 0 ? 32 : Math.clz32(x);
    if (bits > bestBits) [best, bestBits] = [i, bits];
  }
  return best;
}
