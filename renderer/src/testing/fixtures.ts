/** Plain DTO builders for tests: one valid Device, ScanProgress or Diagnostics, overridable field by field. */
import type { Device, Diagnostics, ScanProgress } from '../contract';

export function makeDevice(overrides: Partial<Device> = {}): Device {
  const mac = overrides.mac === undefined ? 'a4:14:37:00:00:01' : overrides.mac;
  return {
    id: `mac:${mac ?? 'none'}`,
    family: 'hikvision',
    vendor: 'Hikvision',
    model: 'DS-2CD2143G2-I',
    serial: 'DS-2CD2143G2-I20240101AAWRK00000001',
    mac,
    firmware: 'V5.7.3 build 220112',
    hardwareId: null,
    ip: '192.168.1.64',
    addresses: ['192.168.1.64'],
    account: 'active',
    identity: 'discovery',
    needsCredentials: false,
    recovery: null,
    protocols: ['sadp'],
    interfaces: ['eth0'],
    sightings: [
      {
        protocol: 'sadp',
        interfaceName: 'eth0',
        interfaceAddress: '192.168.1.10',
        address: '192.168.1.64',
        at: '2025-01-01T10:00:00.000Z',
      },
    ],
    firstSeen: '2025-01-01T10:00:00.000Z',
    lastSeen: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}

export function makeProgress(overrides: Partial<ScanProgress> = {}): ScanProgress {
  return {
    scanId: 'scan-1',
    state: 'running',
    startedAt: '2025-01-01T10:00:00.000Z',
    elapsedMs: 1000,
    durationMs: 5000,
    found: 0,
    warnings: 0,
    interfaces: [{ name: 'eth0', address: '192.168.1.10', ok: true, probesSent: 3, replies: 0 }],
    ...overrides,
  };
}

export function makeDiagnostics(overrides: Partial<Diagnostics> = {}): Diagnostics {
  return {
    platform: 'linux',
    lastScan: { scanId: 'scan-1', startedAt: '2025-01-01T10:00:00.000Z', durationMs: 5000 },
    interfaces: [
      {
        name: 'eth0',
        address: '192.168.1.10',
        netmask: '255.255.255.0',
        mac: '00:11:22:33:44:55',
        internal: false,
        scanned: true,
        protocols: [
          { protocol: 'wsd', probesSent: 3, replies: 0 },
          { protocol: 'sadp', probesSent: 2, replies: 0, error: 'EADDRINUSE' },
        ],
      },
    ],
    warnings: [
      {
        protocol: 'sadp',
        interfaceName: 'eth0',
        address: '192.168.1.64',
        message: 'not XML',
        at: '2025-01-01T10:00:01.000Z',
        rawHex: '3c3f786d6c',
        rawLength: 5,
      },
    ],
    hints: [{ code: 'NO_REPLIES' }],
    ...overrides,
  };
}
