/**
 * Recovery set-up and account changes while the password is known (hikvision.md §13, §14, §17,
 * §18, §19): the reserved e-mail, the three security questions, the GUID key file, a new
 * password. Secret fields go `security=1`-encrypted when the device offers it (§13).
 */
import type { Device } from '../../../shared/dto';
import { CustodianError } from '../../../shared/errors';
import { child, children, parseXml, text } from '../onvif/xml';
import type { Credentials } from '../driver';
import {
  assumedEmailPasswordEncrypted,
  assumedGuidExportMethod,
  assumedKeyFileName,
  assumedUserLoginPasswordElement,
} from './assumptions-driver';
import { decodeSecurityCapabilities, type HikSecurityCapabilities } from './codec';
import { security1, type Security1 } from './crypto-client';
import { assertPolicy } from './driver-activate';
import { expectData, expectOk, type DriverContext } from './driver-context';

/** Hikvision: the admin picks 3 of the predefined questions (§7, §17). */
export const QUESTIONS_REQUIRED = 3;

const XML_DECL = "<?xml version='1.0' encoding='UTF-8'?>";
const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `GET /ISAPI/Security/capabilities` (digest, one try). */
export async function securityCap(
  ctx: DriverContext,
  device: Device,
  credentials: Credentials,
): Promise<HikSecurityCapabilities> {
  const reply = await ctx.call(device, 'GET', '/ISAPI/Security/capabilities', { credentials });
  return decodeSecurityCapabilities(expectData(reply));
}

/** A `security=1` session when the device offers version 1 and its key inputs; else null (plain). */
async function fieldCipher(
  ctx: DriverContext,
  device: Device,
  credentials: Credentials,
): Promise<Security1 | null> {
  const cap = await securityCap(ctx, device, credentials);
  if (!cap.securityVersions.includes(1)) return null;
  if (cap.isIrreversible !== false && !cap.salt) return null;
  return security1(credentials.username, credentials.password, {
    salt: cap.salt ?? '',
    isIrreversible: cap.isIrreversible !== false,
    keyIterateNum: cap.keyIterateNum ?? 100,
  });
}

const withQuery = (path: string, sec: Security1 | null, first = '?'): string =>
  sec ? `${path}${first}${sec.query}` : path;

/** `PUT /ISAPI/Security/email/parameter?format=json` (§18 step 4) [C2]. */
export async function bindEmail(
  ctx: DriverContext,
  device: Device,
  credentials: Credentials,
  email: string,
): Promise<void> {
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || email.length > 128) {
    throw new CustodianError('INVALID_INPUT', 'not an e-mail address');
  }
  const sec = assumedEmailPasswordEncrypted() ? await fieldCipher(ctx, device, credentials) : null;
  const password = sec ? sec.encrypt(credentials.password) : credentials.password;
  const body = JSON.stringify({
    SecurityEmail: { password, SecurityInformation: [{ emailAddress: email }] },
  });
  const path = withQuery('/ISAPI/Security/email/parameter?format=json', sec, '&');
  const reply = await ctx.call(device, 'PUT', path, {
    body,
    credentials,
    contentType: 'application/json',
  });
  expectOk(reply);
}

/** `PUT /ISAPI/Security/questionConfiguration`, the WEBCOMMON `setSecurityQA` body (§17) [C]. */
export async function setQuestions(
  ctx: DriverContext,
  device: Device,
  credentials: Credentials,
  answers: { id: number; answer: string }[],
): Promise<void> {
  const ids = new Set(answers.map((a) => a.id));
  const valid =
    answers.length === QUESTIONS_REQUIRED &&
    ids.size === QUESTIONS_REQUIRED &&
    answers.every((a) => Number.isInteger(a.id) && a.answer.length >= 1 && a.answer.length <= 128);
  if (!valid) throw new CustodianError('INVALID_INPUT', '3 different questions, answers 1-128');
  const sec = await fieldCipher(ctx, device, credentials);
  const enc = (v: string) => (sec ? sec.encrypt(v) : esc(v));
  const list = answers
    .map((a) => `<Question><id>${a.id}</id><answer>${enc(a.answer)}</answer></Question>`)
    .join('');
  const body = `${XML_DECL}<SecurityQuestion><QuestionList>${list}</QuestionList><password>${enc(credentials.password)}</password></SecurityQuestion>`;
  const path = withQuery('/ISAPI/Security/questionConfiguration', sec);
  expectOk(await ctx.call(device, 'PUT', path, { body, credentials }));
}

/** `/ISAPI/Security/GUIDFileData?security=1&iv=` with `<LoginPassword>` (§19) [C], verb [U]. */
export async function exportKey(
  ctx: DriverContext,
  device: Device,
  credentials: Credentials,
): Promise<{ name: string; data: Uint8Array }> {
  const sec = await fieldCipher(ctx, device, credentials);
  const pwd = sec ? sec.encrypt(credentials.password) : esc(credentials.password);
  const body = `${XML_DECL}<LoginPassword><password>${pwd}</password></LoginPassword>`;
  const path = withQuery('/ISAPI/Security/GUIDFileData', sec);
  const reply = await ctx.call(device, assumedGuidExportMethod(), path, { body, credentials });
  const data = expectData(reply);
  if (data.length === 0) throw new CustodianError('DEVICE_BAD_REPLY', 'empty key file');
  return { name: assumedKeyFileName(device.serial ?? device.id), data: new Uint8Array(data) };
}

/**
 * `PUT /ISAPI/Security/users/<id>` with the QB60 `<User>` body (§14) [C], plus the current
 * password as the newer firmware's `loginPassword` ([I], see assumedUserLoginPasswordElement).
 * Secret fields go `security=1` under the current password's key when the device offers it.
 */
export async function changePassword(
  ctx: DriverContext,
  device: Device,
  credentials: Credentials,
  newPassword: string,
): Promise<void> {
  assertPolicy(newPassword);
  const list = parseXml(
    expectData(await ctx.call(device, 'GET', '/ISAPI/Security/users', { credentials })),
  );
  const user = children(child(list, 'UserList'), 'User').find(
    (u) => text(child(u, 'userName')) === credentials.username,
  );
  const id = text(child(user, 'id'));
  if (!id || !/^\d{1,4}$/.test(id)) throw new CustodianError('DEVICE_BAD_REPLY', 'user not listed');
  const level = text(child(user, 'userLevel')) || 'Administrator';
  const sec = await fieldCipher(ctx, device, credentials);
  const enc = (v: string) => (sec ? sec.encrypt(v) : esc(v));
  const login = assumedUserLoginPasswordElement();
  const body =
    `${XML_DECL}<User><id>${id}</id><userName>${esc(credentials.username)}</userName>` +
    `<userLevel>${esc(level)}</userLevel><password>${enc(newPassword)}</password>` +
    `<${login}>${enc(credentials.password)}</${login}></User>`;
  const path = withQuery(`/ISAPI/Security/users/${id}`, sec);
  expectOk(await ctx.call(device, 'PUT', path, { body, credentials }));
}
