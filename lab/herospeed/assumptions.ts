/**
 * What is not public about Herospeed (Atix, BitVision) recovery (oem-map.md §2.1, §5: validity,
 * attempts and the QR content are [U]). Each guess sits behind one named function so a real
 * capture or document can replace it.
 */
import { randomBytes, randomInt } from 'node:crypto';

/** Assumption: the e-mailed code stays valid 24 hours, like the Dahua-family codes. */
export function assumedHerospeedCodeValidityMs(): number {
  return 24 * 60 * 60_000;
}

/** Assumption: five wrong codes end the attempt (the person must show a new QR). */
export function assumedHerospeedCodeAttempts(): number {
  return 5;
}

/**
 * Assumption: the QR carries the serial and a random per-request nonce as opaque text. Nothing is
 * derived from the serial: the nonce makes every payload new and the desk holds the code.
 */
export function assumedHerospeedQrPayload(serial: string): string {
  return `HSRST1:${serial}:${randomBytes(12).toString('hex').toUpperCase()}`;
}

/** Assumption: the code is six random digits (what BitVision users report typing). */
export function assumedHerospeedCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
