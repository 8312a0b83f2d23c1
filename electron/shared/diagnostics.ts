/**
 * What the network doctor shows: per interface, what was tried and what answered; per reply that
 * could not be used, the bytes; and hints a person can act on. Hints are codes, so each side
 * renders them in its own language.
 */
import type { DiscoveryProtocol } from './dto';

export interface ProtocolOnInterface {
  protocol: DiscoveryProtocol;
  probesSent: number;
  replies: number;
  /** Bind, join or send failure, as text. */
  error?: string;
}

export interface InterfaceDiagnosis {
  name: string;
  address: string;
  netmask: string;
  mac: string | null;
  internal: boolean;
  /** Whether the last scan used this interface. */
  scanned: boolean;
  protocols: ProtocolOnInterface[];
}

export interface ScanWarningDto {
  protocol: DiscoveryProtocol;
  interfaceName: string | null;
  address: string | null;
  message: string;
  at: string;
  /** The first bytes of the reply, hex; `rawLength` is the whole size. */
  rawHex: string;
  rawLength: number;
}

export const HINT_CODES = [
  'NO_INTERFACES',
  'INTERFACE_ERRORS',
  'NO_REPLIES',
  'WINDOWS_FIREWALL_PROFILE',
  'MACOS_LOCAL_NETWORK',
  'VPN_DEFAULT_ROUTE',
  'FOREIGN_SUBNET_DEVICES',
  'IP_CONFLICT',
] as const;
export type HintCode = (typeof HINT_CODES)[number];

export interface DoctorHint {
  code: HintCode;
  /** The interface or device it is about, when there is one. */
  subject?: string;
}

export interface Diagnostics {
  platform: string;
  lastScan: { scanId: string; startedAt: string; durationMs: number } | null;
  interfaces: InterfaceDiagnosis[];
  warnings: ScanWarningDto[];
  hints: DoctorHint[];
}
