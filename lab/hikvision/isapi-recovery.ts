/**
 * ISAPI recovery set-up and recovery (hikvision.md §16-§19): security questions, the reserved
 * e-mail, the QR + e-mailed code path and the GUID export. Settings that change recovery carry the
 * admin password in the body; `?security=1&iv=` fields are decrypted with the §13 key.
 */
import {
  ASSUMED_QUESTIONS,
  assumedEmailCertificationRefusal,
  assumedEmailCertificationRequest,
  assumedGuidFile,
  assumedNewGuid,
  assumedQrCodeResponse,
  assumedQrWithoutEmailRefusal,
} from './assumptions';
import { security1Decrypt } from './crypto';
import type { HikDeviceState } from './device-state';
import { illegalLoginLock } from './isapi-documents';
import { lockFields, responseStatus, wantsJson } from './isapi-responses';
import type { IsapiReply, IsapiRequest } from './isapi-responses';
import { answerOk, emailOk, EMAIL_MAX, passwordProblem, verificationCodeShapeOk } from './policy';
import { ADMIN_USER } from './types';
import { list, parseXml, text } from './xml';

/** A secret body field: decrypted when the request uses `security=1`, else taken as sent. */
export function secret(
  s: HikDeviceState,
  req: IsapiRequest,
  value: string | undefined,
): string | undefined {
  if (value === undefined || req.query.get('security') !== '1') return value;
  const iv = req.query.get('iv') ?? '';
  return security1Decrypt(value, iv, ADMIN_USER, s.password ?? '', s.salt) ?? undefined;
}

/** Checks the body's admin password; a wrong one counts towards the illegal-login lock. */
export function passwordRefusal(
  s: HikDeviceState,
  req: IsapiRequest,
  given: string | undefined,
): IsapiReply | null {
  if (given === undefined)
    return responseStatus(s, 400, req.path, 4, 'badParameters', {}, wantsJson(req));
  if (given === s.password) return null;
  return responseStatus(
    s,
    403,
    req.path,
    4,
    'badAuthorization',
    lockFields(s.httpFail()),
    wantsJson(req),
  );
}

function readJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** `PUT /ISAPI/Security/questionConfiguration`, body of WEBCOMMON `setSecurityQA` (§17). */
export function putQuestions(s: HikDeviceState, req: IsapiRequest): IsapiReply {
  const d = parseXml(req.body);
  if (d?.root !== 'SecurityQuestion') return responseStatus(s, 400, req.path, 6, 'badXmlContent');
  const refused = passwordRefusal(s, req, secret(s, req, text(d.node, 'password')));
  if (refused) return refused;
  const qs = list(d.node, 'QuestionList', 'Question').map((q) => ({
    id: Number(text(q, 'id')),
    answer: secret(s, req, text(q, 'answer')) ?? '',
  }));
  const ok =
    qs.length === 3 &&
    new Set(qs.map((q) => q.id)).size === 3 &&
    qs.every((q) => Number.isInteger(q.id) && q.id >= 1 && q.id <= 15 && answerOk(q.answer));
  if (!ok) return responseStatus(s, 400, req.path, 4, 'badParameters');
  s.questions = qs.map((q) => ({ ...q, question: ASSUMED_QUESTIONS[q.id - 1]! }));
  return responseStatus(s, 200, req.path, 1, 'ok');
}

/** `PUT /ISAPI/Security/illegalLoginLock` (§16): clients may disable it or change its limits. */
export function putIllegalLoginLock(s: HikDeviceState, req: IsapiRequest): IsapiReply {
  const d = parseXml(req.body);
  if (d?.root !== 'IllegalLoginLock') return responseStatus(s, 400, req.path, 6, 'badXmlContent');
  const enabled = text(d.node, 'enabled');
  const times = Number(
    text(d.node, 'maxIllegalLoginTimes') ?? s.illegalLoginLock.maxIllegalLoginTimes,
  );
  const secs = Number(
    text(d.node, 'maxIllegalLoginLockTime') ?? s.illegalLoginLock.maxIllegalLoginLockTime,
  );
  if (!Number.isInteger(times) || times < 1 || times > 20 || !Number.isInteger(secs) || secs < 1)
    return responseStatus(s, 400, req.path, 4, 'badParameters');
  s.illegalLoginLock = {
    enabled: enabled === undefined ? s.illegalLoginLock.enabled : enabled === 'true',
    maxIllegalLoginTimes: times,
    maxIllegalLoginLockTime: secs,
  };
  return illegalLoginLock(s);
}

function jsonReply(value: unknown): IsapiReply {
  return { status: 200, body: JSON.stringify(value), contentType: 'application/json' };
}

/** `GET /ISAPI/Security/email/parameter/capabilities` ([I] JSON_SecurityEmailCap shape). */
export function emailCap(): IsapiReply {
  return jsonReply({ SecurityEmailCap: { emailAddress: { '@min': 1, '@max': EMAIL_MAX } } });
}

/** `GET /ISAPI/Security/email/parameter` (§18): the reserved address, never the password. */
export function getEmail(s: HikDeviceState): IsapiReply {
  const info = s.email === null ? [] : [{ emailAddress: s.email }];
  return jsonReply({ SecurityEmail: { SecurityInformation: info } });
}

/** `PUT /ISAPI/Security/email/parameter` with `{"SecurityEmail":{"password","SecurityInformation":[…]}}`. */
export function putEmail(s: HikDeviceState, req: IsapiRequest): IsapiReply {
  const body = readJson(req.body) as
    { SecurityEmail?: { password?: unknown; SecurityInformation?: unknown } } | undefined;
  const se = body?.SecurityEmail;
  const info = Array.isArray(se?.SecurityInformation)
    ? (se.SecurityInformation[0] as { emailAddress?: unknown })
    : undefined;
  const email = info?.emailAddress;
  if (typeof email !== 'string')
    return responseStatus(s, 400, req.path, 6, 'badJsonContent', {}, true);
  const refused = passwordRefusal(
    s,
    req,
    secret(s, req, typeof se?.password === 'string' ? se.password : undefined),
  );
  if (refused) return refused;
  if (!emailOk(email)) return responseStatus(s, 400, req.path, 4, 'badParameters', {}, true);
  s.setEmail(email);
  return responseStatus(s, 200, req.path, 1, 'ok', {}, true);
}

/**
 * `GET /ISAPI/Security/email/qrCode` (§18): a fresh QR; its code goes to the vendor desk. Without a
 * reserved e-mail there is nowhere to send the code, so the device refuses (manuals: the e-mail
 * must be reserved first).
 */
export function getQrCode(s: HikDeviceState, req: IsapiRequest): IsapiReply {
  if (s.email === null) {
    const no = assumedQrWithoutEmailRefusal();
    return responseStatus(s, no.http, req.path, no.statusCode, no.sub, {}, wantsJson(req));
  }
  const r = s.issueEmailReset();
  return {
    status: 200,
    body: assumedQrCodeResponse(r.payload, r.expiresAt),
    contentType: 'application/json',
  };
}

/** `PUT /ISAPI/Security/emailCertification` (§18): the e-mailed code and the new password. */
export function putEmailCertification(s: HikDeviceState, req: IsapiRequest): IsapiReply {
  const asked = assumedEmailCertificationRequest(readJson(req.body));
  const fail = (http: number, sub: string, extra: Record<string, number> = {}) =>
    responseStatus(s, http, req.path, 4, sub, extra, true);
  if (!asked) return responseStatus(s, 400, req.path, 6, 'badJsonContent', {}, true);
  if (!s.emailReset) return fail(403, 'invalidOperation');
  // A malformed code or a weak password cannot be right, so neither costs an attempt.
  if (!verificationCodeShapeOk(asked.code)) return fail(400, 'badParameters');
  if (passwordProblem(asked.password, ADMIN_USER) !== null) return fail(400, 'riskPassword');
  const verdict = s.redeem('email', asked.code);
  if (verdict === 'none') return fail(403, 'invalidOperation');
  if (verdict === 'wrong') {
    const refusal = assumedEmailCertificationRefusal(s.emailReset?.attemptsLeft ?? 0);
    return fail(400, refusal.sub, refusal.extra);
  }
  s.setPassword(asked.password);
  s.dropReset('email');
  return responseStatus(s, 200, req.path, 1, 'ok', {}, true);
}

/** `/ISAPI/Security/GUIDFileData` (§19): the admin password in, the GUID file out. */
export function exportGuid(s: HikDeviceState, req: IsapiRequest): IsapiReply {
  const d = parseXml(req.body);
  if (d?.root !== 'LoginPassword') return responseStatus(s, 400, req.path, 6, 'badXmlContent');
  const refused = passwordRefusal(s, req, secret(s, req, text(d.node, 'password')));
  if (refused) return refused;
  s.guid = assumedNewGuid();
  s.guidExported = true;
  return {
    status: 200,
    body: assumedGuidFile(s.guid, s.device.serial),
    contentType: 'application/octet-stream',
    headers: { 'Content-Disposition': 'attachment; filename="GUID.xml"' },
  };
}
