/**
 * Input rules the device enforces (hikvision.md §15, §17, §18, §24.3). A password the device would
 * call risky is refused with `riskPassword`, as real firmware does, so a client's own checks are
 * tested against the same rules.
 */

/** The web UI's charset and class rule (§15): not one class only; no `"`, `:` or non-ASCII. */
const PASSWORD_RE =
  /^(?![0-9]+$)(?![a-z]+$)(?![A-Z]+$)[0-9A-Za-z!#$%&'()*+,\-./;<=>?@\\[\]^_`{|}~\s*]{1,}$/;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 16;
export const ANSWER_MAX = 128;
export const EMAIL_MAX = 32;

/** Why a password is refused, or null when the device accepts it. */
export function passwordProblem(password: string, userName: string): string | null {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) return 'length 8..16';
  if (!PASSWORD_RE.test(password)) return 'needs two character classes, no " or :';
  // pwdIncludeUser: only names of 3+ characters are checked.
  const lower = password.toLowerCase();
  if (userName.length >= 3 && lower.includes(userName.toLowerCase()))
    return 'contains the user name';
  const reversed = [...userName.toLowerCase()].reverse().join('');
  if (userName.length >= 3 && lower.includes(reversed)) return 'contains the user name reversed';
  return null;
}

/** A security answer the device stores: 1..128 characters (SecurityAnswerLenLimit). */
export function answerOk(answer: string): boolean {
  return answer.length >= 1 && answer.length <= ANSWER_MAX;
}

/** The reserved e-mail: 1..32 characters (web default of JSON_SecurityEmailCap) and one `@`. */
export function emailOk(email: string): boolean {
  return email.length >= 1 && email.length <= EMAIL_MAX && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email);
}

/** A verification code the device accepts as input: 6..12 alphanumerics (§20, §24.3). */
export function verificationCodeShapeOk(code: string): boolean {
  return /^[A-Za-z0-9]{6,12}$/.test(code);
}
