/**
 * Completes one spec into the device its family runtime starts: the address comes from the plan,
 * the rest per family. One case per family; a family added to `DeviceSpec` without a case here is
 * a type error (the `never` check at the end).
 */
import { DEFAULT_DAHUA_PORTS } from '../dahua/device';
import { COMMAND_PORT, SADP_PORT } from '../hikvision/types';
import { XM_PORTS } from '../xiongmai/constants';
import { endpointFromMac } from './identity';
import type { DahuaDeviceSpec, DeviceSpec, LabDevice } from './spec';

/** What the addressing plan decided for one device. */
export interface Placement {
  ip: string;
  /** The HTTP port the plan gives this device (0: any free port). */
  httpPort: number;
  /**
   * Added to a family's well-known TCP port (XM 34567, Dahua 37777): 0 when every device has its
   * own address, the device's fleet index when they share one (so no two devices collide).
   * Null: any free port (tests), where the runtime binds that port.
   */
  tcpOffset: number | null;
  /** The planned address of another device of the fleet, by serial (a recorder's cameras). */
  ipOfSerial(serial: string): string | undefined;
}

/**
 * Hikvision devices advertise the SDK command port 8000 in SADP (never served by the lab); when
 * the plan's HTTP port is that same 8000 (Linux without root), ISAPI moves to 8080 so HttpPort
 * and CommandPort stay distinct as on a real camera.
 */
export const HIKVISION_ALT_HTTP_PORT = 8080;

/** The running device for `spec` at `place`; keeps anything the spec already fixed. */
export function resolveDevice(spec: DeviceSpec, place: Placement): LabDevice {
  const tcp = (base: number) => (place.tcpOffset === null ? 0 : base + place.tcpOffset);
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
    case 'hikvision': {
      const http = place.httpPort === COMMAND_PORT ? HIKVISION_ALT_HTTP_PORT : place.httpPort;
      return {
        ...spec,
        ip: place.ip,
        ports: { http: spec.ports?.http ?? http, sadp: SADP_PORT, command: COMMAND_PORT },
        account: structuredClone(spec.account),
        ...(spec.nvr ? { nvr: { ...spec.nvr } } : {}),
      };
    }
    case 'dahua': {
      const { nvr: _nvr, ...rest } = spec;
      return {
        ...rest,
        ip: place.ip,
        ports: {
          http: spec.ports?.http ?? place.httpPort,
          dhip: DEFAULT_DAHUA_PORTS.dhip,
          // Only reported in discovery (the runtime serves no DVRIP), so never 0.
          tcp: spec.ports?.tcp ?? DEFAULT_DAHUA_PORTS.tcp + (place.tcpOffset ?? 0),
        },
        account: structuredClone(spec.account),
        ...(spec.nvr ? { nvr: { cameras: recorderCameras(spec, place) } } : {}),
      };
    }
    case 'xiongmai':
      return {
        ...spec,
        ip: place.ip,
        ports: {
          tcp: spec.ports?.tcp ?? tcp(XM_PORTS.tcp),
          search: XM_PORTS.search,
          // Advertised in the 1531 reply only: the XM runtime serves no web UI, so never 0.
          http: spec.ports?.http ?? (place.httpPort || XM_PORTS.http),
        },
        account: structuredClone(spec.account),
      };
    default:
      return unknownFamily(spec);
  }
}

/** Each camera at its own address, or at the address the plan gave the fleet device with its serial. */
function recorderCameras(spec: DahuaDeviceSpec, place: Placement) {
  return (spec.nvr?.cameras ?? []).map((c) => {
    const ip = c.ip ?? place.ipOfSerial(c.serial);
    if (!ip)
      throw new Error(`device ${spec.id}: camera ${c.serial} has no ip and is not in the fleet`);
    return { ...c, ip };
  });
}

function unknownFamily(spec: never): never {
  throw new Error(`no resolver for family ${(spec as { family: string }).family}`);
}
