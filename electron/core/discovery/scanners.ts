import type { ProtocolScanner } from './types';
import { DhipScanner } from './dhip/scanner';
import { MdnsScanner } from './mdns/scanner';
import { SadpScanner } from './sadp/scanner';
import { WsdScanner } from './wsd/scanner';
import { XmScanner } from './xm/scanner';

/**
 * The protocols a sweep runs, all at once on every chosen interface: WS-Discovery (any ONVIF
 * device), SADP (Hikvision and its OEMs), DHIP (Dahua and its OEMs) and the XM search
 * (Xiongmai/XMEye), and mDNS (cameras that advertise, e.g. Axis).
 */
export function defaultScanners(): ProtocolScanner[] {
  return [
    new WsdScanner(),
    new SadpScanner(),
    new DhipScanner(),
    new XmScanner(),
    new MdnsScanner(),
  ];
}
