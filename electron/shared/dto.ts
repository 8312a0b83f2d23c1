/**
 * Data shapes that cross the API: plain JSON, no class instances, no secrets. The vocabulary is
 * the one in DESIGN.md (Device, Family, Sighting, Account state).
 */

export const FAMILIES = ['hikvision', 'dahua', 'xiongmai', 'herospeed', 'onvif'] as const;
export type Family = (typeof FAMILIES)[number];

/** Which discovery protocol saw a device. */
export const PROTOCOLS = ['wsd', 'sadp', 'dhip', 'xm', 'mdns', 'manual'] as const;
export type DiscoveryProtocol = (typeof PROTOCOLS)[number];

export type AccountState = 'inactive' | 'active' | 'locked' | 'unknown';

/**
 * Where a device's identity came from: its own answer; its ONVIF discovery scopes, because it
 * refused to answer without credentials (vendor and model named there); or only its discovery
 * adverts.
 */
export type IdentitySource = 'device' | 'scopes' | 'discovery';

/** One protocol on one interface saw the device at a time. */
export interface Sighting {
  protocol: DiscoveryProtocol;
  interfaceName: string;
  interfaceAddress: string;
  /** The source address of the reply. */
  address: string;
  at: string;
}

export interface OnvifFacts {
  /** WS-Discovery endpoint reference, `urn:uuid:…`. */
  endpoint: string;
  xaddrs: string[];
  scopes: string[];
  /** Profile Q state from the scopes, when the device announces one. */
  profileQ?: 'factoryDefault' | 'operational';
}

/**
 * The "Recoverable?" audit: which ways back in are set up on the device. Each part is null until
 * the device (or a flow Custodian ran on it) said so; nothing is inferred from anything else.
 */
export interface RecoveryAudit {
  /** A recovery e-mail is reserved (the QR + e-mailed code path works). */
  emailBound: boolean | null;
  /** The security questions are set. */
  questionsSet: boolean | null;
  /** The vendor's reset key file (Hikvision GUID) was exported for the current password. */
  keyExported: boolean | null;
}

/** Things about a device a person should notice. */
export interface DeviceFlags {
  /** The address the device says it has is outside the subnet of the interface that saw it. */
  foreignSubnet?: boolean;
  /** Another device answers from, or claims, the same IPv4 address. */
  ipConflict?: boolean;
  /** The address the device says it has, when it differs from where its reply came from. */
  claimedIp?: string;
}

export type PresenceState = 'online' | 'offline';

/** What watch mode last knew; `Device.lastSeen` is when the device last answered. */
export interface DevicePresence {
  state: PresenceState;
  /** When it went into this state (ISO time). */
  since: string;
}

export interface Device {
  /** Stable key: `mac:…`, else `serial:…`, else `uuid:…`. */
  id: string;
  family: Family;
  vendor: string | null;
  model: string | null;
  serial: string | null;
  mac: string | null;
  firmware: string | null;
  hardwareId: string | null;
  /** Primary IPv4 address: the one the device answered from. */
  ip: string;
  addresses: string[];
  account: AccountState;
  identity: IdentitySource;
  /** Set when the device refused to tell more without credentials. */
  needsCredentials: boolean;
  protocols: DiscoveryProtocol[];
  interfaces: string[];
  sightings: Sighting[];
  onvif?: OnvifFacts;
  /** Service ports the device announced (HTTP for ISAPI/RPC2/CGI, the vendor's TCP port). */
  ports?: { http?: number; tcp?: number };
  flags?: DeviceFlags;
  /** Set while (and after) discovery watched the network: is the device answering now? */
  presence?: DevicePresence;
  /** Null until anything about the device's recovery set-up is known. */
  recovery: RecoveryAudit | null;
  firstSeen: string;
  lastSeen: string;
}

export interface NetInterface {
  name: string;
  address: string;
  netmask: string;
  mac: string | null;
  internal: boolean;
}

/** `watching`: watch mode between two sweeps (a sweep in flight is `running`). */
export type ScanState = 'running' | 'watching' | 'done' | 'stopped' | 'failed';

/** Watch mode's counters, on every progress of a watch. */
export interface WatchStatus {
  /** Sweeps finished so far. */
  sweeps: number;
  /** Pause between the end of one sweep and the start of the next. */
  intervalMs: number;
  /** Sweeps in a row without an answer before a device is offline. */
  missedSweeps: number;
  online: number;
  offline: number;
}

/** Progress of a manual add over an address range (`device:rangeProgress`). */
export interface RangeProgress {
  rangeId: string;
  range: string;
  total: number;
  probed: number;
  answered: number;
  state: 'running' | 'done' | 'cancelled';
}

export interface InterfaceScanReport {
  name: string;
  address: string;
  ok: boolean;
  /** Error code and text when the interface could not be used (bind, join, send). */
  error?: string;
  probesSent: number;
  replies: number;
}

export interface ScanProgress {
  scanId: string;
  state: ScanState;
  startedAt: string;
  elapsedMs: number;
  durationMs: number;
  found: number;
  warnings: number;
  interfaces: InterfaceScanReport[];
  /** Present when this is a watch (repeated sweeps until stopped). */
  watch?: WatchStatus;
}

export interface AppInfo {
  name: string;
  version: string;
  /** Which transport the renderer is talking through. */
  transport: 'ipc' | 'websocket';
  platform: string;
  /** The interfaces discovery uses by default in this run (the lab and tests pin loopback). */
  defaultInterfaces: string[];
  /** True when this run is pinned to loopback (lab, demo, tests). */
  loopbackOnly: boolean;
}
