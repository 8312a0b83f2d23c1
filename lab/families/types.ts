/**
 * The seam every simulated device family plugs into. A family runtime owns its sockets and its
 * wire codecs, keeps each device's account state, honours the per-device faults the control API
 * switches on, and hands reset payloads to the vendor desk. `startLab` starts one runtime per
 * family present in the fleet.
 */
import type { Family } from '../../electron/shared/dto';

/** Faults a test or the control API can switch on for one device at run time. */
export interface DeviceFaults {
  /** Probability (0..1) that an incoming discovery datagram or request is silently dropped. */
  packetLoss: number;
  /** Extra delay before every reply, in milliseconds. */
  latencyMs: number;
  /** Replies are corrupted (truncated or garbled) while set: clients must tolerate them. */
  malformed: boolean;
  /** Failed logins before the device locks (overrides the family's own default). */
  lockAfterFailures: number | null;
  /** Reboot the device after this many more requests (a reboot in the middle of a flow). */
  rebootAfterRequests: number | null;
}

export const NO_FAULTS: DeviceFaults = Object.freeze({
  packetLoss: 0,
  latencyMs: 0,
  malformed: false,
  lockAfterFailures: null,
  rebootAfterRequests: null,
});

/**
 * What the vendor desk (the simulated vendor cloud and support) needs from a device: when a
 * device hands out a reset payload (a QR code's content, a support code, an exported key), it
 * registers the verification code it will accept. The desk releases that code to the bound
 * e-mail's lab mailbox only when the payload is redeemed (as the vendor's phone app or support
 * would). The code is random per request: nothing in the lab derives a code from a serial.
 */
export interface VendorDeskPort {
  expectRedemption(r: {
    family: Family;
    deviceId: string;
    serial: string;
    /** Exactly what the client was given (QR text, support code). */
    payload: string;
    code: string;
    /** Where the code goes; null when the device has none bound (the desk refuses). */
    email: string | null;
    expiresAt: number;
  }): void;
  /** The device cancelled or used the payload (new request, reboot, success). */
  cancel(payload: string): void;
}

export interface FamilyContext {
  /** The only interface the lab's multicast and broadcast listeners join: loopback. */
  readonly interfaceAddress: '127.0.0.1';
  faults(deviceId: string): DeviceFaults;
  readonly desk: VendorDeskPort;
  onWarning(message: string): void;
  /** Milliseconds; injectable so tests can move time (lock windows, code expiry). */
  now(): number;
  /**
   * Added (optional, default true): false starts no UDP discovery listener (HTTP-only tests that
   * run outside the network namespace).
   */
  readonly discovery?: boolean;
}

export interface FamilyRuntime {
  readonly family: Family;
  /** A JSON view of one device's account state (no secrets) for the manifest and control API. */
  snapshot(deviceId: string): Record<string, unknown>;
  /** Reboots a device: its boot time changes and any reset in progress is lost. */
  reboot(deviceId: string): Promise<void>;
  /** Stops every device of the family; resolves once every socket is closed. */
  stop(): Promise<void>;
  /** Added (optional): the devices' own monitors, for families with an on-screen flow. */
  readonly screens?: DeviceScreenPort;
}

/**
 * Added: a recorder's own monitor, which a person operates (Herospeed's recovery screens). Only
 * the control API reaches it, because in the field only the person standing at the recorder does.
 */
export interface DeviceScreenPort {
  /** What the monitor shows, or null when this device has no such screen. */
  view(deviceId: string): Record<string, unknown> | null;
  /** One action by the person; the family validates it and answers with the new view. */
  act(deviceId: string, action: unknown): ScreenActResult;
}

export type ScreenActResult =
  | { ok: true; view: Record<string, unknown> }
  | { ok: false; status: 400 | 404 | 409; error: string; message: string };

/** Identity every simulated device has, whatever its family (see lab/fleet/spec.ts). */
export interface LabDeviceBase {
  /** Short stable name used in logs and the manifest (`hik-03`). */
  id: string;
  family: Family;
  /** Brand a person sees (HiLook, Amcrest, SCS Pro). */
  vendor: string;
  manufacturer: string;
  model: string;
  kind: 'camera' | 'recorder';
  serial: string;
  /** Lower-case, colon-separated. */
  mac: string;
  firmware: string;
  hardwareId: string;
  /** Inside 127.0.0.0/8. On Linux each device has its own; elsewhere they share 127.0.0.1. */
  ip: string;
}

/** Starts every device of one family; throws (after closing what it opened) if one cannot bind. */
export type FamilyStarter<D extends LabDeviceBase> = (
  devices: D[],
  ctx: FamilyContext,
) => Promise<FamilyRuntime>;
