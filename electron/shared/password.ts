/**
 * Checks a new device password against the device's own policy, the same way in the renderer
 * (live meter) and in the engine (before anything is sent). Hikvision's published rules are the
 * default: 8-16 characters, at least two classes, no `"` or `:`, not containing the user name.
 */
import type { PasswordPolicy } from './flows';

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 8,
  maxLength: 16,
  minClasses: 2,
  forbiddenChars: '":',
  notContainingUser: true,
};

export type PasswordProblem =
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'TOO_FEW_CLASSES'
  | 'FORBIDDEN_CHAR'
  | 'CONTAINS_USER'
  | 'NOT_PRINTABLE';

export interface PasswordCheck {
  ok: boolean;
  problems: PasswordProblem[];
  /** 0 (unusable) to 4 (strong), for the meter. */
  strength: 0 | 1 | 2 | 3 | 4;
  classes: number;
}

export function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
}

export function checkPassword(
  password: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
  username = 'admin',
): PasswordCheck {
  const problems: PasswordProblem[] = [];
  const classes = characterClasses(password);
  if (password.length < policy.minLength) problems.push('TOO_SHORT');
  if (password.length > policy.maxLength) problems.push('TOO_LONG');
  if (classes < policy.minClasses) problems.push('TOO_FEW_CLASSES');
  if ([...policy.forbiddenChars].some((c) => password.includes(c))) problems.push('FORBIDDEN_CHAR');
  // Devices take printable ASCII only; anything else is refused or mangled by some firmware.
  if (!/^[\x20-\x7e]*$/.test(password)) problems.push('NOT_PRINTABLE');
  const user = username.toLowerCase();
  const lower = password.toLowerCase();
  if (
    policy.notContainingUser &&
    user.length > 0 &&
    (lower.includes(user) || lower.includes([...user].reverse().join('')))
  ) {
    problems.push('CONTAINS_USER');
  }
  let strength: PasswordCheck['strength'] = 0;
  if (problems.length === 0) {
    const score = classes + (password.length >= 12 ? 1 : 0) + (password.length >= 16 ? 1 : 0);
    strength = score >= 5 ? 4 : score >= 4 ? 3 : score >= 3 ? 2 : 1;
  }
  return { ok: problems.length === 0, problems, strength, classes };
}
