/**
 * Scope interpretations the ONVIF Core spec does not define (onvif.md §1.4, "what field devices
 * actually send" is [I]). Each sits behind one function named as an assumption so it can be
 * replaced once captures from real firmware say otherwise.
 */
import type { OnvifScope } from './facts';

/**
 * Folds non-spec category spellings into the spec's: the Core table has `SerialNumber` and
 * `MacAddress`; example fixtures and some firmware write `serial`, `mac`. Categories are compared
 * lower-case because firmware varies the case (`Profile`, `profile`, `MAC`).
 */
export function assumedScopeCategory(lowerCaseCategory: string): string {
  switch (lowerCaseCategory) {
    case 'serial':
      return 'serialnumber';
    case 'mac':
      return 'macaddress';
    default:
      return lowerCaseCategory;
  }
}

/**
 * Brands whose firmware puts the brand as the first word of the `name` scope
 * (`name/HIKVISION%20DS-2CD2143G2-I`). Deliberately short: a name is user-editable, so only a
 * first word that is unmistakably a camera brand counts; anything else leaves vendor unknown for
 * the vendor protocols (SADP, DHIP, XM) or the device itself to fill in.
 */
const BRANDS: readonly string[] = [
  'Hikvision',
  'HiLook',
  'EZVIZ',
  'Dahua',
  'Amcrest',
  'Axis',
  'Hanwha',
  'Uniview',
  'Bosch',
  'Vivotek',
  'Reolink',
  'Milesight',
  'Tiandy',
];

/** The vendor when the `name` scope's first word is a known brand; otherwise undefined. */
export function assumedVendorFromScopeName(name: string): string | undefined {
  const firstWord = name
    .trim()
    .split(/[\s_]+/)[0]
    ?.toLowerCase();
  if (!firstWord) return undefined;
  return BRANDS.find((b) => b.toLowerCase() === firstWord);
}

/** `firmware/<version>` is not in the Core table; some devices send it (onvif.md §1.4). */
export function assumedFirmwareFromScopes(scopes: readonly OnvifScope[]): string | undefined {
  return scopes.find((s) => s.category === 'firmware' && s.value.trim() !== '')?.value.trim();
}
