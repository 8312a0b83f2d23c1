/**
 * Who may call what (onvif.md §2, Core Default Access Policy), and the Profile Q exception.
 */
import type { OnvifAccountState, UserLevel } from '../fleet/spec';

export type AccessClass =
  | 'PRE_AUTH'
  | 'READ_SYSTEM'
  | 'READ_SYSTEM_SENSITIVE'
  | 'READ_SYSTEM_SECRET'
  | 'WRITE_SYSTEM'
  | 'UNRECOVERABLE';

const ALLOWED: Record<AccessClass, readonly UserLevel[]> = {
  PRE_AUTH: ['Administrator', 'Operator', 'User'],
  READ_SYSTEM: ['Administrator', 'Operator', 'User'],
  READ_SYSTEM_SENSITIVE: ['Administrator', 'Operator'],
  READ_SYSTEM_SECRET: ['Administrator'],
  WRITE_SYSTEM: ['Administrator'],
  UNRECOVERABLE: ['Administrator'],
};

/** The access class of each device-service operation the lab implements. */
export const OPERATION_ACCESS: Record<string, AccessClass> = {
  GetSystemDateAndTime: 'PRE_AUTH',
  GetServices: 'PRE_AUTH',
  GetCapabilities: 'PRE_AUTH',
  GetServiceCapabilities: 'PRE_AUTH',
  GetDeviceInformation: 'READ_SYSTEM',
  GetScopes: 'READ_SYSTEM',
  GetNetworkInterfaces: 'READ_SYSTEM',
  GetUsers: 'READ_SYSTEM_SECRET',
  CreateUsers: 'WRITE_SYSTEM',
  SetUser: 'WRITE_SYSTEM',
  DeleteUsers: 'WRITE_SYSTEM',
};

/** Operations not listed are treated as write-level: an unknown call never runs with less. */
export function accessClassOf(operation: string): AccessClass {
  return OPERATION_ACCESS[operation] ?? 'WRITE_SYSTEM';
}

export function levelMayCall(level: UserLevel, cls: AccessClass): boolean {
  return ALLOWED[cls].includes(level);
}

/**
 * Assumption (onvif.md §4, Profile Q secondary sources): in factory default state every caller,
 * anonymous or not, gets full access and any credentials sent are not checked. Isolated here so a
 * real capture can replace it.
 */
export function assumedOnvifFactoryDefaultAccess(state: OnvifAccountState): boolean {
  return state === 'factoryDefault';
}
