/**
 * The network doctor: turns the latest sweep's per-interface, per-protocol reports and warnings
 * into what a person needs when a camera "is not found" (see peers.md: multiple adapters, VPNs,
 * firewalls, factory IPs on a foreign subnet). Hints are codes; the UI words them.
 */
import type { Diagnostics, DoctorHint, ScanWarningDto } from '../../shared/diagnostics';
import type { Device, NetInterface } from '../../shared/dto';
import type { DefaultRoute } from './doctor-route';
import type { DiscoveryService } from './service';
import type { ScanWarning } from './types';

/** Bytes of a bad reply shown in the panel; the rest is summarized by its length. */
const RAW_PREVIEW_BYTES = 512;

/** Interface names that VPN clients create (OpenVPN, WireGuard, Cisco, macOS utun, PPP). */
const VPN_NAME = /^(tun|tap|utun|wg|ppp|ipsec|gpd|vpn|zt)|vpn|wireguard|anyconnect|fortinet/i;

export function warningDto(w: ScanWarning): ScanWarningDto {
  return {
    protocol: w.protocol,
    interfaceName: w.iface?.name ?? null,
    address: w.address,
    message: w.message,
    at: w.at.toISOString(),
    rawHex: w.raw ? w.raw.subarray(0, RAW_PREVIEW_BYTES).toString('hex') : '',
    rawLength: w.raw?.length ?? 0,
  };
}

/**
 * The VPN adapters to name: the one holding the default route when the route is known (a VPN
 * that is up but split-tunnelled does not take the LAN's multicast); every VPN-named one when not.
 */
export function vpnHoldingDefaultRoute(
  available: NetInterface[],
  route: DefaultRoute | null | undefined,
): string[] {
  if (route) {
    const iface = available.find(
      (i) => i.name === route.interfaceName || i.address === route.interfaceAddress,
    );
    const name = iface?.name ?? route.interfaceName;
    return name && !iface?.internal && VPN_NAME.test(name) ? [name] : [];
  }
  return available.filter((i) => !i.internal && VPN_NAME.test(i.name)).map((i) => i.name);
}

export function diagnose(opts: {
  service: DiscoveryService;
  available: NetInterface[];
  devices: Device[];
  platform: string;
  /**
   * The OS's default route (doctor-route.ts); null when it could not be read, undefined when it
   * was not asked for (loopback-only runs). Without it, any VPN-named interface is suspect.
   */
  defaultRoute?: DefaultRoute | null;
}): Diagnostics {
  const { service, available, platform } = opts;
  const status = service.status();
  const scanned = new Set(service.lastInterfaces.map((i) => i.address));
  const interfaces = available.map((i) => ({
    ...i,
    scanned: scanned.has(i.address),
    protocols: [...service.protocolReports].flatMap(([protocol, reports]) =>
      reports
        .filter((r) => r.address === i.address)
        .map((r) => ({
          protocol,
          probesSent: r.probesSent,
          replies: r.replies,
          ...(r.ok ? {} : { error: r.error ?? 'failed' }),
        })),
    ),
  }));

  const hints: DoctorHint[] = [];
  if (status && service.lastInterfaces.length === 0) hints.push({ code: 'NO_INTERFACES' });
  for (const i of interfaces) {
    if (i.protocols.some((p) => p.error)) hints.push({ code: 'INTERFACE_ERRORS', subject: i.name });
  }
  const finished = status && status.state !== 'running';
  if (finished && status.found === 0) {
    hints.push({ code: 'NO_REPLIES' });
    if (platform === 'win32') hints.push({ code: 'WINDOWS_FIREWALL_PROFILE' });
    if (platform === 'darwin') hints.push({ code: 'MACOS_LOCAL_NETWORK' });
  }
  const vpn = vpnHoldingDefaultRoute(available, opts.defaultRoute);
  for (const name of vpn) hints.push({ code: 'VPN_DEFAULT_ROUTE', subject: name });
  for (const d of opts.devices) {
    if (d.flags?.foreignSubnet) hints.push({ code: 'FOREIGN_SUBNET_DEVICES', subject: d.id });
    if (d.flags?.ipConflict) hints.push({ code: 'IP_CONFLICT', subject: d.ip });
  }

  const unique = hints.filter(
    (h, i) => hints.findIndex((o) => o.code === h.code && o.subject === h.subject) === i,
  );
  return {
    platform,
    lastScan: status
      ? { scanId: status.scanId, startedAt: status.startedAt, durationMs: status.durationMs }
      : null,
    interfaces,
    warnings: service.warnings.map(warningDto).reverse(),
    hints: unique,
  };
}
