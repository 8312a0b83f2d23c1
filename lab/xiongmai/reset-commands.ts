/**
 * Msg 1650 ("config JSON without login") password-reset commands and msg 1660 GetRandomUser,
 * as xiongmai.md §7.2 lists them. The QR path hands the random payload and code to the vendor
 * desk; the device only ever compares what the client types back.
 */
import {
  assumedNewPasswordAcceptable,
  assumedNoQuestionsRet,
  assumedResetNotAuthorisedRet,
  assumedVerifyQrAbility,
  assumedVerifyQrBitmap,
} from './assumptions';
import { RET } from './constants';
import { nameOf, objectAt, reply, type NetipConnection, type ReplyBody } from './session';
import { sofiaHash } from './sofia';
import type { XmDeviceState } from './state';

/** Placeholder the app-download QR carries in the lab (real devices point at the vendor store). */
const APP_QR_TEXT = 'https://lab.invalid/xmeye-app';

/** Answers one 1650 request; `session` is echoed (0 before login). */
export function handleNoLoginConfig(
  s: XmDeviceState,
  conn: NetipConnection,
  body: Record<string, unknown>,
  session: number,
): ReplyBody {
  const name = nameOf(body);
  const args = objectAt(body, name);
  const a = s.account;
  const ok = (extra: Record<string, unknown> = {}) => reply(name, RET.ok, session, extra);
  const fail = (ret: number) => reply(name, ret, session);
  switch (name) {
    case 'GetSafetyAbility':
      // §7.3: 1 = offered, 2 = not set up. SetResetUser 0: only admin can be reset (1660 -> 103).
      return ok({
        GetSafetyAbility: {
          Question: a.questionsSet() ? 1 : 2,
          SetResetUser: 0,
          VerifyQRCode: assumedVerifyQrAbility(a.email !== ''),
        },
      });
    case 'SetLanguage':
      if (typeof args.Language === 'string') s.language = args.Language;
      return ok();
    case 'GetSafetyQuestion':
      if (!a.questionsSet()) return fail(assumedNoQuestionsRet());
      return ok({ GetSafetyQuestion: { Question: a.questionTexts() } });
    case 'CheckSafetyAnswer':
      return grantIfOk(conn, fail(a.checkAnswers(args.Answer)));
    case 'GetVerifyQRCode':
      return ok({
        GetVerifyQRCode: {
          VerifyQRCode: { Text: a.issueVerifyCode(), ...assumedVerifyQrBitmap() },
        },
      });
    case 'GetAppQRCode':
    case 'GetIOSAppQRCode':
      return ok({ [name]: { AppQRCode: { Text: APP_QR_TEXT } } });
    case 'CheckVerifyCode':
      return grantIfOk(conn, fail(a.checkVerifyCode(args.VerifyCode)));
    case 'SetNewPassword':
      return fail(setNewPassword(s, conn, args));
    default:
      // Older firmware answers commands it lacks with 103 (sol-vin logs, §7.2).
      return fail(RET.illegalRequest);
  }
}

/** Msg 1660: this lab's devices can reset admin only, and answer like the Besder IPC did. */
export function handleGetRandomUser(): ReplyBody {
  return { Name: 'GetRandomUser', Ret: RET.illegalRequest };
}

function grantIfOk(conn: NetipConnection, r: ReplyBody): ReplyBody {
  if (r.Ret === RET.ok) conn.resetGranted = true;
  return r;
}

function setNewPassword(
  s: XmDeviceState,
  conn: NetipConnection,
  args: Record<string, unknown>,
): number {
  // The grant is checked first: without it the request says nothing about the password.
  if (!conn.resetGranted) return assumedResetNotAuthorisedRet();
  if (args.UserName !== 'admin') return RET.illegalUser;
  const pw = args.NewPassword;
  if (typeof pw !== 'string' || !assumedNewPasswordAcceptable(pw)) return RET.passwordInvalid;
  conn.resetGranted = false;
  s.account.setPasswordHash(sofiaHash(pw));
  return RET.ok;
}
