import { describe, expect, it } from 'vitest';
import { CustodianError } from '../shared/errors';
import { createSecretProtector, type SafeStorageLike } from './vault-key';

function fakeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(`enc:${s}`).reverse(),
    decryptString: (b) => Buffer.from(b).reverse().toString().replace(/^enc:/, ''),
    getSelectedStorageBackend: () => backend,
  };
}

describe('createSecretProtector', () => {
  it('round-trips through safeStorage and never returns the plain text', () => {
    const p = createSecretProtector(fakeStorage(), 'linux');
    const blob = p.protect('admin:12345');
    expect(blob.toString()).not.toContain('admin:12345');
    expect(p.unprotect(blob)).toBe('admin:12345');
  });

  it('refuses when the OS has no key for us', () => {
    const p = createSecretProtector(fakeStorage(false), 'win32');
    expect(() => p.protect('x')).toThrow(expect.objectContaining({ code: 'VAULT_UNAVAILABLE' }));
    expect(() => p.unprotect(Buffer.from('x'))).toThrow(CustodianError);
  });

  it("refuses Linux's hard-coded basic_text fallback", () => {
    expect(() =>
      createSecretProtector(fakeStorage(true, 'basic_text'), 'linux').protect('x'),
    ).toThrow(/keyring/);
    expect(
      createSecretProtector(fakeStorage(true, 'basic_text'), 'darwin').protect('x'),
    ).toBeInstanceOf(Buffer);
  });
});
