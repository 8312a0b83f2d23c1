/**
 * Where devices listen. One function decides (`planAddressing`) and the manifest records its
 * choice. On Linux the whole 127.0.0.0/8 is local, so every device gets its own address and a
 * client sees distinct source IPs exactly as on a LAN; 127.0.0.1 stays the client's interface.
 * macOS and Windows only answer on 127.0.0.1 without aliases, so there devices share it and
 * differ by HTTP port (and by vendor TCP port: XM 34567 + index, Dahua 37777 + index). UDP
 * discovery (WS-Discovery, SADP, DHIP, XM search) needs no per-device port: each family runtime
 * has one shared listener and answers for every device it runs.
 */
import { readFileSync } from 'node:fs';
import { resolveDevice } from './resolve';
import type { DeviceSpec, LabDevice, LabFamily } from './spec';

export interface AddressingPlan {
  mode: 'per-device-ip' | 'shared-ip';
  /** First device address (per-device-ip) or the shared address. */
  firstAddress: string;
  /**
   * Per-device-ip: the port every device uses. Shared-ip: the first port, then +1 per device.
   * 0 means any free port (tests), recorded per device once bound.
   */
  httpPort: number;
  /** Why this plan was chosen, for the manifest and the CLI summary. */
  reason: string;
}

export interface PlanInputs {
  platform: NodeJS.Platform;
  /** True when this process may bind ports below 1024. */
  mayBindLowPorts: boolean;
}

/** The platform facts the plan depends on, read from this process. */
export function currentPlanInputs(): PlanInputs {
  return { platform: process.platform, mayBindLowPorts: mayBindPort80() };
}

/** Root, or a Linux host whose unprivileged port range starts at or below 80. */
function mayBindPort80(): boolean {
  if (process.getuid?.() === 0) return true;
  if (process.platform !== 'linux') return false;
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
    return Number.isFinite(start) && start <= 80;
  } catch {
    return false;
  }
}

/** Decides the addressing for this run. `firstAddress` overrides the Linux start (tests use distinct ranges). */
export function planAddressing(inputs: PlanInputs, firstAddress = '127.0.1.1'): AddressingPlan {
  if (inputs.platform === 'linux') {
    const port = inputs.mayBindLowPorts ? 80 : 8000;
    return {
      mode: 'per-device-ip',
      firstAddress,
      httpPort: port,
      reason:
        `linux: one 127.x address per device, HTTP on ${port}` +
        (port === 80 ? '' : ' (port 80 needs root; Hikvision ISAPI on 8080, 8000 is its SDK port)'),
    };
  }
  return {
    mode: 'shared-ip',
    firstAddress: '127.0.0.1',
    httpPort: 8001,
    reason: `${inputs.platform}: loopback has only 127.0.0.1, so devices share it on distinct HTTP ports`,
  };
}

/** True for a dotted IPv4 address inside 127.0.0.0/8. */
export function isLoopbackV4(address: string): boolean {
  const parts = address.split('.');
  if (parts.length !== 4) return false;
  if (!parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return false;
  return parts[0] === '127';
}

/** Throws unless `address` is inside 127.0.0.0/8: the lab never binds or sends anywhere else. */
export function assertLoopback(address: string, what: string): void {
  if (!isLoopbackV4(address)) {
    throw new Error(`lab refuses ${what} ${address}: only 127.0.0.0/8 is allowed`);
  }
}

const CLIENT_ADDRESS_INT = 0x7f000001;

function toInt(ip: string): number {
  return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}
function fromInt(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The `count` device addresses from `first`, skipping .0 and .255 hosts (they look like network/broadcast). */
export function deviceAddresses(first: string, count: number): string[] {
  assertLoopback(first, 'address');
  const out: string[] = [];
  let n = toInt(first);
  while (out.length < count) {
    const last = n & 255;
    // 127.0.0.1 is the client's interface, never a device's.
    if (last !== 0 && last !== 255 && n !== CLIENT_ADDRESS_INT) {
      const ip = fromInt(n);
      assertLoopback(ip, 'address');
      out.push(ip);
    }
    n++;
  }
  return out;
}

/** Gives every spec an address and its family's ports, keeping any it already has. */
export function resolveFleet(specs: readonly DeviceSpec[], plan: AddressingPlan): LabDevice[] {
  const perDevice = plan.mode === 'per-device-ip';
  const planned = perDevice ? deviceAddresses(plan.firstAddress, specs.length) : [];
  const ips = specs.map((spec, i) => spec.ip ?? (perDevice ? planned[i]! : plan.firstAddress));
  const bySerial = new Map(specs.map((s, i) => [s.serial, ips[i]!]));
  return specs.map((spec, i) => {
    const ip = ips[i]!;
    assertLoopback(ip, 'device address');
    const anyPort = plan.httpPort === 0;
    const httpPort = perDevice || anyPort ? plan.httpPort : plan.httpPort + i;
    // On a shared address the vendor TCP ports move with the device index, like HTTP.
    const tcpOffset = anyPort ? null : perDevice ? 0 : i;
    return resolveDevice(spec, { ip, httpPort, tcpOffset, ipOfSerial: (s) => bySerial.get(s) });
  });
}

/** Per family present: what differs from a LAN when every device shares 127.0.0.1. */
const SHARED_IP_LIMITS: Partial<Record<LabFamily, string>> = {
  hikvision:
    'hikvision: SADP runs (one listener answers for every device); every ProbeMatch says ' +
    'IPv4Address 127.0.0.1, so devices differ by MAC and HttpPort; commands are MAC-addressed and work',
  dahua:
    'dahua: DHIP runs; replies all carry 127.0.0.1 and differ by mac and HttpPort; a recorder finds ' +
    'its cameras by IP, which is ambiguous here, so a password sync is recorded but changes no camera',
  xiongmai:
    'xiongmai: search runs; NETIP listens on 34567 + device index; 1531 replies all carry HostIP ' +
    '127.0.0.1 (clients that dedupe by source IP see one device) and a 1532 IP set cannot move a ' +
    'device, since no other loopback address exists',
};

/** The manifest's `sharedIpLimits`: undefined with per-device addresses. */
export function sharedIpLimits(
  plan: AddressingPlan,
  families: Iterable<LabFamily>,
): string[] | undefined {
  if (plan.mode !== 'shared-ip') return undefined;
  return [...new Set(families)].flatMap((f) => SHARED_IP_LIMITS[f] ?? []);
}
