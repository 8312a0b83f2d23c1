/**
 * Manual add: a typed-in address that multicast cannot reach (another subnet behind a router,
 * a firewall dropping discovery). Each fingerprint asks one unauthenticated, side-effect-free
 * question (ONVIF GetSystemDateAndTime is PRE_AUTH, see manual-fingerprints.ts for the vendor
 * ones); none spends a login try.
 */
import type { NetInterface } from '../../shared/dto';
import { onvifClockFingerprint, type Fingerprint } from './manual-fingerprints';
import type { DeviceFacts, RawSighting } from './types';

export {
  defaultFingerprints,
  type Fingerprint,
  type FingerprintOptions,
} from './manual-fingerprints';

/** ONVIF answers GetSystemDateAndTime before authentication on its device service (port 80). */
export const onvifFingerprint: Fingerprint = onvifClockFingerprint();

/** The interface whose subnet holds the address, else the first one (routed networks). */
export function interfaceFor(
  address: string,
  interfaces: NetInterface[],
): NetInterface | undefined {
  const toInt = (ip: string) =>
    ip.split('.').reduce((acc, o) => ((acc << 8) | (Number(o) & 255)) >>> 0, 0);
  return (
    interfaces.find((i) => {
      const m = toInt(i.netmask);
      return (toInt(i.address) & m) >>> 0 === (toInt(address) & m) >>> 0;
    }) ?? interfaces[0]
  );
}

/**
 * Runs every fingerprint at once; merges what answered into one sighting, or null. For each fact
 * the earliest fingerprint in the list that told it wins (list the specific ones first).
 */
export async function probeAddress(
  address: string,
  iface: NetInterface,
  fingerprints: Fingerprint[],
  timeoutMs: number,
): Promise<RawSighting | null> {
  const answers = await Promise.all(
    fingerprints.map((f) => f(address, timeoutMs).catch(() => null)),
  );
  const facts = answers.filter((a): a is DeviceFacts => a !== null);
  if (facts.length === 0) return null;
  const merged: DeviceFacts = Object.assign({}, ...facts.reverse());
  return {
    protocol: 'manual',
    iface,
    address,
    port: 0,
    at: new Date(),
    facts: merged,
    raw: Buffer.from(JSON.stringify(answers), 'utf8'),
  };
}
