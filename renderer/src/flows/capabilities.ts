/**
 * Which flows and recovery methods a device offers, read from its capabilities: pure helpers the
 * details panel, the set-up and the recovery screens share.
 */
import type {
  Capability,
  CapabilityName,
  Device,
  DeviceCapabilities,
  RecoveryMethod,
} from '../contract';

export const RECOVERY_METHODS: readonly RecoveryMethod[] = [
  'questions',
  'qr',
  'keyFile',
  'support',
];

/** The capability that carries each recovery method. */
export const METHOD_CAPABILITY: Record<RecoveryMethod, CapabilityName> = {
  questions: 'recoverByQuestions',
  qr: 'recoverByCode',
  keyFile: 'recoverByKeyFile',
  support: 'recoverBySupport',
};

/** The parts of making a device recoverable, in the order the screen shows them. */
export const SETUP_PARTS = ['bindEmail', 'setQuestions', 'exportKey'] as const;
export type SetupPart = (typeof SETUP_PARTS)[number];

export function capability(
  caps: DeviceCapabilities | undefined,
  name: CapabilityName,
): Capability | undefined {
  return caps?.capabilities.find((c) => c.name === name);
}

/** Listed and usable now (no reason given why not). */
export function usable(caps: DeviceCapabilities | undefined, name: CapabilityName): boolean {
  const c = capability(caps, name);
  return c !== undefined && !c.unavailableReason;
}

export interface MethodOption {
  method: RecoveryMethod;
  capability: Capability;
}

/** The recovery methods the device lists (usable or not, with why not), and nothing else. */
export function recoveryOptions(caps: DeviceCapabilities | undefined): MethodOption[] {
  return RECOVERY_METHODS.flatMap((method) => {
    const c = capability(caps, METHOD_CAPABILITY[method]);
    return c ? [{ method, capability: c }] : [];
  });
}

/** Which entry points the details panel offers; capabilities narrow it once they are known. */
export interface DeviceActions {
  activate: boolean;
  setupRecovery: boolean;
  recover: boolean;
}

export function deviceActions(device: Device, caps: DeviceCapabilities | undefined): DeviceActions {
  const known = caps !== undefined;
  const has = (names: readonly CapabilityName[]) =>
    !known || names.some((n) => capability(caps, n) !== undefined);
  const inactive = device.account === 'inactive';
  return {
    activate: inactive && has(['activate']),
    setupRecovery: device.account === 'active' && has(SETUP_PARTS),
    recover: !inactive && has(Object.values(METHOD_CAPABILITY)),
  };
}
