/**
 * Response bodies of the device service: our own templates over the device state, values escaped.
 * Element names and order follow the ONVIF device WSDL / schema (tds, tt).
 */
import type { OnvifDeviceState } from './device-state';
import { NS } from './namespaces';
import { escapeXml as x } from './xml';

/** Device service security limits, announced in GetServices and enforced by user-ops. */
export const USER_LIMITS = { maxUsers: 16, maxUserNameLength: 32, maxPasswordLength: 64 } as const;

const VERSION = '<tt:Major>2</tt:Major><tt:Minor>60</tt:Minor>';

function dateTime(tag: string, d: Date): string {
  return (
    `<tt:${tag}><tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute>` +
    `<tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time><tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year>` +
    `<tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date></tt:${tag}>`
  );
}

/** PRE_AUTH; always carries UTCDateTime so clients can compute their clock offset. The lab runs on UTC. */
export function systemDateAndTime(now: Date): string {
  return (
    '<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType>' +
    '<tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>' +
    `${dateTime('UTCDateTime', now)}${dateTime('LocalDateTime', now)}` +
    '</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>'
  );
}

export function deviceInformation(s: OnvifDeviceState): string {
  const d = s.device;
  return (
    `<tds:GetDeviceInformationResponse><tds:Manufacturer>${x(d.manufacturer)}</tds:Manufacturer>` +
    `<tds:Model>${x(d.model)}</tds:Model><tds:FirmwareVersion>${x(d.firmware)}</tds:FirmwareVersion>` +
    `<tds:SerialNumber>${x(d.serial)}</tds:SerialNumber><tds:HardwareId>${x(d.hardwareId)}</tds:HardwareId>` +
    '</tds:GetDeviceInformationResponse>'
  );
}

export function scopes(s: OnvifDeviceState): string {
  const extra = new Set(s.device.scopes);
  const items = s.scopes
    .map((scope) => {
      const def = extra.has(scope) ? 'Configurable' : 'Fixed';
      return `<tds:Scopes><tt:ScopeDef>${def}</tt:ScopeDef><tt:ScopeItem>${x(scope)}</tt:ScopeItem></tds:Scopes>`;
    })
    .join('');
  return `<tds:GetScopesResponse>${items}</tds:GetScopesResponse>`;
}

export function networkInterfaces(s: OnvifDeviceState): string {
  const d = s.device;
  return (
    '<tds:GetNetworkInterfacesResponse><tds:NetworkInterfaces token="eth0"><tt:Enabled>true</tt:Enabled>' +
    `<tt:Info><tt:Name>eth0</tt:Name><tt:HwAddress>${x(d.mac)}</tt:HwAddress><tt:MTU>1500</tt:MTU></tt:Info>` +
    '<tt:IPv4><tt:Enabled>true</tt:Enabled><tt:Config><tt:Manual>' +
    `<tt:Address>${x(d.ip)}</tt:Address><tt:PrefixLength>8</tt:PrefixLength></tt:Manual>` +
    '<tt:DHCP>false</tt:DHCP></tt:Config></tt:IPv4></tds:NetworkInterfaces></tds:GetNetworkInterfacesResponse>'
  );
}

/** Username and level only: Core forbids returning credentials here. */
export function users(s: OnvifDeviceState): string {
  const list = s.users
    .map(
      (u) =>
        `<tds:User><tt:Username>${x(u.username)}</tt:Username><tt:UserLevel>${u.level}</tt:UserLevel></tds:User>`,
    )
    .join('');
  return `<tds:GetUsersResponse>${list}</tds:GetUsersResponse>`;
}

function eventsXAddr(s: OnvifDeviceState): string {
  return s.xaddr.replace(/device_service$/, 'event_service');
}

/** Device service capabilities (the tds:DeviceServiceCapabilities shape). */
function serviceCapabilities(): string {
  return (
    '<tds:Capabilities><tds:Network IPFilter="false" ZeroConfiguration="false" IPVersion6="false" DynDNS="false"/>' +
    `<tds:Security TLS1.2="false" OnboardKeyGeneration="false" AccessPolicyConfig="false" DefaultAccessPolicy="true" ` +
    `X.509Token="false" SAMLToken="false" KerberosToken="false" UsernameToken="true" HttpDigest="true" RELToken="false" ` +
    `MaxUsers="${USER_LIMITS.maxUsers}" MaxUserNameLength="${USER_LIMITS.maxUserNameLength}" ` +
    `MaxPasswordLength="${USER_LIMITS.maxPasswordLength}" HashingAlgorithms="MD5 SHA-256"/>` +
    '<tds:System DiscoveryResolve="false" DiscoveryBye="true" RemoteDiscovery="false" SystemBackup="false" ' +
    'SystemLogging="false" FirmwareUpgrade="false"/></tds:Capabilities>'
  );
}

export function getServiceCapabilities(): string {
  return `<tds:GetServiceCapabilitiesResponse>${serviceCapabilities()}</tds:GetServiceCapabilitiesResponse>`;
}

/**
 * Device and Events (every ONVIF device has both; the lab's event service answers
 * ActionNotSupported for now). Two entries also keep clients that collapse one-element lists happy.
 */
export function services(s: OnvifDeviceState, includeCapability: boolean): string {
  const service = (ns: string, xaddr: string, caps: string) =>
    `<tds:Service><tds:Namespace>${ns}</tds:Namespace><tds:XAddr>${x(xaddr)}</tds:XAddr>` +
    `${caps}<tds:Version>${VERSION}</tds:Version></tds:Service>`;
  const deviceCaps = includeCapability
    ? `<tds:Capabilities>${serviceCapabilities()}</tds:Capabilities>`
    : '';
  return (
    '<tds:GetServicesResponse>' +
    service(NS.tds, s.xaddr, deviceCaps) +
    service(NS.tev, eventsXAddr(s), '') +
    '</tds:GetServicesResponse>'
  );
}

export function capabilities(s: OnvifDeviceState): string {
  return (
    `<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Device><tt:XAddr>${x(s.xaddr)}</tt:XAddr>` +
    '<tt:Network><tt:IPFilter>false</tt:IPFilter><tt:ZeroConfiguration>false</tt:ZeroConfiguration>' +
    '<tt:IPVersion6>false</tt:IPVersion6><tt:DynDNS>false</tt:DynDNS></tt:Network>' +
    '<tt:System><tt:DiscoveryResolve>false</tt:DiscoveryResolve><tt:DiscoveryBye>true</tt:DiscoveryBye>' +
    '<tt:RemoteDiscovery>false</tt:RemoteDiscovery><tt:SystemBackup>false</tt:SystemBackup>' +
    '<tt:SystemLogging>false</tt:SystemLogging><tt:FirmwareUpgrade>false</tt:FirmwareUpgrade>' +
    `<tt:SupportedVersions>${VERSION}</tt:SupportedVersions></tt:System>` +
    '<tt:Security><tt:TLS1.1>false</tt:TLS1.1><tt:TLS1.2>false</tt:TLS1.2>' +
    '<tt:OnboardKeyGeneration>false</tt:OnboardKeyGeneration><tt:AccessPolicyConfig>false</tt:AccessPolicyConfig>' +
    '<tt:X.509Token>false</tt:X.509Token><tt:SAMLToken>false</tt:SAMLToken>' +
    '<tt:KerberosToken>false</tt:KerberosToken><tt:RELToken>false</tt:RELToken></tt:Security></tt:Device>' +
    `<tt:Events><tt:XAddr>${x(eventsXAddr(s))}</tt:XAddr><tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport>` +
    '<tt:WSPullPointSupport>false</tt:WSPullPointSupport>' +
    '<tt:WSPausableSubscriptionManagerInterfaceSupport>false</tt:WSPausableSubscriptionManagerInterfaceSupport>' +
    '</tt:Events></tds:Capabilities></tds:GetCapabilitiesResponse>'
  );
}
