import type { ProtocolScanner } from './types';
import { DhipScanner } from './dhip/scanner';
import { WsdScanner } from './wsd/scanner';
import { XmScanner } from './xm/scanner';

/**
 * The protocols a sweep runs, all at once on every chosen interface: WS-Discovery (any ONVIF
 * device) DHIP (Dahua and its OEMs) and the XM search (Xiongmai/XMEye). SADP and mDNS join here as they
 * land.
 */
export function defaultScanners(): ProtocolScanner[] {
  return [new WsdScanner(), new DhipScanner(), new XmScanner()];
}
