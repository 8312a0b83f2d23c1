/**
 * Logged-in configuration: 1042 get / 1040 set of `General.PwdSafety` and `NetWork.NetCommon`
 * (xiongmai.md §8, §6.1) and 1360 abilities. Answers are stored as MD5_8 exactly as the client
 * sends them, so a client that forgets to hash cannot later pass CheckSafetyAnswer.
 */
import { assumedPwdSafetyAnswerReadback } from './assumptions';
import { EMAIL_MAX, EMAIL_PATTERN, PWD_RESET_SLOTS, RET } from './constants';
import { netCommon } from './net-common';
import { nameOf, objectAt, reply, type ReplyBody } from './session';
import type { XmDeviceState } from './state';
import type { PwdResetSlot } from './account';

const PWD_SAFETY = 'General.PwdSafety';
const NET_COMMON = 'NetWork.NetCommon';

/** 1042: the named config, or 607 for one the lab does not model. */
export function handleConfigGet(
  s: XmDeviceState,
  body: Record<string, unknown>,
  session: number,
): ReplyBody {
  const name = nameOf(body);
  if (name === NET_COMMON) return reply(name, RET.ok, session, { [name]: netCommon(s) });
  if (name === PWD_SAFETY) return reply(name, RET.ok, session, { [name]: pwdSafety(s) });
  return reply(name, RET.configMissing, session);
}

/** 1040: writes General.PwdSafety, or NetCommon's HostName. */
export function handleConfigSet(
  s: XmDeviceState,
  body: Record<string, unknown>,
  session: number,
): ReplyBody {
  const name = nameOf(body);
  const value = objectAt(body, name);
  if (name === PWD_SAFETY) return reply(name, setPwdSafety(s, value), session);
  if (name === NET_COMMON) return reply(name, setNetCommon(s, value), session);
  return reply(name, RET.configMissing, session);
}

/** 1360: QuestionDelivery (the question list PwdReset indexes into) and SystemFunction. */
export function handleAbilityGet(
  s: XmDeviceState,
  body: Record<string, unknown>,
  session: number,
): ReplyBody {
  const name = nameOf(body);
  if (name === 'QuestionDelivery') {
    return reply(name, RET.ok, session, { [name]: [...s.account.questionList] });
  }
  if (name === 'SystemFunction') {
    const other = { SupportPWDSafety: true, SupportAdminContactInfo: true };
    return reply(name, RET.ok, session, { [name]: { OtherFunction: other } });
  }
  return reply(name, RET.configMissing, session);
}

function pwdSafety(s: XmDeviceState): Record<string, unknown> {
  const a = s.account;
  return {
    PwdReset: a.slots.map((slot) => ({
      QuestionAnswer: slot.index > 0 ? assumedPwdSafetyAnswerReadback() : '',
      QuestionIndex: slot.index,
    })),
    SecurityEmail: a.email,
    SecurityPhone: a.phone,
    TipPageHide: a.tipPageHide,
    VerifyCodeRestorePwdType: a.restoreType,
  };
}

function setPwdSafety(s: XmDeviceState, v: Record<string, unknown>): number {
  const a = s.account;
  const email = v.SecurityEmail ?? a.email;
  if (typeof email !== 'string') return RET.configParseError;
  if (email !== '' && (email.length > EMAIL_MAX || !EMAIL_PATTERN.test(email))) {
    return RET.illegalInput;
  }
  let slots = a.slots;
  if (v.PwdReset !== undefined) {
    const parsed = parseSlots(v.PwdReset, a.slots, a.questionList.length);
    if (parsed === null) return RET.illegalInput;
    slots = parsed;
  }
  a.slots = slots;
  a.email = email;
  if (typeof v.SecurityPhone === 'string') a.phone = v.SecurityPhone;
  if (typeof v.TipPageHide === 'boolean') a.tipPageHide = v.TipPageHide;
  if (v.VerifyCodeRestorePwdType === 0 || v.VerifyCodeRestorePwdType === 1) {
    a.restoreType = v.VerifyCodeRestorePwdType;
  }
  return RET.ok;
}

/**
 * Four slots of `{QuestionAnswer: MD5_8(answer), QuestionIndex}`. An empty answer keeps the one
 * stored for the same question, since reads hand answers back empty; null when invalid.
 */
function parseSlots(raw: unknown, old: PwdResetSlot[], questions: number): PwdResetSlot[] | null {
  if (!Array.isArray(raw) || raw.length > PWD_RESET_SLOTS) return null;
  const out: PwdResetSlot[] = [];
  for (let i = 0; i < PWD_RESET_SLOTS; i++) {
    const r: unknown = raw[i] ?? { QuestionAnswer: '', QuestionIndex: 0 };
    if (r === null || typeof r !== 'object') return null;
    const { QuestionAnswer: answer, QuestionIndex: index } = r as Record<string, unknown>;
    if (typeof answer !== 'string' || typeof index !== 'number') return null;
    if (!Number.isInteger(index) || index < 0 || index >= questions) return null;
    if (index === 0) {
      out.push({ index: 0, answerHash: '' });
    } else if (answer !== '') {
      out.push({ index, answerHash: answer });
    } else if (old[i]?.index === index) {
      out.push({ ...old[i]! });
    } else {
      return null;
    }
  }
  return out;
}

/**
 * Only HostName changes here. The lab moves a device's address through IP set (1532), which
 * rebinds its sockets; a NetCommon write that changes the address is refused as unsupported.
 */
function setNetCommon(s: XmDeviceState, v: Record<string, unknown>): number {
  const now = netCommon(s);
  for (const key of ['HostIP', 'Submask', 'GateWay'] as const) {
    if (v[key] !== undefined && v[key] !== now[key]) return RET.unsupported;
  }
  if (v.HostName !== undefined) {
    if (typeof v.HostName !== 'string' || v.HostName.length === 0 || v.HostName.length > 63) {
      return RET.illegalInput;
    }
    s.hostName = v.HostName;
  }
  return RET.ok;
}
