/**
 * Which lab devices advertise over mDNS / DNS-SD, and what. oem-map.md §3 confirms DNS-SD adverts
 * only for other brands (Axis `_axis-video._tcp` with TXT `macaddress`) and finds no evidence that
 * Hikvision, Dahua, Xiongmai or Herospeed devices advertise `_http._tcp` by default. So the set is
 * deliberately small and named as an assumption.
 */
import type { OnvifLabDevice } from '../fleet/spec';

export interface MdnsAdvert {
  deviceId: string;
  /** Instance name (unique per device: it carries the MAC's device part). */
  name: string;
  /** DNS-SD service type without the protocol, e.g. `http`. */
  type: string;
  port: number;
  /** Host name the SRV record points at; its A record is the device's own address. */
  host: string;
  ip: string;
  txt: Record<string, string>;
}

/** Vendors of a lineage with no evidence of DNS-SD adverts (HiLook is a Hikvision OEM line). */
const SILENT_VENDORS = new Set(['HiLook']);

/**
 * Assumption: a generic ONVIF camera (family `onvif`, not a Hikvision/Dahua OEM line) advertises
 * its web UI as `_http._tcp` with an Axis-style TXT `macaddress` (12 hex digits, upper case), plus
 * `vendor` and `model`. Herospeed and recorders advertise nothing.
 */
export function assumedMdnsAdverts(d: OnvifLabDevice): MdnsAdvert[] {
  if (d.family !== 'onvif' || d.kind !== 'camera' || SILENT_VENDORS.has(d.vendor)) return [];
  const hex = d.mac.replace(/:/g, '').toUpperCase();
  return [
    {
      deviceId: d.id,
      name: `${d.vendor} ${d.model} ${hex.slice(6)}`,
      type: 'http',
      port: d.ports.http,
      host: `lab-${hex.toLowerCase()}.local`,
      ip: d.ip,
      txt: { macaddress: hex, vendor: d.vendor, model: d.model },
    },
  ];
}
