/**
 * How the engine protects secrets at rest (the credential vault) without knowing who does it.
 * The Electron shell implements it with the OS keychain (safeStorage); plain-Node runs (CLI, host,
 * tests) inject their own. Kept free of any `electron` import so the engine still runs in Node.
 */
export interface SecretProtector {
  /**
   * Encrypts `plain` with a key the OS keeps for this user. Throws when no OS-backed key is
   * available: the vault must refuse to store a secret rather than store it readable.
   */
  protect(plain: string): Buffer;
  /** Decrypts a blob made by `protect` on this machine for this user; throws if it cannot. */
  unprotect(blob: Buffer): string;
}
