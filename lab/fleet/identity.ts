/**
 * Identity helpers: MAC addresses and the WS-Discovery endpoint UUID. Core requires the endpoint
 * reference to be a stable urn:uuid, constant across interfaces and reboots, so it is derived
 * from the MAC rather than drawn at random.
 */
import { createHash } from 'node:crypto';
import type { Rng } from './random';

/** Name-based UUID namespace for lab endpoints (a fixed random UUID, lab-specific). */
const LAB_ENDPOINT_NAMESPACE = '6f1c2a9e-4b0d-4c55-9a3e-5d7b8e2f1c40';

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** True for a lower-case colon-separated MAC (`28:57:be:01:02:03`). */
export function isMac(text: string): boolean {
  return MAC_RE.test(text);
}

/** Lower-cases and colon-separates `28-57-BE-...` or `2857be...`; returns null when it is not a MAC. */
export function normalizeMac(text: string): string | null {
  if (!/^[0-9a-f]{2}([:-]?[0-9a-f]{2}){5}$/i.test(text)) return null;
  const hex = text.toLowerCase().replace(/[:-]/g, '');
  return hex.replace(/(..)(?!$)/g, '$1:');
}

/** A MAC under `oui` (`28:57:be`) with a seeded device part, unique within `taken`. */
export function generateMac(rng: Rng, oui: string, taken: Set<string>): string {
  for (;;) {
    const mac = `${oui}:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}`.toLowerCase();
    if (!taken.has(mac)) {
      taken.add(mac);
      return mac;
    }
  }
}

/** RFC 4122 name-based (SHA-1, version 5) UUID of the MAC, as `urn:uuid:...`. */
export function endpointFromMac(mac: string): string {
  const ns = Buffer.from(LAB_ENDPOINT_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(mac.toLowerCase()).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
