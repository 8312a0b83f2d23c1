/**
 * When each protocol's probes go out in a sweep, and how long a sweep lasts. They live together
 * because they are tuned together, against the 1,000-device lab (`npm run bench:discovery`):
 *
 * - A sweep ends at a fixed bound, and the user has a complete list when it ends: 1.4 s. ONVIF
 *   targets delay each ProbeMatch by a random 0..500 ms (APP_MAX_DELAY, onvif.md §1.2), so the
 *   last WS-Discovery round goes out by 0.875 s; SADP, DHIP and XM devices answer at once.
 * - UDP is lossy: at a loss rate p a device missed by all its k chances is p^k. At 20% loss the
 *   lab's 1,000 devices get 7 (WSD, XM on loopback) or 8 (SADP, DHIP) chances each, so about one
 *   sweep in a hundred misses a device (700 x 0.2^7 + 120 x 0.2^8 + ...). Each WSD Probe is a
 *   chance (targets answer each MessageID once); SADP and DHIP go to two or three destinations
 *   per round, each answered; XM's search goes to one (loopback) or two, hence more rounds.
 * - Every device answers every probe it gets, so a round costs a reply per device: a 1,000-device
 *   site sends ~7,700 datagrams per sweep (WSD 4,900), with the protocols' rounds offset so their
 *   bursts do not coincide; each scanner skips the decode of a repeat.
 * - Each later round is delayed by a random 0..jitter ms, so laptops do not probe in lockstep.
 */

/** Recommended sweep length: engine.ts DEFAULT_SCAN_MS should be this. */
export const SWEEP_MS = 1_400;

/** WS-Discovery: both types at 0, then one type per round, alternating (7 Probes). */
export const WSD_ROUNDS_MS: readonly number[] = [0, 150, 300, 450, 600, 825];
export const WSD_JITTER_MS = 50;

/** SADP (Hikvision): four rounds, offset from the others' bursts. */
export const SADP_ROUNDS_MS: readonly number[] = [0, 275, 575, 900];
export const SADP_JITTER_MS = 50;

/** DHIP (Dahua): four rounds, two destinations each. */
export const DHIP_ROUNDS_MS: readonly number[] = [0, 325, 625, 950];
export const DHIP_JITTER_MS = 50;

/** XM search: seven rounds, since a loopback run has one destination per round. */
export const XM_ROUNDS_MS: readonly number[] = [0, 150, 325, 500, 700, 900, 1100];
export const XM_JITTER_MS = 50;
