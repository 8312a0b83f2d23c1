/**
 * Pure decoders for ONVIF device-service replies. Each takes the reply bytes (or an envelope the
 * client already parsed) and returns a typed result, or throws a CustodianError with code
 * DEVICE_BAD_REPLY. Nothing else escapes, so one odd device cannot end a scan.
 */
import { envelopeOf, guard, type SoapInput } from './envelope';
import { OnvifFaultError } from './errors';
import { assumedLocalDateTimeToUtc, readDateTime } from './time';
import { at, attr, badReply, bool, child, children, int, isNode, text } from './xml';
import type { XmlNode } from './xml';

export { decodeFault, parseEnvelope, type SoapEnvelope, type SoapInput } from './envelope';

export interface OnvifSystemDateAndTime {
  /** The device's clock, as UTC. */
  utc: Date;
  /**
   * Which element it came from. `LocalDateTime` means the device omitted UTCDateTime (seen on a
   * GWellTimes IPC, per agsh/onvif): the time was converted with the device's POSIX TZ when that
   * parses, else taken as UTC, so it may be off by the zone offset.
   */
  source: 'UTCDateTime' | 'LocalDateTime';
  dateTimeType: string | null;
  timeZone: string | null;
  daylightSavings: boolean | null;
}

export interface OnvifDeviceInformation {
  manufacturer: string | null;
  model: string | null;
  firmwareVersion: string | null;
  serialNumber: string | null;
  hardwareId: string | null;
}

export interface OnvifScope {
  /** `Fixed` or `Configurable`. */
  def: string | null;
  item: string;
}

export interface OnvifIpv4Address {
  address: string;
  prefixLength: number | null;
  origin: 'manual' | 'dhcp' | 'linkLocal';
}

export interface OnvifNetworkInterface {
  token: string | null;
  enabled: boolean | null;
  name: string | null;
  hwAddress: string | null;
  mtu: number | null;
  ipv4Enabled: boolean | null;
  dhcp: boolean | null;
  ipv4: OnvifIpv4Address[];
}

export interface OnvifUser {
  username: string;
  /** Administrator, Operator, User, Anonymous or Extended. */
  level: string | null;
}

export interface OnvifUsers {
  users: OnvifUser[];
  /**
   * The device sent Password elements, which ONVIF Core forbids. The values were dropped
   * unread; the flag is kept because a device that leaks passwords is worth an audit warning.
   */
  passwordsDropped: boolean;
}

/** The response element `name` in the Body; a Fault or its absence is an error. */
function response(input: SoapInput, name: string): XmlNode {
  const env = envelopeOf(input);
  if (env.fault) throw new OnvifFaultError(env.fault);
  const node = child(env.body, name);
  if (node === undefined) throw badReply(`no ${name}`);
  return isNode(node) ? node : {};
}

function optionalText(value: unknown): string | null {
  return text(value) || null;
}

/** GetSystemDateAndTimeResponse: the device clock, from UTCDateTime or else LocalDateTime. */
export function decodeSystemDateAndTime(input: SoapInput): OnvifSystemDateAndTime {
  return guard(() => {
    const sdt = child(response(input, 'GetSystemDateAndTimeResponse'), 'SystemDateAndTime');
    if (!isNode(sdt)) throw badReply('no SystemDateAndTime');
    const timeZone = optionalText(at(sdt, 'TimeZone', 'TZ'));
    const common = {
      dateTimeType: optionalText(child(sdt, 'DateTimeType')),
      timeZone,
      daylightSavings: bool(child(sdt, 'DaylightSavings')),
    };
    const utc = readDateTime(child(sdt, 'UTCDateTime'));
    if (utc !== null) return { utc: new Date(utc), source: 'UTCDateTime', ...common };
    const local = readDateTime(child(sdt, 'LocalDateTime'));
    if (local === null) throw badReply('no usable UTCDateTime or LocalDateTime');
    const converted = assumedLocalDateTimeToUtc(local, timeZone);
    return { utc: new Date(converted), source: 'LocalDateTime', ...common };
  });
}

/** GetDeviceInformationResponse: who made the device and which one it is. */
export function decodeDeviceInformation(input: SoapInput): OnvifDeviceInformation {
  return guard(() => {
    const r = response(input, 'GetDeviceInformationResponse');
    return {
      manufacturer: optionalText(child(r, 'Manufacturer')),
      model: optionalText(child(r, 'Model')),
      firmwareVersion: optionalText(child(r, 'FirmwareVersion')),
      serialNumber: optionalText(child(r, 'SerialNumber')),
      hardwareId: optionalText(child(r, 'HardwareId')),
    };
  });
}

/** GetScopesResponse: every scope URI with its Fixed/Configurable flag. */
export function decodeScopes(input: SoapInput): OnvifScope[] {
  return guard(() =>
    children(response(input, 'GetScopesResponse'), 'Scopes').flatMap((s) => {
      const item = optionalText(child(s, 'ScopeItem'));
      return item ? [{ def: optionalText(child(s, 'ScopeDef')), item }] : [];
    }),
  );
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function ipv4Addresses(config: unknown): OnvifIpv4Address[] {
  const sources = [
    ['Manual', 'manual'],
    ['FromDHCP', 'dhcp'],
    ['LinkLocal', 'linkLocal'],
  ] as const;
  return sources.flatMap(([element, origin]) =>
    children(config, element).flatMap((a) => {
      const address = text(child(a, 'Address'));
      if (!address || !IPV4.test(address)) return [];
      return [{ address, prefixLength: int(child(a, 'PrefixLength')), origin }];
    }),
  );
}

/** GetNetworkInterfacesResponse: name, MAC and IPv4 addresses of each interface. */
export function decodeNetworkInterfaces(input: SoapInput): OnvifNetworkInterface[] {
  return guard(() =>
    children(response(input, 'GetNetworkInterfacesResponse'), 'NetworkInterfaces').map((ni) => {
      const info = child(ni, 'Info');
      const ipv4 = child(ni, 'IPv4');
      const config = child(ipv4, 'Config');
      return {
        token: attr(ni, 'token'),
        enabled: bool(child(ni, 'Enabled')),
        name: optionalText(child(info, 'Name')),
        hwAddress: optionalText(child(info, 'HwAddress')),
        mtu: int(child(info, 'MTU')),
        ipv4Enabled: bool(child(ipv4, 'Enabled')),
        dhcp: bool(child(config, 'DHCP')),
        ipv4: ipv4Addresses(config),
      };
    }),
  );
}

/** GetUsersResponse: user names and levels. A Password element is dropped, never read. */
export function decodeUsers(input: SoapInput): OnvifUsers {
  return guard(() => {
    let passwordsDropped = false;
    const users = children(response(input, 'GetUsersResponse'), 'User').flatMap((u) => {
      if (isNode(u) && Object.hasOwn(u, 'Password')) passwordsDropped = true;
      const username = optionalText(child(u, 'Username'));
      return username ? [{ username, level: optionalText(child(u, 'UserLevel')) }] : [];
    });
    return { users, passwordsDropped };
  });
}
