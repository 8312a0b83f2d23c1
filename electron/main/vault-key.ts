/**
 * The OS keychain behind the engine's credential vault: Electron's `safeStorage` (Keychain on
 * macOS, DPAPI on Windows, libsecret/KWallet on Linux) adapted to the engine's `SecretProtector`.
 * `safeStorage` is injected so this is tested in plain Node; `index.ts` passes the real one.
 */
import { CustodianError } from '../shared/errors';
import type { SecretProtector } from '../core/store/secret-protector';

/** The parts of Electron's `safeStorage` used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store backs the key. */
  getSelectedStorageBackend?(): string;
}

/**
 * Refuses when there is no real OS-backed key. On Linux without a keyring Electron falls back to
 * `basic_text`, a key hard-coded in Chromium: "encrypted" camera passwords would be readable by
 * anyone who copies the profile, so the vault must refuse instead of pretending.
 */
function assertUsable(storage: SafeStorageLike, platform: string): void {
  if (!storage.isEncryptionAvailable()) {
    throw new CustodianError('VAULT_UNAVAILABLE', 'OS secret storage is not available');
  }
  if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') {
    throw new CustodianError('VAULT_UNAVAILABLE', 'no OS keyring');
  }
}

/**
 * Makes the engine's `SecretProtector` from `safeStorage`. Call its methods only after the app is
 * ready (before that the key is not available and both methods throw).
 */
export function createSecretProtector(
  storage: SafeStorageLike,
  platform: string = process.platform,
): SecretProtector {
  return {
    protect(plain) {
      assertUsable(storage, platform);
      return storage.encryptString(plain);
    },
    unprotect(blob) {
      assertUsable(storage, platform);
      return storage.decryptString(blob);
    },
  };
}
