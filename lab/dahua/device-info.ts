/**
 * The `client.notifyDevInfo` a device sends in answer to DHDiscover.search (dahua.md §3): the
 * lower-case MAC at top level and `params.deviceInfo` with the fields real replies carry. The
 * `Init` and `Find` values are inferred from NetSDK's struct comments, so each sits behind one
 * assumption function.
 */
import type { DahuaDeviceState } from './device-state';

/**
 * ASSUMPTION (dahua.md §3 [I]): `Init` is NetSDK's byInitStatus widened: bits 0..1 are 1 for
 * uninitialized and 2 for initialized (every observed initialized value has `Init & 3 == 2`, S14
 * reads 1 on factory devices); bits 2..3 are 1 when public-network (P2P) access is off and 2 when
 * on. The higher bits real firmware sets (e.g. 3210) have no public meaning and are left 0.
 */
export function assumedInitValue(s: DahuaDeviceState): number {
  if (!s.initialized) return 1;
  return 2 | ((s.netAccess ? 2 : 1) << 2);
}

/**
 * ASSUMPTION (dahua.md §3 [I], §19): `Find` letters are byPwdResetWay bits, A = reserved phone,
 * B = reserved e-mail. A factory device offers both (S14 saw "AB"); an initialized one lists the
 * ways its owner configured.
 */
export function assumedFindLetters(s: DahuaDeviceState): string {
  if (!s.initialized) return 'AB';
  return `${s.phone ? 'A' : ''}${s.email ? 'B' : ''}`;
}

/** How many channels a model has: one for a camera, the next 4/8/16/32 step for a recorder. */
function videoInputs(s: DahuaDeviceState): number {
  if (s.device.kind === 'camera') return 1;
  const n = s.cameras.length;
  return [4, 8, 16, 32].find((c) => c >= n) ?? 64;
}

/** The deviceInfo object of one device, fields named and typed as in the public captures. */
export function buildDeviceInfo(s: DahuaDeviceState): Record<string, unknown> {
  const d = s.device;
  const recorder = d.kind === 'recorder';
  return {
    AlarmInputChannels: recorder ? 4 : 1,
    AlarmOutputChannels: recorder ? 2 : 1,
    DeviceClass: recorder ? 'NVR' : 'IPC',
    DeviceID: d.serial,
    DeviceType: d.model,
    Find: assumedFindLetters(s),
    FindVersion: 1,
    HttpPort: d.ports.http,
    IPv4Address: {
      DefaultGateway: '127.0.0.1',
      DhcpEnable: false,
      IPAddress: d.ip,
      SubnetMask: '255.0.0.0',
    },
    IPv6Address: {
      DefaultGateway: '',
      DhcpEnable: false,
      IPAddress: '',
      LinkLocalAddress: `fe80::${d.mac.split(':').slice(-2).join('')}/64`,
    },
    Init: assumedInitValue(s),
    MachineName: d.serial,
    Manufacturer: d.manufacturer,
    Port: d.ports.tcp,
    RemoteVideoInputChannels: recorder ? videoInputs(s) : 0,
    SerialNo: d.serial,
    UnLoginFuncMask: 1,
    Vendor: d.vendor,
    Version: d.firmware,
    VideoInputChannels: videoInputs(s),
    VideoOutputChannels: recorder ? 1 : 0,
  };
}

/**
 * The whole reply JSON text (before DHIP framing). Firmware escapes every `/` as `\/` (the
 * captured IPv6 prefixes show it), which JSON allows and clients must read.
 */
export function buildNotifyDevInfo(s: DahuaDeviceState): string {
  const json = JSON.stringify({
    mac: s.device.mac.toLowerCase(),
    method: 'client.notifyDevInfo',
    params: { deviceInfo: buildDeviceInfo(s) },
  });
  return json.replaceAll('/', '\\/');
}
