/**
 * The encrypted `{salt, cipher, content}` envelope (dahua.md §9), device side. `salt` is the
 * client's symmetric key, RSA PKCS#1 v1.5 encrypted to the device's public key, in hex; `content`
 * is Base64 of the zero-padded JSON encrypted with that key. Two confirmed variants:
 * `AES-128` (S13 sent `AES-128-ECB`): 16 ASCII digits, ECB; `RPAC-256`: 32 ASCII digits, CBC with
 * the IV "0000000000000000". Padding is zero bytes in both, so trailing NULs are stripped.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { DeviceRsaKey } from './rsa';

export interface Envelope {
  salt: string;
  cipher: string;
  content: string;
}

/** The symmetric side of one envelope: the key the client chose and the variant it named. */
export interface EnvelopeKey {
  variant: 'AES-128' | 'RPAC-256';
  key: Buffer;
}

const IV = Buffer.from('0'.repeat(16), 'ascii');
/** Encrypted bodies are small JSON objects; anything far larger is refused before decrypting. */
const MAX_CONTENT_CHARS = 16 * 1024;

/** True when `params` has the three envelope fields as strings. */
export function isEnvelope(params: unknown): params is Envelope {
  if (typeof params !== 'object' || params === null) return false;
  const p = params as Record<string, unknown>;
  return (
    typeof p.salt === 'string' && typeof p.cipher === 'string' && typeof p.content === 'string'
  );
}

function variantOf(cipher: string): EnvelopeKey['variant'] | null {
  if (cipher === 'AES-128' || cipher === 'AES-128-ECB') return 'AES-128';
  if (cipher === 'RPAC-256') return 'RPAC-256';
  return null;
}

function algorithm(k: EnvelopeKey): { name: string; iv: Buffer | null } {
  return k.variant === 'AES-128'
    ? { name: 'aes-128-ecb', iv: null }
    : { name: 'aes-256-cbc', iv: IV };
}

function zeroPad(data: Buffer): Buffer {
  const rest = data.length % 16;
  return rest === 0 && data.length > 0 ? data : Buffer.concat([data, Buffer.alloc(16 - rest)]);
}

/** Recovers the key from `salt`; null when it is not a valid key for the named variant. */
export function openKey(env: Envelope, rsa: DeviceRsaKey): EnvelopeKey | null {
  const variant = variantOf(env.cipher);
  if (!variant || !/^[0-9a-fA-F]+$/.test(env.salt)) return null;
  const key = rsa.decryptPkcs1(Buffer.from(env.salt, 'hex'));
  const length = variant === 'AES-128' ? 16 : 32;
  if (!key || key.length !== length) return null;
  return { variant, key: Buffer.from(key) };
}

/** Decrypts and parses `content`; null on any failure (wrong key, bad padding, not JSON). */
export function openEnvelope(
  env: Envelope,
  rsa: DeviceRsaKey,
): { key: EnvelopeKey; payload: Record<string, unknown> } | null {
  if (env.content.length > MAX_CONTENT_CHARS) return null;
  const key = openKey(env, rsa);
  if (!key) return null;
  const data = Buffer.from(env.content, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) return null;
  try {
    const { name, iv } = algorithm(key);
    const d = createDecipheriv(name, key.key, iv).setAutoPadding(false);
    const plain = Buffer.concat([d.update(data), d.final()]);
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    const payload: unknown = JSON.parse(plain.subarray(0, end).toString('utf8'));
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
    return { key, payload: payload as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** Encrypts a reply payload with the client's key, as `params.content` carries it. */
export function sealContent(key: EnvelopeKey, payload: unknown): string {
  const { name, iv } = algorithm(key);
  const c = createCipheriv(name, key.key, iv).setAutoPadding(false);
  const data = zeroPad(Buffer.from(JSON.stringify(payload), 'utf8'));
  return Buffer.concat([c.update(data), c.final()]).toString('base64');
}
