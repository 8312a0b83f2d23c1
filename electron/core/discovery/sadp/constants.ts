/**
 * SADP constants (shared/protocols/hikvision.md §1). Kept apart from the codec so the scanner,
 * the lab and the tests name the same strings.
 */

/** Hikvision's SADP group and port [C2]. Same group as WS-Discovery, different port. */
export const SADP_MULTICAST_ADDRESS = '239.255.255.250';
export const SADP_PORT = 37020;

/** A ProbeMatch is about 1.5 KiB; anything over 16 KiB is refused before parsing. */
export const SADP_MAX_MESSAGE_BYTES = 16 * 1024;

/** Multicast TTL real SADP clients use [C] (hikvision.md §1). */
export const SADP_MULTICAST_TTL = 2;

/** Inquiry verbs: `inquiry` [C2]; `inquiry_v32` is sent by one public client [S]. */
export type SadpInquiryType = 'inquiry' | 'inquiry_v32';
