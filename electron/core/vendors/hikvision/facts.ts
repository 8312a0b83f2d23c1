/**
 * Public facts about Hikvision's own recovery paths that the driver hands to the person as data
 * (hikvision.md §18, §21): where a support code goes, what support asks for with it, and the
 * code lengths the vendor's text states. Nothing here is a wire format or derives a code.
 */
import type { SupportContact, SupportDetail } from '../../../shared/flows';

/**
 * §21 [C]: for a SADP export or code, "Hikvision technical support" answers with an encrypted
 * file or an 8-character key (vendor quick guides 2015/2024). The regional support desks differ,
 * so the contact is the vendor's support site, which lists them.
 */
export const HIK_SUPPORT_VENDOR = 'Hikvision';
export const HIK_SUPPORT_URL = 'https://www.hikvision.com/en/support/';

/** §21 [S]: support asks for the full serial, the device's current date, a label photo, the seller. */
export const HIK_SUPPORT_DETAILS: readonly SupportDetail[] = [
  'serial',
  'deviceDate',
  'labelPhoto',
  'purchaseChannel',
];

/** §21 [C]: the key support sends back for a SADP export is 8 characters. */
export const HIK_SUPPORT_KEY_LENGTH = 8;

/**
 * §18: the length of the e-mailed verification code of the QR path is not stated by any public
 * source (§20's 6-12 characters is the Hik-Connect device verification code, a different thing),
 * so the prompt leaves it open.
 */
export const HIK_EMAIL_CODE_LENGTH: number | null = null;

/** Where a Hikvision support code goes, with this device's serial filled in. */
export function hikSupportContact(serial: string | null): SupportContact {
  return {
    vendor: HIK_SUPPORT_VENDOR,
    url: HIK_SUPPORT_URL,
    include: [...HIK_SUPPORT_DETAILS],
    serial,
  };
}
