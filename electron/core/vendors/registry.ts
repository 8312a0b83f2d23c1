/**
 * Which driver talks to which device family. The engine dispatches on the family (never on the
 * brand); a family without a driver is listed by discovery but offers no account operations
 * (CAPABILITY_UNAVAILABLE). Tests pass their own registry through `EngineOptions.drivers`.
 */
import type { Family } from '../../shared/dto';
import type { VendorDriver } from './driver';
import { hikvisionDriver } from './hikvision/driver';

export type DriverRegistry = Partial<Record<Family, VendorDriver>>;

/**
 * The drivers shipped with the app. Each family's driver is registered here with one line once
 * it is proven against the lab; Dahua, Xiongmai and Herospeed follow the Hikvision pattern.
 */
export function defaultDrivers(): DriverRegistry {
  return { hikvision: hikvisionDriver };
}

/** Builds the lookup the flows use. */
export function driverLookup(
  registry: DriverRegistry,
): (family: Family) => VendorDriver | undefined {
  return (family) => (Object.hasOwn(registry, family) ? registry[family] : undefined);
}
