/**
 * What the live password meter shows: the shared policy check (the same one the engine runs before
 * anything is sent), turned into a level, the rules with pass/fail, and whether the confirmation
 * matches. Pure, so the mapping is tested without a DOM.
 */
import {
  DEFAULT_PASSWORD_POLICY,
  checkPassword,
  type PasswordPolicy,
  type PasswordProblem,
} from '../contract';

export type MeterLevel = 'empty' | 'unusable' | 'weak' | 'fair' | 'good' | 'strong';

/** One rule of the device's policy, as the person reads it, and whether the password keeps it. */
export interface MeterRule {
  problem: PasswordProblem;
  /** Message key under `password.rule`. */
  key: string;
  params: Record<string, string | number>;
  ok: boolean;
}

export interface MeterModel {
  level: MeterLevel;
  /** 0 to 4, as checkPassword rates it (0 whenever a rule fails). */
  strength: 0 | 1 | 2 | 3 | 4;
  rules: MeterRule[];
  /** The rules that fail now (empty while nothing is typed). */
  failing: PasswordProblem[];
  /** null while the confirmation is empty. */
  matches: boolean | null;
  /** The password may be sent: every rule kept and the confirmation matches. */
  ready: boolean;
}

const LEVELS: Record<1 | 2 | 3 | 4, MeterLevel> = { 1: 'weak', 2: 'fair', 3: 'good', 4: 'strong' };

/** The rules a policy sets, in the order a person reads them. */
export function policyRules(policy: PasswordPolicy, username: string): Omit<MeterRule, 'ok'>[] {
  const rules: Omit<MeterRule, 'ok'>[] = [
    {
      problem: 'TOO_SHORT',
      key: 'length',
      params: { min: policy.minLength, max: policy.maxLength },
    },
    { problem: 'TOO_FEW_CLASSES', key: 'classes', params: { n: policy.minClasses } },
  ];
  if (policy.forbiddenChars) {
    rules.push({
      problem: 'FORBIDDEN_CHAR',
      key: 'forbidden',
      params: { chars: [...policy.forbiddenChars].join(' ') },
    });
  }
  rules.push({ problem: 'NOT_PRINTABLE', key: 'printable', params: {} });
  if (policy.notContainingUser && username) {
    rules.push({ problem: 'CONTAINS_USER', key: 'user', params: { user: username } });
  }
  return rules;
}

/** The meter for a password and its confirmation under a device policy. */
export function passwordMeter(
  password: string,
  confirm: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
  username = 'admin',
): MeterModel {
  const check = checkPassword(password, policy, username);
  const failing = password === '' ? [] : check.problems;
  // The length rule covers both ends: too short and too long are one line on screen.
  const fails = (p: PasswordProblem) =>
    p === 'TOO_SHORT'
      ? failing.includes('TOO_SHORT') || failing.includes('TOO_LONG')
      : failing.includes(p);
  const rules = policyRules(policy, username).map((r) => ({
    ...r,
    ok: password !== '' && !fails(r.problem),
  }));
  const level: MeterLevel =
    password === '' ? 'empty' : check.strength === 0 ? 'unusable' : LEVELS[check.strength];
  const matches = confirm === '' ? null : confirm === password;
  return {
    level,
    strength: password === '' ? 0 : check.strength,
    rules,
    failing,
    matches,
    ready: check.ok && matches === true,
  };
}

/**
 * One policy that satisfies every device of a batch: the longest minimum, the shortest maximum,
 * the most classes, every forbidden character. A batch shares one password, so it must pass all.
 */
export function combinePolicies(policies: readonly PasswordPolicy[]): PasswordPolicy {
  if (policies.length === 0) return DEFAULT_PASSWORD_POLICY;
  return policies.reduce((a, b) => ({
    minLength: Math.max(a.minLength, b.minLength),
    maxLength: Math.min(a.maxLength, b.maxLength),
    minClasses: Math.max(a.minClasses, b.minClasses),
    forbiddenChars: [...new Set([...a.forbiddenChars, ...b.forbiddenChars])].join(''),
    notContainingUser: a.notContainingUser || b.notContainingUser,
  }));
}
