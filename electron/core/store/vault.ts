/**
 * The credential vault: per-device user name and password, encrypted at rest in
 * `<dataDir>/vault.json`. The key comes from the OS keychain through a SecretProtector (the app),
 * or from a passphrase through scrypt (host, CLI). The clear secret never reaches the disk, a log
 * or an error message, and `get` is for the engine alone: no API verb returns what it stored.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { CustodianError } from '../../shared/errors';
import type { Credentials } from '../vendors/driver';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import type { SecretProtector } from './secret-protector';
import {
  deriveKey,
  isSealed,
  KEY_BYTES,
  newScryptParams,
  scryptParamsSane,
  seal,
  unseal,
  type Sealed,
  type ScryptParams,
} from './vault-crypto';

/** Where the vault key comes from. */
export type VaultKeySource = { secretProtector: SecretProtector } | { passphrase: string };

interface VaultFile {
  version: 1;
  /** Passphrase vaults carry the scrypt salt; keychain vaults carry the data key, wrapped. */
  kdf?: ScryptParams;
  wrappedKey?: string;
  /** A known value sealed with the key: opening it proves the key before anything is changed. */
  check: Sealed;
  entries: Record<string, Sealed>;
}

const CHECK_TEXT = 'custodian-vault-v1';
const entryAad = (deviceId: string) => `entry:${deviceId}`;

/** Path of the vault file in a data directory. */
export function vaultPath(dataDir: string): string {
  return path.join(dataDir, 'vault.json');
}

export class Vault {
  readonly #file: string;
  readonly #source: VaultKeySource | undefined;
  #doc: VaultFile | null = null;
  #key: Buffer | null = null;
  /** One operation at a time, so two concurrent `set`s cannot drop each other's entry. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(file: string, source: VaultKeySource | undefined) {
    this.#file = file;
    this.#source = source;
  }

  /** Whether a key source was configured at all (the engine can run without one). */
  get configured(): boolean {
    return this.#source !== undefined;
  }

  /** Proves the key (VAULT_LOCKED when it is wrong) without changing anything. */
  unlock(): Promise<void> {
    return this.#run(async () => void (await this.#unlocked()));
  }

  /** Whether credentials are stored for a device (needs no key: device ids are not secret). */
  has(deviceId: string): Promise<boolean> {
    return this.#run(async () => {
      const doc = await this.#load();
      return doc !== null && Object.hasOwn(doc.entries, deviceId);
    });
  }

  /** Engine-internal: the stored credentials, decrypted, or undefined. */
  get(deviceId: string): Promise<Credentials | undefined> {
    return this.#run(async () => {
      const { doc, key } = await this.#unlocked();
      const sealed = doc.entries[deviceId];
      if (!sealed) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(unseal(key, sealed, entryAad(deviceId)));
      } catch {
        throw new CustodianError('VAULT_UNAVAILABLE', 'a vault entry failed its integrity check');
      }
      const c = parsed as Partial<Credentials>;
      if (typeof c?.username !== 'string' || typeof c.password !== 'string') {
        throw new CustodianError('VAULT_UNAVAILABLE', 'a vault entry failed its integrity check');
      }
      return { username: c.username, password: c.password };
    });
  }

  /** Stores (or replaces) a device's credentials. */
  set(deviceId: string, credentials: Credentials): Promise<void> {
    return this.#run(async () => {
      const { doc, key } = await this.#unlocked();
      const plain = JSON.stringify({
        username: credentials.username,
        password: credentials.password,
      });
      const entries = { ...doc.entries, [deviceId]: seal(key, plain, entryAad(deviceId)) };
      await this.#save({ ...doc, entries });
    });
  }

  /** Removes a device's credentials; false when there were none. */
  delete(deviceId: string): Promise<boolean> {
    return this.#run(async () => {
      const { doc } = await this.#unlocked();
      if (!Object.hasOwn(doc.entries, deviceId)) return false;
      const entries = { ...doc.entries };
      delete entries[deviceId];
      await this.#save({ ...doc, entries });
      return true;
    });
  }

  #run<T>(op: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(op, op);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #save(doc: VaultFile): Promise<void> {
    await writeFileAtomic(this.#file, `${JSON.stringify(doc, null, 1)}\n`);
    this.#doc = doc;
  }

  async #load(): Promise<VaultFile | null> {
    if (this.#doc) return this.#doc;
    const text = await readFileIfExists(this.#file);
    if (text === null) return null;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new CustodianError('VAULT_UNAVAILABLE', 'vault.json is damaged');
    }
    if (!isVaultFile(doc)) throw new CustodianError('VAULT_UNAVAILABLE', 'vault.json is damaged');
    this.#doc = doc;
    return doc;
  }

  /** The document and its proven key; a new vault's header is made here and saved on first set. */
  async #unlocked(): Promise<{ doc: VaultFile; key: Buffer }> {
    const source = this.#source;
    if (!source) throw new CustodianError('VAULT_UNAVAILABLE', 'no vault key configured');
    const existing = await this.#load();
    if (existing && this.#key) return { doc: existing, key: this.#key };
    if (!existing) {
      const fresh = await newVault(source);
      this.#doc = fresh.doc;
      this.#key = fresh.key;
      return fresh;
    }
    const key = await keyFor(existing, source);
    try {
      if (unseal(key, existing.check, 'check') !== CHECK_TEXT) throw new Error('check');
    } catch {
      throw new CustodianError('VAULT_LOCKED', 'the key does not open this vault');
    }
    this.#key = key;
    return { doc: existing, key };
  }
}

async function newVault(source: VaultKeySource): Promise<{ doc: VaultFile; key: Buffer }> {
  if ('passphrase' in source) {
    const kdf = newScryptParams();
    const key = await deriveKey(source.passphrase, kdf);
    return { doc: { version: 1, kdf, check: seal(key, CHECK_TEXT, 'check'), entries: {} }, key };
  }
  // A random data key, wrapped by the OS keychain: the keychain only ever sees 32 random bytes.
  const key = randomBytes(KEY_BYTES);
  const wrappedKey = source.secretProtector.protect(key.toString('base64')).toString('base64');
  return {
    doc: { version: 1, wrappedKey, check: seal(key, CHECK_TEXT, 'check'), entries: {} },
    key,
  };
}

async function keyFor(doc: VaultFile, source: VaultKeySource): Promise<Buffer> {
  if ('passphrase' in source) {
    if (!doc.kdf) throw new CustodianError('VAULT_LOCKED', 'this vault is keyed by the app');
    if (!scryptParamsSane(doc.kdf)) {
      throw new CustodianError('VAULT_UNAVAILABLE', 'vault.json is damaged');
    }
    return deriveKey(source.passphrase, doc.kdf);
  }
  if (!doc.wrappedKey)
    throw new CustodianError('VAULT_LOCKED', 'this vault is keyed by a passphrase');
  let unwrapped: string;
  try {
    unwrapped = source.secretProtector.unprotect(Buffer.from(doc.wrappedKey, 'base64'));
  } catch (err) {
    if (err instanceof CustodianError) throw err;
    throw new CustodianError('VAULT_LOCKED', 'the OS keychain cannot open this vault');
  }
  const key = Buffer.from(unwrapped, 'base64');
  if (key.length !== KEY_BYTES) throw new CustodianError('VAULT_LOCKED', 'wrong key');
  return key;
}

function isVaultFile(v: unknown): v is VaultFile {
  if (!v || typeof v !== 'object') return false;
  const d = v as Record<string, unknown>;
  return (
    d.version === 1 &&
    isSealed(d.check) &&
    !!d.entries &&
    typeof d.entries === 'object' &&
    Object.values(d.entries as object).every(isSealed)
  );
}
