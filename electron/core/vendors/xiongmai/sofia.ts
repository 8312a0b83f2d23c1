/**
 * The "Sofia" password hash XM devices expect in `PassWord` (xiongmai.md §5; the web UI calls it
 * MD5_8): MD5 of the UTF-8 password, each pair of bytes summed mod 62 into `0-9A-Za-z`. It is a
 * password equivalent on the wire and in answers to security questions, so treat the result as a
 * secret: never log it.
 */
import { createHash } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The 8-character Sofia hash of `password` (`''` gives `tlJwpbo6`, the factory default). */
export function sofiaHash(password: string): string {
  const md5 = createHash('md5').update(password, 'utf8').digest();
  let out = '';
  for (let i = 0; i < 8; i += 1) out += ALPHABET[(md5[2 * i]! + md5[2 * i + 1]!) % 62];
  return out;
}
