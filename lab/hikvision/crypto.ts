/**
 * The device side of Hikvision's password transport (hikvision.md §5, §6.1, §11, §13). The device
 * hands out a random string under the client's RSA key; the client returns the password AES-128-ECB
 * encrypted under that string, prefixed with part of it so the device can tell a right key from a
 * wrong one. Everything here is pure: no state, no clock.
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createPublicKey,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/** Random lower-case hex of `chars` characters. */
export function randomHex(chars: number): string {
  return randomBytes(Math.ceil(chars / 2))
    .toString('hex')
    .slice(0, chars);
}

function rsaEncrypt(key: KeyObject, data: Buffer): Buffer {
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, data);
}

function rsaBitsOk(key: KeyObject): boolean {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return key.asymmetricKeyType === 'rsa' && bits >= 1024 && bits <= 4096;
}

function aesEcb(decrypt: boolean, key: Buffer, data: Buffer): Buffer | null {
  if (data.length === 0 || data.length % 16 !== 0) return null;
  const c = decrypt
    ? createDecipheriv('aes-128-ecb', key, null)
    : createCipheriv('aes-128-ecb', key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

/** The plaintext after the prefix, zero fill removed; null when the prefix does not match. */
function unwrapPassword(plain: Buffer | null, prefix: Buffer): string | null {
  if (!plain || !plain.subarray(0, prefix.length).equals(prefix)) return null;
  let end = plain.length;
  while (end > prefix.length && plain[end - 1] === 0) end--;
  const pwd = plain.subarray(prefix.length, end).toString('utf8');
  return pwd.length > 0 && !pwd.includes('\0') ? pwd : null;
}

/**
 * ISAPI challenge (§11 step 1-2): `key` is base64 of the ASCII hex of the client's RSA modulus
 * (e = 65537). Returns the random string r (32 hex chars) and the reply's base64(hex(RSA(r))).
 */
export function isapiChallenge(keyB64: string): { r: string; reply: string } | null {
  const hex = Buffer.from(keyB64, 'base64')
    .toString('latin1')
    .trim()
    .replace(/^(00)+/, '');
  if (!/^[0-9a-fA-F]{256,1024}$/.test(hex)) return null;
  try {
    const n = Buffer.from(hex, 'hex').toString('base64url');
    const key = createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' });
    if (!rsaBitsOk(key)) return null;
    const r = randomHex(32);
    const reply = Buffer.from(rsaEncrypt(key, Buffer.from(r, 'latin1')).toString('hex')).toString(
      'base64',
    );
    return { r, reply };
  } catch {
    return null;
  }
}

/** ISAPI activate password (§11 steps 3-5): base64(hex(AES-ECB_{hex(r)}(r[0:16] + pwd))). */
export function decodeIsapiPassword(passwordB64: string, r: string): string | null {
  const hex = Buffer.from(passwordB64, 'base64').toString('latin1');
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) return null;
  const plain = aesEcb(true, Buffer.from(r, 'hex'), Buffer.from(hex, 'hex'));
  return unwrapPassword(plain, Buffer.from(r.slice(0, 16), 'latin1'));
}

/**
 * SADP exchangecode (§5 steps 2-3): `codeB64` is base64 of the client's PKCS#1 RSAPublicKey DER.
 * The device's random R is 32 ASCII hex characters, so the two readings public clients make of it
 * (raw bytes R[0..16), or the string's first 16 characters) give the same AES key.
 */
export function sadpExchange(codeB64: string): { r: string; reply: string } | null {
  try {
    const key = createPublicKey({
      key: Buffer.from(codeB64, 'base64'),
      format: 'der',
      type: 'pkcs1',
    });
    if (!rsaBitsOk(key)) return null;
    const r = randomHex(32);
    return { r, reply: rsaEncrypt(key, Buffer.from(r, 'latin1')).toString('base64') };
  } catch {
    return null;
  }
}

/** SADP activate password (§5 step 4): base64(AES-ECB_K(K ‖ pwd, zero fill)), K = R[0..16). */
export function decodeSadpPassword(passwordB64: string, r: string): string | null {
  const key = Buffer.from(r.slice(0, 16), 'latin1');
  return unwrapPassword(aesEcb(true, key, Buffer.from(passwordB64, 'base64')), key);
}

/** SADP update, legacy encoding (§6.1.1): base64(raw MD5(password)). */
export function legacySadpPassword(password: string): string {
  return createHash('md5').update(password, 'utf8').digest('base64');
}

/** SADP update, salted encoding (§6.1.2), bound to the request's Uuid. */
export function saltedSadpPassword(
  user: string,
  password: string,
  salt: string,
  uuid: string,
): string {
  const h = createHash('sha256').update(`${user}${salt}${password}`, 'utf8').digest('hex');
  const k = createHash('md5').update(h, 'latin1').digest();
  const plain = Buffer.alloc(64);
  Buffer.from(`${k.toString('latin1')};${uuid}`, 'latin1').copy(plain, 0, 0, 64);
  return aesEcb(false, k, plain)!.toString('base64');
}

/**
 * ISAPI `?security=1` field decryption (§13): the key is derived from the admin password, so the
 * device, which knows it, can read the field. Returns null when it does not decrypt.
 */
export function security1Decrypt(
  hexCipher: string,
  ivHex: string,
  user: string,
  password: string,
  salt: string,
): string | null {
  if (!/^[0-9a-f]{32}$/i.test(ivHex) || !/^([0-9a-f]{32})+$/i.test(hexCipher)) return null;
  try {
    const d = createDecipheriv(
      'aes-128-cbc',
      security1Key(user, password, salt),
      Buffer.from(ivHex, 'hex'),
    );
    const b64 = Buffer.concat([d.update(Buffer.from(hexCipher, 'hex')), d.final()]).toString(
      'latin1',
    );
    return Buffer.from(b64, 'base64').toString('utf8');
  } catch {
    return null;
  }
}

/** aesKey of §13 for an irreversible device: SHA256 chain of 100 rounds, first 16 bytes. */
export function security1Key(user: string, password: string, salt: string): Buffer {
  const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
  let k = sha(sha(`${user}${salt}${password}`) + 'AaBbCcDd1234!@#$');
  for (let i = 1; i < 100; i++) k = sha(k);
  return Buffer.from(k.slice(0, 32), 'hex');
}
