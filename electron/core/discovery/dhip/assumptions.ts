/**
 * DHIP interpretations the public sources mark [I] (dahua.md §3, oem-map.md §1). Each sits behind
 * one function named as an assumption, so a real capture can replace it in one place.
 */

/**
 * `uninitialized`: factory-fresh, no password yet. `initialized`: has an account. `legacy`: a
 * device older than the init feature (it ships with an account). `unknown`: no or unreadable
 * `Init`.
 */
export type DhipInitState = 'uninitialized' | 'initialized' | 'legacy' | 'unknown';

/**
 * Reads the JSON `Init` as a wider NetSDK `byInitStatus`: bits 0–1 are 0 old device, 1
 * uninitialised, 2 initialised [C for the struct, S9/S10]. That the JSON number carries the same
 * bits is [I]: every initialised capture has `Init & 3 == 2` (150, 1162, 3210, 3222 …) and S14
 * tests `Init -band 3`. Callers must still confirm with `DevInit.getStatus` before activating.
 */
export function assumedDhipInitState(init: number | undefined): DhipInitState {
  if (init === undefined) return 'unknown';
  switch (init & 3) {
    case 0:
      return 'legacy';
    case 1:
      return 'uninitialized';
    case 2:
      return 'initialized';
    default:
      return 'unknown';
  }
}

/** The reset ways the `Find` letters stand for (A phone, B e-mail, C file export). */
export type DhipResetWay = 'phone' | 'email' | 'fileExport';

const RESET_LETTERS: Readonly<Record<string, DhipResetWay>> = {
  A: 'phone',
  B: 'email',
  C: 'fileExport',
};

/**
 * `Find` letters as NetSDK `byPwdResetWay` bits 0/1/2 [I] (dahua.md §3; S14 reads "B" as the
 * e-mail way). Unknown letters are dropped; order and duplicates do not matter.
 */
export function assumedDhipResetWays(find: string | undefined): DhipResetWay[] {
  if (!find) return [];
  const ways = new Set<DhipResetWay>();
  for (const letter of find.toUpperCase()) {
    const way = RESET_LETTERS[letter];
    if (way) ways.add(way);
  }
  return [...ways];
}

/** Brands seen in `Vendor`/`Manufacturer`, folded to the spelling the UI shows (oem-map.md §1). */
const BRANDS: Readonly<Record<string, string>> = {
  dahua: 'Dahua',
  amcrest: 'Amcrest',
  lorex: 'Lorex',
  intelbras: 'Intelbras',
  lts: 'LTS',
  imou: 'Imou',
};

// "General" and "Private" are Dahua's unbranded builds (dahua.md title, S6/S13/S16), not brands.
const UNBRANDED = new Set(['general', 'private', 'oem', 'none', 'unknown']);

/**
 * The brand a DHIP reply claims. `Vendor` wins over `Manufacturer` (Lorex sends
 * `Vendor: Lorex, Manufacturer: Private`); a known brand is folded to its usual spelling
 * (`IntelBras` -> `Intelbras`); any other brand is kept as the device sent it. Unbranded builds
 * (`General`, `Private`) are shown as `Dahua`, the OEM: that they are Dahua firmware is [I] from
 * the family the protocol belongs to.
 */
export function assumedDahuaBrand(vendor?: string, manufacturer?: string): string {
  for (const value of [vendor, manufacturer]) {
    const key = value?.trim().toLowerCase();
    if (!key || UNBRANDED.has(key)) continue;
    return BRANDS[key] ?? value!.trim();
  }
  return 'Dahua';
}
