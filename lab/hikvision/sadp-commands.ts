/**
 * SADP command verbs (hikvision.md §4-§7) against one device's state. Each returns the reply
 * document, or null to stay silent. Every verb that takes a password counts failures towards the
 * SADP lock, and `update` without a password is refused (CVE-2023-28810, §6.2).
 */
import {
  ASSUMED_EXCHANGE_TTL_MS,
  ASSUMED_QUESTIONS,
  assumedNewGuid,
  assumedSadpGuidReply,
  assumedSadpMailResetCode,
  assumedSadpPlainField,
  assumedSadpQrReply,
  assumedSadpQuestionListReply,
  assumedSadpResetPasswordEncoding,
} from './assumptions';
import { decodeSadpPassword, legacySadpPassword, saltedSadpPassword, sadpExchange } from './crypto';
import type { HikDeviceState } from './device-state';
import { answerOk, emailOk, passwordProblem } from './policy';
import { buildCommandReply, type SadpProbe, type SadpResult } from './sadp-messages';
import { ADMIN_USER } from './types';

type Reply = (result: SadpResult, payload?: string, withDevice?: boolean) => string;

function exchangeKey(s: HikDeviceState): string | null {
  return s.exchange && s.now() < s.exchange.expiresAt ? s.exchange.r : null;
}

/** Decodes a new password sent with a reset verb; null when it does not decode or is too weak. */
function newPassword(s: HikDeviceState, p: SadpProbe): string | null {
  const pwd = assumedSadpResetPasswordEncoding(p.fields.Password ?? '', exchangeKey(s));
  return pwd !== null && passwordProblem(pwd, ADMIN_USER) === null ? pwd : null;
}

/** The current admin password, as a verb that changes settings must carry it. */
function currentPasswordOk(s: HikDeviceState, p: SadpProbe): boolean {
  const pwd = assumedSadpResetPasswordEncoding(p.fields.Password ?? '', exchangeKey(s));
  if (pwd !== null && pwd === s.password) {
    s.sadpLock.succeed();
    return true;
  }
  s.sadpFail();
  return false;
}

function finishReset(s: HikDeviceState, p: SadpProbe, pwd: string): void {
  s.setPassword(pwd);
  s.exchange = null;
  if (p.fields.SyncIPCPassword === 'true' && s.device.nvr) s.camerasSynced++;
}

function update(s: HikDeviceState, p: SadpProbe, reply: Reply): string {
  const given = p.fields.Password;
  // CVE-2023-28810: no Password element, no change, whatever else the probe says.
  if (!given || !s.activated || s.password === null) return reply('denied');
  const expected = p.salted
    ? saltedSadpPassword(ADMIN_USER, s.password, s.salt.toLowerCase(), p.uuid)
    : legacySadpPassword(s.password);
  if (given !== expected) {
    s.sadpFail();
    return reply('failed');
  }
  s.sadpLock.succeed();
  const f = p.fields;
  // The lab cannot move a device off the address it is bound to.
  if (f.IPv4Address && f.IPv4Address !== s.device.ip) return reply('failed', '', true);
  if (f.IPv4SubnetMask) s.net.mask = f.IPv4SubnetMask;
  if (f.IPv4Gateway) s.net.gateway = f.IPv4Gateway;
  if (f.DHCP) s.net.dhcp = f.DHCP === 'true';
  if (f.IPv6Address) s.net.ipv6 = f.IPv6Address;
  if (f.IPv6Gateway) s.net.ipv6Gateway = f.IPv6Gateway;
  return reply('success', '', true);
}

function setQuestions(s: HikDeviceState, p: SadpProbe, reply: Reply): string {
  const ids = new Set(p.questions.map((q) => q.id));
  const valid =
    p.questions.length === 3 &&
    ids.size === 3 &&
    p.questions.every(
      (q) => Number.isInteger(q.id) && q.id >= 1 && q.id <= 15 && answerOk(q.answer),
    );
  if (!valid) return reply('failed');
  if (!currentPasswordOk(s, p)) return reply('failed');
  s.questions = p.questions.map((q) => ({
    id: q.id,
    question: ASSUMED_QUESTIONS[q.id - 1]!,
    answer: assumedSadpPlainField(q.answer)!,
  }));
  return reply('success');
}

function answerReset(s: HikDeviceState, p: SadpProbe, reply: Reply): string {
  if (s.questions.length === 0) return reply('failed');
  const right = s.questions.every(
    (q) => assumedSadpPlainField(p.questions.find((a) => a.id === q.id)?.answer) === q.answer,
  );
  if (!right) {
    s.sadpFail();
    return reply('failed');
  }
  const pwd = newPassword(s, p);
  if (pwd === null) return reply('failed');
  finishReset(s, p, pwd);
  return reply('success');
}

function codeReset(
  s: HikDeviceState,
  p: SadpProbe,
  reply: Reply,
  kind: 'email' | 'support',
): string {
  const code = kind === 'email' ? assumedSadpMailResetCode(p.fields) : p.fields.Code;
  const pwd = newPassword(s, p);
  // A weak or undecodable password must not burn the code.
  if (!code || pwd === null) return reply('failed');
  const verdict = s.redeem(kind, code);
  if (verdict === 'wrong') s.sadpFail();
  if (verdict !== 'ok') return reply('failed');
  finishReset(s, p, pwd);
  s.dropReset(kind);
  return reply('success');
}

/** Verbs that carry no secret, so a locked device still answers them. */
const READ_ONLY = new Set(['getcode', 'GetQRcodes', 'getsecurityquestion']);

/** Runs one command verb addressed to this device. */
export function handleSadpCommand(s: HikDeviceState, p: SadpProbe): string | null {
  const reply: Reply = (result, payload = '', withDevice = false) =>
    buildCommandReply(s, p.uuid, p.types, result, payload, withDevice);
  if (p.types === 'exchangecode') {
    const ex = sadpExchange(p.fields.Code ?? '');
    if (!ex) return reply('failed');
    s.exchange = { r: ex.r, expiresAt: s.now() + ASSUMED_EXCHANGE_TTL_MS };
    return reply('success', `<Code>${ex.reply}</Code>`);
  }
  if (p.types === 'activate') {
    const key = exchangeKey(s);
    const pwd = key === null ? null : decodeSadpPassword(p.fields.Password ?? '', key);
    // Real firmware answers with a trailing space in Types (§4.1); clients must trim.
    const out = (r: SadpResult) => buildCommandReply(s, p.uuid, 'activate ', r);
    if (s.activated || pwd === null || passwordProblem(pwd, ADMIN_USER) !== null)
      return out('failed');
    s.setPassword(pwd);
    s.exchange = null;
    return out('success');
  }
  if (!s.activated) return reply('failed');
  if (!READ_ONLY.has(p.types) && s.sadpLockView().locked) return reply('denied');
  switch (p.types) {
    case 'update':
      return update(s, p, reply);
    case 'getcode':
      return reply('success', `<Code>${s.issueSupportReset().payload}</Code>`);
    case 'reset':
      return codeReset(s, p, reply, 'support');
    case 'GetQRcodes':
      // No reserved e-mail: nowhere to send the code, so no QR (as over ISAPI).
      if (s.email === null) return reply('failed');
      return reply('success', assumedSadpQrReply(s.issueEmailReset().payload));
    case 'MailReset':
      return codeReset(s, p, reply, 'email');
    case 'SetMailBox': {
      const mail = p.fields.MailBox ?? '';
      if (!emailOk(mail) || !currentPasswordOk(s, p)) return reply('failed');
      s.setEmail(mail);
      return reply('success');
    }
    case 'ExportGUID': {
      if (!currentPasswordOk(s, p)) return reply('failed');
      s.guid = assumedNewGuid();
      s.guidExported = true;
      return reply('success', assumedSadpGuidReply(s.guid));
    }
    case 'GUIDReset': {
      const guid = assumedSadpPlainField(p.fields.GUID);
      if (!s.guid || guid !== s.guid) {
        s.sadpFail();
        return reply('failed');
      }
      const pwd = newPassword(s, p);
      if (pwd === null) return reply('failed');
      finishReset(s, p, pwd);
      return reply('success');
    }
    case 'getsecurityquestion':
      return reply('success', assumedSadpQuestionListReply(s.questions.map((q) => q.id)));
    case 'setsecurityquestion':
      return setQuestions(s, p, reply);
    case 'AnswerReset':
      return answerReset(s, p, reply);
    default:
      return null;
  }
}
