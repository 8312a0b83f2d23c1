/**
 * The seam between protocol scanners and the discovery service. A scanner owns its sockets and
 * its codec; it reports what it saw as facts, and the service merges facts into devices.
 */
import type {
  AccountState,
  DiscoveryProtocol,
  Family,
  InterfaceScanReport,
  NetInterface,
} from '../../shared/dto';

/** What one reply said about a device. Every field is optional: protocols tell different things. */
export interface DeviceFacts {
  family?: Family;
  vendor?: string;
  model?: string;
  serial?: string;
  mac?: string;
  firmware?: string;
  hardwareId?: string;
  account?: AccountState;
  /** ONVIF: WS-Discovery endpoint reference (`urn:uuid:…`). */
  endpoint?: string;
  /** ONVIF: device service URLs, best first (the one matching the reply's source IP). */
  xaddrs?: string[];
  scopes?: string[];
  /** The IPv4 address and mask the device says it has (SADP, DHIP, XM search tell it). */
  claimedAddress?: string;
  claimedNetmask?: string;
  /** Service ports the device announced in its discovery reply. */
  httpPort?: number;
  tcpPort?: number;
  profileQ?: 'factoryDefault' | 'operational';
}

export interface RawSighting {
  protocol: DiscoveryProtocol;
  iface: NetInterface;
  /** Source address and port of the reply. */
  address: string;
  port: number;
  at: Date;
  facts: DeviceFacts;
  /** The reply as received, kept for the diagnostics panel. */
  raw: Buffer;
}

/** A reply that could not be used: kept with its bytes, never fatal to a scan. */
export interface ScanWarning {
  protocol: DiscoveryProtocol;
  iface: NetInterface | null;
  address: string | null;
  message: string;
  raw: Buffer | null;
  at: Date;
}

export interface SweepOptions {
  interfaces: NetInterface[];
  durationMs: number;
  signal: AbortSignal;
  onSighting(sighting: RawSighting): void;
  onWarning(warning: ScanWarning): void;
}

export interface ProtocolScanner {
  readonly protocol: DiscoveryProtocol;
  /**
   * Probes every interface and listens for replies until `durationMs` has passed or `signal`
   * aborts. Resolves with one report per interface; an interface that fails (bind, join, send) is
   * reported there, never thrown.
   */
  sweep(options: SweepOptions): Promise<InterfaceScanReport[]>;
}
