/**
 * After discovery, read what a device says about itself. ONVIF GetDeviceInformation is
 * READ_SYSTEM: a device in its factory-default state (Profile Q) answers anonymously, an
 * operational one asks for credentials. We ask once without credentials, which spends no login
 * try, and record `needsCredentials` when it refuses; we never try a password here.
 */
import type { DeviceFacts, RawSighting } from './discovery/types';
import { CustodianError } from '../shared/errors';
import { OnvifDeviceClient } from './vendors/onvif/client';

export interface IdentifyResult {
  facts: DeviceFacts;
  identity: 'device' | 'discovery';
  needsCredentials: boolean;
}

const IDENTIFY_TIMEOUT_MS = 3_000;

export async function identifyOnvifDevice(sighting: RawSighting): Promise<IdentifyResult | null> {
  const xaddr = sighting.facts.xaddrs?.[0];
  if (!xaddr || (sighting.protocol !== 'wsd' && sighting.protocol !== 'manual')) return null;
  const client = new OnvifDeviceClient({ xaddr, timeoutMs: IDENTIFY_TIMEOUT_MS });
  try {
    const info = await client.getDeviceInformation();
    return {
      facts: {
        vendor: info.manufacturer || undefined,
        model: info.model || undefined,
        serial: info.serialNumber || undefined,
        firmware: info.firmwareVersion || undefined,
        hardwareId: info.hardwareId || undefined,
      },
      identity: 'device',
      needsCredentials: false,
    };
  } catch (err) {
    if (err instanceof CustodianError && err.code === 'DEVICE_AUTH_REQUIRED') {
      return { facts: {}, identity: 'discovery', needsCredentials: true };
    }
    return null;
  }
}
