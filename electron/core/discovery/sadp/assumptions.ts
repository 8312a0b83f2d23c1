/**
 * SADP interpretations the public sources do not settle (hikvision.md marks them [I] or leaves
 * them open). Each sits behind one function named as an assumption, so a real capture can
 * replace it in one place.
 */

/**
 * A ProbeMatch boolean. Captures show `true`/`false`, and one firmware sends `flase` for false
 * (hikvision.md §3.1 B, [C]). Reading `flase` as false, and ignoring case, is [I].
 */
export function assumedSadpBoolean(value: string | undefined): boolean | null {
  switch (value?.trim().toLowerCase()) {
    case 'true':
      return true;
    case 'false':
    case 'flase':
      return false;
    default:
      return null;
  }
}

/**
 * Model prefixes of the brands that ship Hikvision firmware (oem-map.md §1 names HiLook, HiWatch
 * and EZVIZ as Hikvision OEMs, but no source maps model numbers to brands). `DS-` is Hikvision's
 * own scheme in every capture; the HiLook and EZVIZ prefixes are from their public catalogues, not
 * from SADP captures. HiWatch also uses `DS-` numbers, so it cannot be told apart and shows as
 * Hikvision.
 */
const MODEL_PREFIXES: readonly (readonly [RegExp, string])[] = [
  [/^DS-/i, 'Hikvision'],
  [/^(IPC|NVR|DVR|THC|PTZ)-/i, 'HiLook'],
  [/^CS-/i, 'EZVIZ'],
];

/**
 * The brand a SADP model string belongs to, or undefined when the prefix is not known: the family
 * is hikvision either way, and leaving the brand unknown beats naming the wrong one.
 */
export function assumedBrandFromSadpModel(model: string): string | undefined {
  const trimmed = model.trim();
  return MODEL_PREFIXES.find(([prefix]) => prefix.test(trimmed))?.[1];
}
