/**
 * The admin password rule Dahua Web 3.0 firmware enforces (dahua.md §10, manual S20): 8 to 32
 * characters, at least two of digits / lower / upper / specials, none of ' " ; : &.
 */

const FORBIDDEN = /['";:&]/;
const CLASSES = [/[0-9]/, /[a-z]/, /[A-Z]/, /[^0-9a-zA-Z]/];

/** True when the firmware would accept `password` as a new admin password. */
export function isAcceptablePassword(password: unknown): password is string {
  if (typeof password !== 'string') return false;
  if (password.length < 8 || password.length > 32) return false;
  if (FORBIDDEN.test(password)) return false;
  return CLASSES.filter((c) => c.test(password)).length >= 2;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

/** Loose shape check for a reserved e-mail (the firmware's own rule is not public). */
export function isPlausibleEmail(email: string): boolean {
  return EMAIL.test(email);
}
