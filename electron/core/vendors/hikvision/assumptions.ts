/**
 * ISAPI interpretations that hikvision.md marks [I] or leaves open. Each sits behind one function
 * named as an assumption, so a real capture can replace it in one place.
 */

/**
 * The reset methods of `GET /ISAPI/Security/extern/capabilities`. The element names are [C2]
 * (vendor web UI `getPwdResetCap`, ISAPI guide `XML_externSecurityCap`, hikvision.md §13); the
 * root element's name and whether the elements sit directly under it are [I], so the decoder
 * looks for them at any depth and accepts any root.
 */
export function assumedHikExternCapabilityFields() {
  return {
    resetWithGuidFile: 'isSupportWithGUIDFileData',
    resetWithSecurityQuestions: 'isSupportWithSecurityQuestion',
    resetWithSecurityEmail: 'isSupportWithSecurityEmail',
    resetWithHikConnectApp: 'isSupportWithHCApp',
    minResetMethods: 'minResetAdminPassWordNum',
  } as const;
}

/**
 * `lockStatus`: the web UI knows `unlock`, `lock` and `locked` (hikvision.md §16). That `lock`
 * means locked like `locked` does is [I]; anything else is unknown.
 */
export function assumedLockStatusIsLocked(lockStatus: string): boolean | null {
  switch (lockStatus.trim().toLowerCase()) {
    case 'unlock':
      return false;
    case 'lock':
    case 'locked':
      return true;
    default:
      return null;
  }
}

/**
 * The ResponseStatus form of the lock fields (`retryTimes`, `resLockTime`, hikvision.md §16 shape
 * 2). The names are [C2]; that `retryTimes` counts the tries left, like userCheck's
 * `retryLoginTime`, is [I] (the public example shows 5 on an unlocked device, which fits a
 * fresh counter of 5 tries as well as a configured maximum).
 */
export function assumedResponseStatusLock(
  retryTimes: number | null,
  resLockTime: number | null,
): { remainingAttempts: number | null; unlockInSeconds: number | null } {
  return { remainingAttempts: retryTimes, unlockInSeconds: resLockTime };
}

/**
 * `supportVersion` on `/SDK/activateStatus` (3 selects "V3" activation) comes from one public
 * source (hikvision.md §10, DOZOR) [S]; the exact attribute set of that reply is [I].
 */
export function assumedActivateSupportVersion(value: string | null): number | null {
  return value !== null && /^\d{1,3}$/.test(value) ? Number(value) : null;
}
