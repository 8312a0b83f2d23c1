/** What a request handler needs from the runtime besides the device's own state. */
import type { VendorDeskPort } from '../families/types';
import type { DahuaDeviceState } from './device-state';

export interface DahuaEnv {
  /** Milliseconds, from the family context's clock (tests move it). */
  now: number;
  /** Failed logins before the lock (faults override); null keeps the family default. */
  lockAfterFailures: number | null;
  desk: VendorDeskPort;
  /** Another device of this runtime at `ip` (a recorder's camera), if there is one. */
  findByIp(ip: string): DahuaDeviceState | undefined;
}
