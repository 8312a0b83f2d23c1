/**
 * What the flows need from the engine, injected so they are tested without discovery or sockets.
 */
import type { Device, Family, RecoveryAudit } from '../../shared/dto';
import { CustodianError } from '../../shared/errors';
import type { AuditAction, AuditLog, AuditOutcome } from '../store/audit-log';
import type { Vault } from '../store/vault';
import type { DriverCapabilities, VendorDriver } from '../vendors/driver';
import type { CapabilityName } from '../../shared/flows';
import type { FlowManager } from './flow-manager';
import type { LockoutGuard } from './lockout-guard';

/**
 * The account every supported family activates and resets (Hikvision, Dahua, Xiongmai and
 * Herospeed all name their first administrator `admin`); the vault stores it with the password.
 */
export const ADMIN_USER = 'admin';

export interface FlowDeps {
  flows: FlowManager;
  /** The device as the inventory knows it now. */
  device(id: string): Device | undefined;
  driver(family: Family): VendorDriver | undefined;
  vault: Vault;
  guard: LockoutGuard;
  audit: AuditLog;
  now(): Date;
  /** A device got its first password (activation): the inventory row says so. */
  markActive(deviceId: string): void;
  /** Replaces the device's recovery audit on its inventory row (announced as `devices:changed`). */
  setRecovery(deviceId: string, recovery: RecoveryAudit): void;
}

/**
 * Records what is now known about a device's recovery set-up: a part given here replaces the old
 * value, a part left out or null keeps it (a later read that could not tell does not forget what
 * an earlier one learned). Nothing changes, and nothing is announced, when nothing is new.
 */
export function noteRecovery(
  deps: FlowDeps,
  deviceId: string,
  learned: Partial<RecoveryAudit> | undefined,
): void {
  if (!learned) return;
  const device = deps.device(deviceId);
  if (!device) return;
  const prev = device.recovery;
  const next: RecoveryAudit = {
    emailBound: learned.emailBound ?? prev?.emailBound ?? null,
    questionsSet: learned.questionsSet ?? prev?.questionsSet ?? null,
    keyExported: learned.keyExported ?? prev?.keyExported ?? null,
  };
  const unknown =
    next.emailBound === null && next.questionsSet === null && next.keyExported === null;
  if (prev === null && unknown) return;
  if (
    prev &&
    prev.emailBound === next.emailBound &&
    prev.questionsSet === next.questionsSet &&
    prev.keyExported === next.keyExported
  )
    return;
  deps.setRecovery(deviceId, next);
}

/**
 * The capabilities as the engine knows them: a device known to have no recovery e-mail cannot
 * hand out a QR, even when the read that listed it was made without a login and could not tell.
 */
export function withRecoveryKnowledge(
  caps: DriverCapabilities,
  recovery: RecoveryAudit | null,
): DriverCapabilities {
  if (recovery?.emailBound !== false) return caps;
  return {
    ...caps,
    capabilities: caps.capabilities.map((c) =>
      c.name === 'recoverByCode' && !c.unavailableReason
        ? { ...c, unavailableReason: NO_RECOVERY_EMAIL }
        : c,
    ),
  };
}

/** The reason `recoverByCode` shows when no recovery e-mail is bound. */
export const NO_RECOVERY_EMAIL = 'no recovery e-mail reserved';

/** The driver for a device's family, or CAPABILITY_UNAVAILABLE. */
export function driverOf(deps: FlowDeps, device: Device): VendorDriver {
  const driver = deps.driver(device.family);
  if (!driver) throw new CustodianError('CAPABILITY_UNAVAILABLE', `no driver for ${device.family}`);
  return driver;
}

/** A device from the inventory, or NOT_FOUND. */
export function deviceOf(deps: FlowDeps, id: string): Device {
  const device = deps.device(id);
  if (!device) throw new CustodianError('NOT_FOUND', id);
  return device;
}

/** One audit line for a device action (only ids, outcome, error code and tries left). */
export function audit(
  deps: FlowDeps,
  device: Pick<Device, 'id' | 'serial'>,
  action: AuditAction,
  outcome: AuditOutcome,
  extra: { err?: unknown; attemptsLeft?: number | null } = {},
): Promise<void> {
  const code =
    extra.err instanceof CustodianError ? extra.err.code : extra.err ? 'INTERNAL' : undefined;
  return deps.audit.record({
    action,
    deviceId: device.id,
    serial: device.serial,
    outcome,
    ...(code ? { code } : {}),
    ...(extra.attemptsLeft !== undefined ? { attemptsLeft: extra.attemptsLeft } : {}),
  });
}

/** Whether a capability is listed and usable now. */
export function canDo(caps: DriverCapabilities, name: CapabilityName): boolean {
  return caps.capabilities.some((c) => c.name === name && !c.unavailableReason);
}

/** Throws CAPABILITY_UNAVAILABLE (with the device's reason when it gave one) unless usable. */
export function requireCapability(caps: DriverCapabilities, name: CapabilityName): void {
  const cap = caps.capabilities.find((c) => c.name === name);
  if (!cap) throw new CustodianError('CAPABILITY_UNAVAILABLE', name);
  if (cap.unavailableReason) {
    throw new CustodianError('CAPABILITY_UNAVAILABLE', `${name}: ${cap.unavailableReason}`);
  }
}
