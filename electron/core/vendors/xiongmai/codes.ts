/**
 * XM `Ret` codes (xiongmai.md §4) and what a login reply means for the lockout guard. The guard
 * needs to know whether an attempt was spent and whether the account is locked; nothing here
 * retries.
 */

/** Return codes with their documented meaning (PDF §6.1 and the KostasEreksonas table). */
export const XM_RET_TEXT: Readonly<Record<number, string>> = {
  100: 'OK',
  101: 'unknown error',
  102: 'unsupported version',
  103: 'illegal request',
  104: 'user already logged in',
  105: 'user not logged in',
  106: 'wrong user name or password',
  107: 'no permission',
  108: 'timeout',
  117: 'message format error',
  150: 'success, reboot needed',
  202: 'user not logged in',
  203: 'wrong password',
  204: 'illegal user',
  205: 'user locked',
  206: 'user in blacklist',
  207: 'user already logged in',
  208: 'illegal input',
  214: 'password invalid',
  215: 'passwords do not match',
  216: 'reserved account',
  219: 'too many security-answer attempts; reboot the device',
  220: 'wrong security answer',
  221: 'too many verify-code attempts',
  222: 'wrong verify code',
  430: 'user not found',
  502: 'illegal command',
  515: 'upgrade OK',
  522: 'reboot needed',
  603: 'reboot system',
  605: 'unsupported',
  606: 'authentication failed',
  607: 'config missing',
  608: 'config parse error',
};

/** The documented meaning of `ret`, or `Ret <n>` for an unlisted code. */
export function xmRetText(ret: number): string {
  return XM_RET_TEXT[ret] ?? `Ret ${ret}`;
}

/** Why a login was refused. */
export type XmLoginRefusal =
  | 'wrongPassword'
  | 'wrongCredentials'
  | 'unknownUser'
  | 'locked'
  | 'blacklisted'
  | 'alreadyLoggedIn'
  | 'refused';

/** A refusal, classified for the lockout guard. */
export interface XmLoginRefusalInfo {
  reason: XmLoginRefusal;
  /**
   * The device judged the credentials and said no: count it as a spent attempt. 106/203/204/430
   * and 606; whether 204/430 count on the device's counter is not public, so they are counted
   * (the guard errs toward keeping tries in hand).
   */
  authFailure: boolean;
  /** The account cannot log in now (205 locked, 206 blacklisted), whatever the password. */
  locked: boolean;
}

/** Classifies a login `Ret` other than 100. */
export function classifyLoginRet(ret: number): XmLoginRefusalInfo {
  switch (ret) {
    case 203:
      return { reason: 'wrongPassword', authFailure: true, locked: false };
    case 106:
    case 606:
      return { reason: 'wrongCredentials', authFailure: true, locked: false };
    case 204:
    case 430:
      return { reason: 'unknownUser', authFailure: true, locked: false };
    case 205:
      return { reason: 'locked', authFailure: false, locked: true };
    case 206:
      return { reason: 'blacklisted', authFailure: false, locked: true };
    case 104:
    case 207:
      return { reason: 'alreadyLoggedIn', authFailure: false, locked: false };
    default:
      return { reason: 'refused', authFailure: false, locked: false };
  }
}
