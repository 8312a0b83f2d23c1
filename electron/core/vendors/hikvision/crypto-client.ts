/**
 * The client side of Hikvision's password transport (hikvision.md §5, §11, §13): an ephemeral
 * RSA key the device encrypts a random string to, AES-128-ECB of the password under that string,
 * and the `?security=1` field encryption keyed by the admin password. Pure functions, no I/O.
 */
import {
  createCipheriv,
  createHash,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { badReply } from '../onvif/xml';
import { assumedIsapiChallengeRandom, assumedSadpExchangeKey } from './assumptions-driver';

/**
 * A one-use RSA-1024 key (e = 65537), the size the devices advertise (`RSAKeyLength opt="1024"`,
 * §13). Node refuses PKCS#1 v1.5 private decryption (CVE-2023-46809, a padding oracle over many
 * queries); this key decrypts exactly one device reply and is dropped, so no oracle exists, and
 * the decryption is done here with BigInt.
 */
export interface EphemeralKey {
  publicKey: KeyObject;
  /** Lower-case hex of the modulus. */
  modulusHex: string;
  decrypt(cipher: Buffer): Buffer;
}

const big = (b64url: string): bigint =>
  BigInt('0x' + (Buffer.from(b64url, 'base64url').toString('hex') || '0'));

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

/** A fresh key. The private half never leaves the closure. */
export function ephemeralKey(): EphemeralKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const jwk = privateKey.export({ format: 'jwk' });
  const [n, p, q, dp, dq, qi] = [jwk.n, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].map((v) =>
    big(v ?? ''),
  ) as [bigint, bigint, bigint, bigint, bigint, bigint];
  const bytes = (n.toString(16).length + 1) >> 1;
  return {
    publicKey,
    modulusHex: n.toString(16).padStart(bytes * 2, '0'),
    decrypt(cipher) {
      const c = BigInt('0x' + (cipher.toString('hex') || '0'));
      if (cipher.length !== bytes || c >= n) throw badReply('RSA block of the wrong size');
      // CRT: m = m2 + q * (qi * (m1 - m2) mod p)
      const m1 = modPow(c, dp, p);
      const m2 = modPow(c, dq, q);
      const m = m2 + q * ((((((m1 - m2) % p) + p) % p) * qi) % p);
      const em = Buffer.from(m.toString(16).padStart(bytes * 2, '0'), 'hex');
      const sep = em.indexOf(0, 2);
      if (em[0] !== 0 || em[1] !== 2 || sep < 10) throw badReply('RSA padding not PKCS#1 v1.5');
      return em.subarray(sep + 1);
    },
  };
}

function aesEcbZeroFill(key: Buffer, plain: Buffer, multiple: number): Buffer {
  const filled = Buffer.alloc(Math.max(multiple, Math.ceil(plain.length / multiple) * multiple));
  plain.copy(filled);
  const c = createCipheriv('aes-128-ecb', key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(filled), c.final()]);
}

/** ISAPI `<PublicKey><key>`: base64 of the modulus as lower-case ASCII hex (§11 step 1) [C2]. */
export function isapiPublicKeyField(key: EphemeralKey): string {
  return Buffer.from(key.modulusHex, 'latin1').toString('base64');
}

/**
 * ISAPI `<ActivateInfo><password>` (§11 steps 3-5) [C2]: r from the challenge, K = hex(r),
 * base64(hex(AES-128-ECB_K(r[0:16] + password, zero fill))).
 */
export function isapiActivatePassword(
  key: EphemeralKey,
  challengeB64: string,
  password: string,
): string {
  const hexCipher = Buffer.from(challengeB64, 'base64').toString('latin1').trim();
  if (!/^([0-9a-fA-F]{2})+$/.test(hexCipher)) throw badReply('challenge is not hex');
  const r = assumedIsapiChallengeRandom(key.decrypt(Buffer.from(hexCipher, 'hex')));
  const plain = Buffer.from(r.slice(0, 16) + password, 'utf8');
  const cipher = aesEcbZeroFill(Buffer.from(r, 'hex'), plain, 16);
  return Buffer.from(cipher.toString('hex'), 'latin1').toString('base64');
}

/** SADP exchangecode `<Code>`: base64 of the PKCS#1 RSAPublicKey DER (§5 step 2) [C]. */
export function sadpExchangeField(key: EphemeralKey): string {
  return key.publicKey.export({ format: 'der', type: 'pkcs1' }).toString('base64');
}

/** The AES key an exchangecode reply hands over (§5 step 3). */
export function sadpExchangeKey(key: EphemeralKey, replyB64: string): Buffer {
  return assumedSadpExchangeKey(key.decrypt(Buffer.from(replyB64, 'base64')));
}

/** SADP activate `<Password>` (§5 step 4) [C]: base64(AES-128-ECB_K(K ‖ password, zero fill to 32)). */
export function sadpPasswordField(k: Buffer, password: string): string {
  return aesEcbZeroFill(k, Buffer.concat([k, Buffer.from(password, 'utf8')]), 32).toString(
    'base64',
  );
}

/** The SecurityCap fields the `security=1` key is derived from (§13). */
export interface Security1Params {
  salt: string;
  isIrreversible: boolean;
  keyIterateNum: number;
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** §13 [C2]: SHA256 over (SHA256(user+salt+pwd) or pwd) + fixed suffix, iterated; first 16 bytes. */
export function security1Key(user: string, password: string, p: Security1Params): Buffer {
  const base = p.isIrreversible ? sha256(`${user}${p.salt}${password}`) : password;
  let k = sha256(base + 'AaBbCcDd1234!@#$');
  for (let i = 1; i < Math.max(1, p.keyIterateNum); i++) k = sha256(k);
  return Buffer.from(k.slice(0, 32), 'hex');
}

/** One `security=1` session: the query suffix and an encryptor for each secret field. */
export interface Security1 {
  query: string;
  encrypt(value: string): string;
}

/** §13 [C2]: hex(AES-128-CBC(key, iv, PKCS7, base64(utf8(value)))), iv sent as `&iv=`. */
export function security1(user: string, password: string, p: Security1Params): Security1 {
  const key = security1Key(user, password, p);
  // The web UI uses MD5(Date.now()); a random iv is what that is standing in for.
  const iv = randomBytes(16);
  return {
    query: `security=1&iv=${iv.toString('hex')}`,
    encrypt(value) {
      const c = createCipheriv('aes-128-cbc', key, iv);
      const b64 = Buffer.from(value, 'utf8').toString('base64');
      return Buffer.concat([c.update(b64, 'latin1'), c.final()]).toString('hex');
    },
  };
}
