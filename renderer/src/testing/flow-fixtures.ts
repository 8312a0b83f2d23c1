/** Flow views and capabilities for store tests, overridable field by field. */
import {
  DEFAULT_PASSWORD_POLICY,
  type DeviceCapabilities,
  type FlowDeviceView,
  type FlowView,
} from '../contract';

let clock = Date.parse('2025-01-01T10:00:00.000Z');
/** Strictly increasing timestamps, so "newer wins" is deterministic. */
export function tick(): string {
  clock += 1000;
  return new Date(clock).toISOString();
}

export function makeFlow(
  overrides: Partial<FlowView> = {},
  device: Partial<FlowDeviceView> = {},
): FlowView {
  const at = tick();
  return {
    id: 'f1',
    kind: 'recover',
    method: 'qr',
    state: 'running',
    devices: [
      { deviceId: 'mac:a4:14:37:00:00:01', state: 'running', step: 'qr', stepsDone: [], ...device },
    ],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function makeCapabilities(overrides: Partial<DeviceCapabilities> = {}): DeviceCapabilities {
  return {
    deviceId: 'mac:a4:14:37:00:00:01',
    family: 'hikvision',
    capabilities: [
      { name: 'activate', protocol: 'sadp', evidence: 'confirmed' },
      { name: 'recoverByCode', protocol: 'isapi', evidence: 'confirmed' },
    ],
    passwordPolicy: DEFAULT_PASSWORD_POLICY,
    questionChoices: [{ id: 1, text: 'First pet?' }],
    questionsRequired: 3,
    attemptsLeft: 5,
    lockedUntil: null,
    hasCredentials: false,
    ...overrides,
  };
}
