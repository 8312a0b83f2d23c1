/**
 * What a Hikvision device can do for accounts and recovery, read over ISAPI (hikvision.md §10,
 * §13, §17, §18): anonymous endpoints first, the login-only ones when credentials are given.
 * Each capability names its protocol and whether the doc's captures back its wire format.
 */
import type { Device, RecoveryAudit } from '../../../shared/dto';
import { CustodianError } from '../../../shared/errors';
import type { Capability, SecurityQuestion } from '../../../shared/flows';
import { DEFAULT_PASSWORD_POLICY } from '../../../shared/password';
import { child, children, int, parseXml, text } from '../onvif/xml';
import type { Credentials, DriverCapabilities } from '../driver';
import {
  decodeActivateStatus,
  decodeExternSecurityCapabilities,
  type HikExternSecurityCapabilities,
  type HikSecurityCapabilities,
} from './codec';
import { expectData, type DriverContext } from './driver-context';
import { QUESTIONS_REQUIRED, securityCap } from './driver-setup';

/** The device's question list, with which ones are set (`mark`). */
export interface QuestionConfig {
  choices: SecurityQuestion[];
  setIds: number[];
}

/** `GET /ISAPI/Security/questionConfiguration` (digest) [C]: texts and `<mark>`. */
async function questionConfig(
  ctx: DriverContext,
  device: Device,
  credentials: Credentials,
): Promise<QuestionConfig> {
  const reply = await ctx.call(device, 'GET', '/ISAPI/Security/questionConfiguration', {
    credentials,
  });
  const root = child(parseXml(expectData(reply)), 'SecurityQuestion');
  const qs = children(child(root, 'QuestionList'), 'Question');
  const choices: SecurityQuestion[] = [];
  const setIds: number[] = [];
  for (const q of qs) {
    const id = int(child(q, 'id'));
    if (id === null) continue;
    choices.push({ id, text: text(child(q, 'question')) ?? '' });
    if (text(child(q, 'mark')) === 'true') setIds.push(id);
  }
  return { choices, setIds };
}

/** `GET /ISAPI/Security/email/parameter?format=json` (digest): whether an address is reserved. */
async function emailBound(ctx: DriverContext, device: Device, credentials: Credentials) {
  const reply = await ctx.call(device, 'GET', '/ISAPI/Security/email/parameter?format=json', {
    credentials,
  });
  if (reply.status !== 200) return null;
  try {
    const v = JSON.parse(reply.body.toString('utf8')) as {
      SecurityEmail?: { SecurityInformation?: { emailAddress?: unknown }[] };
    };
    const info = v.SecurityEmail?.SecurityInformation;
    return Array.isArray(info) && info.some((i) => typeof i?.emailAddress === 'string');
  } catch {
    return null;
  }
}

/**
 * Reads an optional endpoint: a device that declines it (notSupport, or a login it wants for what
 * other firmware serves anonymously) yields null. A refused credential still ends the read.
 */
async function optional<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    const code = err instanceof CustodianError ? err.code : null;
    if (code === 'DEVICE_BAD_REPLY' || code === 'DEVICE_AUTH_REQUIRED') return null;
    throw err;
  }
}

/** Capabilities, password policy and question list; see VendorDriver.capabilities. */
export async function capabilities(
  ctx: DriverContext,
  device: Device,
  credentials: Credentials | undefined,
  remember: (q: QuestionConfig) => void,
): Promise<DriverCapabilities> {
  const status = decodeActivateStatus(
    expectData(await ctx.call(device, 'GET', '/SDK/activateStatus')),
  );
  const ext = await optional(async () =>
    decodeExternSecurityCapabilities(
      expectData(await ctx.call(device, 'GET', '/ISAPI/Security/extern/capabilities')),
    ),
  );
  let sec: HikSecurityCapabilities | null = null;
  let questions: QuestionConfig | null = null;
  let email: boolean | null = null;
  if (credentials && status.activated) {
    // The first digest request spends the one try; a refusal ends the read here.
    sec = await securityCap(ctx, device, credentials);
    if (sec.securityQuestions !== false) {
      questions = await optional(() => questionConfig(ctx, device, credentials));
      if (questions) remember(questions);
    }
    if (sec.securityEmail !== false) email = await emailBound(ctx, device, credentials);
  }
  const len = sec?.passwordLength;
  return {
    capabilities: list(status.activated, ext, sec, questions, email),
    recovery: audit(sec, questions, email),
    passwordPolicy: {
      ...DEFAULT_PASSWORD_POLICY,
      ...(len ? { minLength: len.min, maxLength: len.max } : {}),
    },
    questionChoices: questions?.choices ?? [],
    questionsRequired: QUESTIONS_REQUIRED,
  };
}

/**
 * The recovery audit this read supports: the reserved e-mail from `email/parameter`, the questions
 * from `questionConfiguration` marks, and "not set" where SecurityCap says the device lacks the
 * feature. No read tells whether a GUID file was exported, so that stays null; without a
 * login (or when a read was declined) everything stays null. SADP's SupportMailBox and
 * SupportSecurityQuestion say a path exists, not that it is set up, so they are not used.
 */
function audit(
  sec: HikSecurityCapabilities | null,
  questions: QuestionConfig | null,
  email: boolean | null,
): RecoveryAudit {
  const known = (supported: boolean | null | undefined, value: boolean | null) =>
    supported === false ? false : value;
  return {
    emailBound: sec ? known(sec.securityEmail, email) : null,
    questionsSet: sec
      ? known(sec.securityQuestions, questions ? questions.setIds.length > 0 : null)
      : null,
    // A recorder exports to USB on its own monitor too, so even "no ISAPI export" says nothing.
    keyExported: null,
  };
}

function list(
  activated: boolean,
  ext: HikExternSecurityCapabilities | null,
  sec: HikSecurityCapabilities | null,
  questions: QuestionConfig | null,
  email: boolean | null,
): Capability[] {
  const out: Capability[] = [];
  const add = (c: Capability, supported: boolean | null | undefined = true, why?: string) => {
    if (supported === false) return;
    out.push(why ? { ...c, unavailableReason: why } : c);
  };
  const inactive = activated ? undefined : 'not activated yet';
  // §11 and §5: ISAPI challenge + activate is [C2], the SADP fallback's R reading is [U].
  add(
    { name: 'activate', protocol: 'isapi', evidence: 'confirmed' },
    true,
    activated ? 'already activated' : undefined,
  );
  // §18: the e-mail JSON is [C2]; whether its password is security=1-encrypted is [U].
  add({ name: 'bindEmail', protocol: 'isapi', evidence: 'assumed' }, sec?.securityEmail, inactive);
  // §17: the setSecurityQA body is verbatim vendor JS [C], security=1 [C2].
  add(
    { name: 'setQuestions', protocol: 'isapi', evidence: 'confirmed' },
    sec?.securityQuestions,
    inactive,
  );
  // §19: URL and body [C], the HTTP verb [U].
  add({ name: 'exportKey', protocol: 'isapi', evidence: 'assumed' }, sec?.guidFileExport, inactive);
  // §18: qrCode and emailCertification bodies are not public [U].
  add(
    { name: 'recoverByCode', protocol: 'isapi', evidence: 'assumed' },
    ext?.resetWithSecurityEmail,
    inactive ?? (email === false ? 'no recovery e-mail reserved' : undefined),
  );
  // §7: AnswerReset / GUIDReset / reset templates are [S], their field encodings [U].
  add(
    { name: 'recoverByQuestions', protocol: 'sadp', evidence: 'assumed' },
    ext?.resetWithSecurityQuestions,
    inactive ??
      (questions && questions.setIds.length === 0 ? 'no security questions set' : undefined),
  );
  add(
    { name: 'recoverByKeyFile', protocol: 'sadp', evidence: 'assumed' },
    ext?.resetWithGuidFile,
    inactive,
  );
  add({ name: 'recoverBySupport', protocol: 'sadp', evidence: 'assumed' }, true, inactive);
  // §14: the QB60 <User> body [C].
  add({ name: 'changePassword', protocol: 'isapi', evidence: 'confirmed' }, true, inactive);
  return out;
}
