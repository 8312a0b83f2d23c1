/**
 * Completes one spec into the device its family runtime starts: the address comes from the plan,
 * the rest per family. One case per family; a family added to `DeviceSpec` without a case here is
 * a type error (the `never` check at the end).
 */
import { endpointFromMac } from './identity';
import type { DeviceSpec, LabDevice } from './spec';

/** What the addressing plan decided for one device. */
export interface Placement {
  ip: string;
  /** The HTTP port the plan gives this device (0: any free port). */
  httpPort: number;
}

/** The running device for `spec` at `place`; keeps anything the spec already fixed. */
export function resolveDevice(spec: DeviceSpec, place: Placement): LabDevice {
  switch (spec.family) {
    case 'onvif':
    case 'herospeed':
      return {
        ...spec,
        ip: place.ip,
        ports: { http: spec.ports?.http ?? place.httpPort },
        endpoint: spec.endpoint ?? endpointFromMac(spec.mac),
        scopes: spec.scopes ?? [],
        account: { state: spec.account.state, users: spec.account.users.map((u) => ({ ...u })) },
      };
    // LEAD: case 'hikvision': return { ...spec, ip: place.ip, ports: { http: spec.ports?.http ??
    // place.httpPort, sadp: SADP_PORT, command: COMMAND_PORT }, account: structuredClone(spec.account) };
    // (likewise 'dahua' and 'xiongmai' with their runtimes' fixed ports)
    default:
      return unknownFamily(spec);
  }
}

function unknownFamily(spec: never): never {
  throw new Error(`no resolver for family ${(spec as { family: string }).family}`);
}
