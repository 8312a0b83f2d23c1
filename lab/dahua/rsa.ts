/**
 * The device half of the envelope's key exchange (dahua.md §9): an RSA-2048 key pair, the public
 * half published by `Security.getEncryptInfo` as `N:<hex>,E:<hex>`, and PKCS#1 v1.5 decryption of
 * the `salt`. Node 20 refuses PKCS#1 v1.5 in `privateDecrypt` (CVE-2023-46809, a timing oracle),
 * yet that is the padding the firmware uses (OAEP is refused, §9), so the lab does the RSA
 * arithmetic itself. The timing leak does not matter for a simulator on loopback.
 */
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

export interface DeviceRsaKey {
  /** The `pub` string of getEncryptInfo. */
  readonly pub: string;
  decryptPkcs1(cipher: Buffer): Buffer | null;
}

function big(b64url: string): bigint {
  const hex = Buffer.from(b64url, 'base64url').toString('hex');
  return hex.length === 0 ? 0n : BigInt(`0x${hex}`);
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

function toBytes(n: bigint, length: number): Buffer {
  const hex = n.toString(16).padStart(length * 2, '0');
  return Buffer.from(hex.slice(-length * 2), 'hex');
}

/** EME-PKCS1-v1_5 decoding: 00 02 PS(>= 8 non-zero) 00 M; null when the block is not one. */
function unpad(block: Buffer): Buffer | null {
  if (block[0] !== 0 || block[1] !== 2) return null;
  const sep = block.indexOf(0, 2);
  if (sep < 10) return null;
  return block.subarray(sep + 1);
}

function fromPrivateKey(privateKey: KeyObject): DeviceRsaKey {
  const jwk = privateKey.export({ format: 'jwk' });
  const [n, e, p, q, dp, dq, qi] = [jwk.n, jwk.e, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].map((v) =>
    big(v ?? ''),
  ) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  const size = Buffer.from(jwk.n ?? '', 'base64url').length;
  const hex = (v: bigint) => v.toString(16).toUpperCase();
  return {
    pub: `N:${hex(n).padStart(size * 2, '0')},E:${hex(e).padStart(6, '0')}`,
    decryptPkcs1(cipher) {
      if (cipher.length !== size) return null;
      const c = BigInt(`0x${cipher.toString('hex')}`);
      if (c >= n) return null;
      // Chinese remainder theorem: two half-size exponentiations instead of one full-size.
      const m1 = modPow(c, dp, p);
      const m2 = modPow(c, dq, q);
      const h = (((m1 - m2) % p) + p) % p;
      const m = m2 + q * ((qi * h) % p);
      return unpad(toBytes(m, size));
    },
  };
}

/** A fresh RSA-2048 key for one device. */
export async function createDeviceRsaKey(): Promise<DeviceRsaKey> {
  const { privateKey } = await generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  return fromPrivateKey(privateKey);
}
