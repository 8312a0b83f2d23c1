import type { ProtocolScanner } from './types';
import { DhipScanner } from './dhip/scanner';
import { WsdScanner } from './wsd/scanner';

/**
 * The protocols a sweep runs, all at once on every chosen interface: WS-Discovery (any ONVIF
 * device) and DHIP (Dahua and its OEMs). SADP, XM search and mDNS join here as they land.
 */
export function defaultScanners(): ProtocolScanner[] {
  return [new WsdScanner(), new DhipScanner()];
}
