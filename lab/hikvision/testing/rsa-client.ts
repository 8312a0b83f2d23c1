/**
 * Test helper: the client side of Hikvision's activation crypto, written from the protocol notes
 * (hikvision.md §5, §11) independently of the lab's device side. Node refuses PKCS#1 v1.5 private
 * decryption, so RSA is done here with BigInt: fine for a test, never for production.
 */
import { createCipheriv, createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface ClientKey {
  publicKey: KeyObject;
  n: bigint;
  d: bigint;
  /** Lower-case hex of the 128-byte modulus. */
  modulusHex: string;
}

const big = (b64url: string) => BigInt('0x' + Buffer.from(b64url, 'base64url').toString('hex'));

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

/** A fresh RSA-1024 key, e = 65537. */
export function clientKey(): ClientKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const jwk = privateKey.export({ format: 'jwk' });
  const modulusHex = Buffer.from(jwk.n!, 'base64url').toString('hex');
  return { publicKey, n: big(jwk.n!), d: big(jwk.d!), modulusHex };
}

/** RSA decrypt with PKCS#1 v1.5 type-2 unpadding. */
export function rsaDecrypt(key: ClientKey, cipher: Buffer): Buffer {
  const m = modPow(BigInt('0x' + cipher.toString('hex')), key.d, key.n);
  const em = Buffer.from(m.toString(16).padStart(256, '0'), 'hex');
  if (em[0] !== 0 || em[1] !== 2) throw new Error('bad PKCS#1 padding');
  return em.subarray(em.indexOf(0, 2) + 1);
}

function aesEcb(key: Buffer, plain: Buffer): Buffer {
  const c = createCipheriv('aes-128-ecb', key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]);
}

function zeroFill(b: Buffer, multiple: number): Buffer {
  const out = Buffer.alloc(Math.ceil(b.length / multiple) * multiple);
  b.copy(out);
  return out;
}

/** ISAPI: `<PublicKey><key>` text. */
export function isapiPublicKeyField(key: ClientKey): string {
  return Buffer.from(key.modulusHex).toString('base64');
}

/** ISAPI: the activate `<password>` for a challenge reply `<key>` text. */
export function isapiActivatePassword(
  key: ClientKey,
  challengeB64: string,
  password: string,
): string {
  const hexCipher = Buffer.from(challengeB64, 'base64').toString('latin1');
  const r = rsaDecrypt(key, Buffer.from(hexCipher, 'hex')).toString('latin1').slice(-32);
  const plain = zeroFill(Buffer.from(r.slice(0, 16) + password, 'utf8'), 16);
  return Buffer.from(aesEcb(Buffer.from(r, 'hex'), plain).toString('hex')).toString('base64');
}

/** SADP exchangecode `<Code>`: base64 of the PKCS#1 RSAPublicKey DER. */
export function sadpExchangeField(key: ClientKey): string {
  return key.publicKey.export({ format: 'der', type: 'pkcs1' }).toString('base64');
}

/** SADP activate `<Password>` from the exchangecode reply `<Code>` (RBZX HEAD reading: raw R[0..16)). */
export function sadpActivatePassword(key: ClientKey, replyB64: string, password: string): string {
  const r = rsaDecrypt(key, Buffer.from(replyB64, 'base64'));
  const k = r.subarray(0, 16);
  return aesEcb(k, zeroFill(Buffer.concat([k, Buffer.from(password)]), 32)).toString('base64');
}

/** SADP update, legacy `<Password>`: base64(MD5(password)). */
export function sadpLegacyPassword(password: string): string {
  return createHash('md5').update(password).digest('base64');
}
