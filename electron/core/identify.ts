/**
 * After discovery, read what a device says about itself. ONVIF GetDeviceInformation is
 * READ_SYSTEM: a device in its factory-default state (Profile Q) answers anonymously, an
 * operational one asks for credentials. We ask once without credentials, which spends no login
 * try, and record `needsCredentials` when it refuses; we never try a password here.
 *
 * A device that refuses (an Atix/Herospeed recorder after first login) would otherwise be shown as
 * plain "ONVIF": its WS-Discovery scopes still name it, so the vendor and model are taken from
 * there and the row is marked `identity: 'scopes'` so the UI can say where they came from.
 */
import type { DeviceFacts, RawSighting } from './discovery/types';
import { assumedVendorFromScopeName } from './discovery/wsd/assumptions';
import { parseOnvifScopes } from './discovery/wsd/facts';
import type { IdentitySource } from '../shared/dto';
import { CustodianError } from '../shared/errors';
import type { OnvifDeviceInformation } from './vendors/onvif/codec';
import { OnvifDeviceClient } from './vendors/onvif/client';

export interface IdentifyResult {
  facts: DeviceFacts;
  identity: IdentitySource;
  needsCredentials: boolean;
}

/** Reads GetDeviceInformation from a device service URL (injectable for tests). */
export type ReadDeviceInformation = (xaddr: string) => Promise<OnvifDeviceInformation>;

const IDENTIFY_TIMEOUT_MS = 3_000;

const readOverOnvif: ReadDeviceInformation = (xaddr) =>
  new OnvifDeviceClient({ xaddr, timeoutMs: IDENTIFY_TIMEOUT_MS }).getDeviceInformation();

/**
 * Brands of the OEM lines Custodian manages that the ONVIF `name` scope can start with, beyond
 * the big brands `assumedVendorFromScopeName` knows (oem-map.md §1: Atix and BitVision are
 * Herospeed lines [I], SCS Pro a Dahua OEM [I]). Assumption: such firmware writes the brand as
 * the name's first word, as Hikvision does (`name/HIKVISION%20DS-...`); no public capture of an
 * Atix or BitVision ProbeMatch confirms it (oem-map.md §2.1 [U]).
 */
const OEM_BRANDS: readonly string[] = ['Atix', 'BitVision', 'Herospeed', 'SCS', 'XMEye'];

/** The OEM brand when the `name` scope's first word is one; otherwise undefined. */
export function assumedOemBrandFromScopeName(name: string): string | undefined {
  const firstWord = name
    .trim()
    .split(/[\s_]+/)[0]
    ?.toLowerCase();
  return firstWord ? OEM_BRANDS.find((b) => b.toLowerCase() === firstWord) : undefined;
}

/**
 * Vendor and model as the WS-Discovery scopes announce them: the vendor only when the `name`
 * scope starts with a known brand (a name is user-editable, so an arbitrary first word is not a
 * vendor), the model from `hardware` (a Core category), else the rest of such a branded name.
 * Empty when the scopes name nothing recognisable.
 */
export function identityFromScopes(
  scopes: readonly string[],
): Pick<DeviceFacts, 'vendor' | 'model'> {
  const parsed = parseOnvifScopes(scopes);
  const first = (category: string): string | undefined =>
    parsed.find((s) => s.category === category && s.value.trim() !== '')?.value.trim();
  const name = first('name');
  const hardware = first('hardware');
  const vendor = name
    ? (assumedVendorFromScopeName(name) ?? assumedOemBrandFromScopeName(name))
    : undefined;
  const facts: Pick<DeviceFacts, 'vendor' | 'model'> = {};
  if (vendor) facts.vendor = vendor;
  if (hardware) facts.model = hardware;
  else if (vendor && name) {
    const rest = name
      .trim()
      .replace(/^\S+[\s_]+/, '')
      .trim();
    if (rest && rest !== name.trim()) facts.model = rest;
  }
  return facts;
}

/**
 * Asks the device for its identity once, anonymously. `null` when it cannot be asked (no XAddr,
 * not an ONVIF sighting) or did not answer; `needsCredentials` with the scopes' vendor and model
 * (`identity: 'scopes'`) when it refused, or `'discovery'` when the scopes name nothing either.
 */
export async function identifyOnvifDevice(
  sighting: RawSighting,
  readInfo: ReadDeviceInformation = readOverOnvif,
): Promise<IdentifyResult | null> {
  const xaddr = sighting.facts.xaddrs?.[0];
  if (!xaddr || (sighting.protocol !== 'wsd' && sighting.protocol !== 'manual')) return null;
  try {
    const info = await readInfo(xaddr);
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
      const facts = identityFromScopes(sighting.facts.scopes ?? []);
      return {
        facts,
        identity: facts.vendor ? 'scopes' : 'discovery',
        needsCredentials: true,
      };
    }
    return null;
  }
}
