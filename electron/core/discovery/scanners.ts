import type { ProtocolScanner } from './types';
import { WsdScanner } from './wsd/scanner';

/**
 * The protocols a sweep runs. WS-Discovery comes first; SADP, DHIP, XM search and mDNS join here
 * as their scanners land.
 */
export function defaultScanners(): ProtocolScanner[] {
  return [new WsdScanner()];
}
