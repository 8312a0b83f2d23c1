/** The contract's e-mail rule, checked as the person types (the engine checks it again). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True for an address the contract accepts; the empty string is "no e-mail", not an error. */
export function emailOk(text: string): boolean {
  const value = text.trim();
  return value === '' || (value.length >= 3 && value.length <= 254 && EMAIL.test(value));
}
