/**
 * The vault's cryptography, kept apart so it can be read in one sitting: AES-256-GCM with a random
 * 96-bit IV per sealed value and the value's purpose bound in as associated data (an entry moved to
 * another device's slot fails to open), and scrypt for passphrase-derived keys.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

/** One encrypted value as stored: all base64. */
export interface Sealed {
  iv: string;
  tag: string;
  data: string;
}

export interface ScryptParams {
  name: 'scrypt';
  salt: string;
  N: number;
  r: number;
  p: number;
}

export const KEY_BYTES = 32;
/**
 * N = 2^15, r = 8 (about 32 MiB and ~100 ms on a laptop): the floor OWASP gives for scrypt. A
 * file asking for less is refused (a tampered header must not weaken the key), and for more than
 * 2^20 too (a tampered header must not hang the app).
 */
export const SCRYPT_N = 2 ** 15;
const SCRYPT_MAX_N = 2 ** 20;

/** Fresh parameters with a random 16-byte salt. */
export function newScryptParams(): ScryptParams {
  return { name: 'scrypt', salt: randomBytes(16).toString('base64'), N: SCRYPT_N, r: 8, p: 1 };
}

/** True when a header's scrypt parameters are within what this build accepts. */
export function scryptParamsSane(k: ScryptParams): boolean {
  const pow2 = Number.isInteger(Math.log2(k.N));
  return (
    k.name === 'scrypt' &&
    typeof k.salt === 'string' &&
    Buffer.from(k.salt, 'base64').length >= 16 &&
    pow2 &&
    k.N >= SCRYPT_N &&
    k.N <= SCRYPT_MAX_N &&
    k.r === 8 &&
    k.p >= 1 &&
    k.p <= 4
  );
}

/** Derives the 256-bit vault key from a passphrase. */
export function deriveKey(passphrase: string, k: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      Buffer.from(k.salt, 'base64'),
      KEY_BYTES,
      // Node's default maxmem (32 MiB) is exactly 128*N*r at N=2^15; leave room above it.
      { N: k.N, r: k.r, p: k.p, maxmem: 256 * k.N * k.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** Encrypts `plain` under `key`, binding `aad` (what the value is for). */
export function seal(key: Buffer, plain: string, aad: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** Decrypts a sealed value; throws when the key, the aad or any byte is wrong. */
export function unseal(key: Buffer, sealed: Sealed, aad: string): string {
  // A fixed tag length: GCM would otherwise accept a truncated (forgeable) 4-byte tag.
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'), {
    authTagLength: 16,
  });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([
    decipher.update(Buffer.from(sealed.data, 'base64')),
    decipher.final(),
  ]).toString('utf8');
}

export function isSealed(v: unknown): v is Sealed {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  return typeof s.iv === 'string' && typeof s.tag === 'string' && typeof s.data === 'string';
}
