import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CustodianError } from '../../shared/errors';
import type { SecretProtector } from './secret-protector';
import { Vault, vaultPath } from './vault';

const SECRET = 'Canary-7Q!x42';
const dir = () => mkdtempSync(path.join(os.tmpdir(), 'custodian-vault-'));

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err instanceof CustodianError ? err.code : String(err);
  }
}

/** A keychain stand-in: XOR with a per-test pad is enough to prove the wrapping path. */
function fakeProtector(pad = 0x5a): SecretProtector {
  const x = (b: Buffer) => Buffer.from(b.map((c) => c ^ pad));
  return {
    protect: (plain) => x(Buffer.from(plain, 'utf8')),
    unprotect: (blob) => x(blob).toString('utf8'),
  };
}

describe('vault', () => {
  it('round-trips credentials across instances with the passphrase', async () => {
    const d = dir();
    const v = new Vault(vaultPath(d), { passphrase: 'correct horse' });
    await v.set('mac:1', { username: 'admin', password: SECRET });
    expect(await v.has('mac:1')).toBe(true);
    const again = new Vault(vaultPath(d), { passphrase: 'correct horse' });
    expect(await again.get('mac:1')).toEqual({ username: 'admin', password: SECRET });
    expect(await again.get('mac:2')).toBeUndefined();
    expect(await again.delete('mac:1')).toBe(true);
    expect(await again.delete('mac:1')).toBe(false);
  });

  it('refuses a wrong passphrase with VAULT_LOCKED and changes nothing', async () => {
    const d = dir();
    await new Vault(vaultPath(d), { passphrase: 'right' }).set('mac:1', {
      username: 'admin',
      password: SECRET,
    });
    const before = readFileSync(vaultPath(d));
    const wrong = new Vault(vaultPath(d), { passphrase: 'wrong' });
    expect(await code(wrong.unlock())).toBe('VAULT_LOCKED');
    expect(await code(wrong.get('mac:1'))).toBe('VAULT_LOCKED');
    expect(await code(wrong.set('mac:2', { username: 'a', password: 'b' }))).toBe('VAULT_LOCKED');
    expect(await code(wrong.delete('mac:1'))).toBe('VAULT_LOCKED');
    expect(readFileSync(vaultPath(d))).toEqual(before);
    // Device ids are not secret: which devices have credentials shows without the key.
    expect(await wrong.has('mac:1')).toBe(true);
  });

  it('detects a tampered entry, and an entry moved to another device', async () => {
    const d = dir();
    const v = new Vault(vaultPath(d), { passphrase: 'p' });
    await v.set('mac:1', { username: 'admin', password: SECRET });
    await v.set('mac:2', { username: 'admin', password: 'other-Pass1' });
    const doc = JSON.parse(readFileSync(vaultPath(d), 'utf8'));
    const flipped = Buffer.from(doc.entries['mac:1'].data, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    writeFileSync(
      vaultPath(d),
      JSON.stringify({
        ...doc,
        entries: {
          ...doc.entries,
          'mac:1': { ...doc.entries['mac:1'], data: flipped.toString('base64') },
        },
      }),
    );
    expect(await code(new Vault(vaultPath(d), { passphrase: 'p' }).get('mac:1'))).toBe(
      'VAULT_UNAVAILABLE',
    );
    writeFileSync(
      vaultPath(d),
      JSON.stringify({ ...doc, entries: { 'mac:2': doc.entries['mac:1'] } }),
    );
    expect(await code(new Vault(vaultPath(d), { passphrase: 'p' }).get('mac:2'))).toBe(
      'VAULT_UNAVAILABLE',
    );
    writeFileSync(vaultPath(d), '{"version":1,');
    expect(await code(new Vault(vaultPath(d), { passphrase: 'p' }).get('mac:2'))).toBe(
      'VAULT_UNAVAILABLE',
    );
  });

  it('refuses a header that weakens the key derivation', async () => {
    const d = dir();
    await new Vault(vaultPath(d), { passphrase: 'p' }).set('mac:1', {
      username: 'a',
      password: SECRET,
    });
    const doc = JSON.parse(readFileSync(vaultPath(d), 'utf8'));
    expect(doc.kdf).toMatchObject({ name: 'scrypt', N: 2 ** 15, r: 8 });
    writeFileSync(vaultPath(d), JSON.stringify({ ...doc, kdf: { ...doc.kdf, N: 1024 } }));
    expect(await code(new Vault(vaultPath(d), { passphrase: 'p' }).get('mac:1'))).toBe(
      'VAULT_UNAVAILABLE',
    );
  });

  it('never writes the secret in clear, and keeps the file owner-only', async () => {
    const d = dir();
    const v = new Vault(vaultPath(d), { passphrase: 'p' });
    await v.set('mac:1', { username: 'admin', password: SECRET });
    await v.set('mac:1', { username: 'admin', password: SECRET });
    for (const f of readdirSync(d)) {
      const bytes = readFileSync(path.join(d, f));
      expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(SECRET).toString('base64')))).toBe(false);
    }
    expect(readdirSync(d)).toEqual(['vault.json']); // no temporary file left behind
    if (process.platform !== 'win32') expect(statSync(vaultPath(d)).mode & 0o777).toBe(0o600);
  });

  it('uses a keychain-wrapped random key with a SecretProtector', async () => {
    const d = dir();
    const v = new Vault(vaultPath(d), { secretProtector: fakeProtector() });
    await v.set('mac:1', { username: 'admin', password: SECRET });
    const doc = JSON.parse(readFileSync(vaultPath(d), 'utf8'));
    expect(doc.kdf).toBeUndefined();
    expect(typeof doc.wrappedKey).toBe('string');
    const again = new Vault(vaultPath(d), { secretProtector: fakeProtector() });
    expect((await again.get('mac:1'))?.password).toBe(SECRET);
    const otherUser = new Vault(vaultPath(d), { secretProtector: fakeProtector(0x33) });
    expect(await code(otherUser.get('mac:1'))).toBe('VAULT_LOCKED');
    expect(await code(new Vault(vaultPath(d), { passphrase: 'p' }).unlock())).toBe('VAULT_LOCKED');
  });

  it('refuses to store anything without a key source, or when the keychain is unusable', async () => {
    const d = dir();
    expect(
      await code(new Vault(vaultPath(d), undefined).set('mac:1', { username: 'a', password: 'b' })),
    ).toBe('VAULT_UNAVAILABLE');
    const broken: SecretProtector = {
      protect: () => {
        throw new CustodianError('VAULT_UNAVAILABLE', 'no OS keyring');
      },
      unprotect: () => '',
    };
    const v = new Vault(vaultPath(d), { secretProtector: broken });
    expect(await code(v.set('mac:1', { username: 'a', password: 'b' }))).toBe('VAULT_UNAVAILABLE');
    expect(readdirSync(d)).toEqual([]);
  });

  it('keeps every entry when sets race', async () => {
    const d = dir();
    const v = new Vault(vaultPath(d), { passphrase: 'p' });
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) => v.set(`mac:${n}`, { username: 'admin', password: `P-${n}x` })),
    );
    const again = new Vault(vaultPath(d), { passphrase: 'p' });
    for (const n of [1, 2, 3, 4, 5])
      expect((await again.get(`mac:${n}`))?.password).toBe(`P-${n}x`);
  });
});
