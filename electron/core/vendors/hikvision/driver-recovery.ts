/**
 * Password recovery through Hikvision's own paths (hikvision.md §7, §18, §19, §21): the QR the
 * Hik-Connect app scans and the e-mailed code, the security questions, the exported GUID file,
 * and the support code. Each completion spends exactly one attempt and reports it as the device
 * did; nothing here retries, derives a code or guesses.
 */
import type { Device } from '../../../shared/dto';
import { CustodianError } from '../../../shared/errors';
import type { RecoveryMethod, SecurityQuestion } from '../../../shared/flows';
import { at, text } from '../onvif/xml';
import type { AttemptOutcome, RecoveryChallenge, RecoveryInput } from '../driver';
import {
  assumedEmailCertificationBody,
  assumedEmailCertificationVerdict,
  assumedGuidFromKeyFile,
  assumedQrCodeReply,
  assumedQrRefusalMeansNoEmail,
  assumedSadpQrRefusalMeansNoEmail,
  assumedSadpMailResetCodeElement,
  assumedSadpPlainField,
  assumedSadpQrPayload,
  assumedSadpQuestionIds,
  assumedSadpResetPasswordEncoding,
  assumedSadpResult,
} from './assumptions-driver';
import { sadpPasswordField } from './crypto-client';
import { assertPolicy, sadpExchange } from './driver-activate';
import { expectData, isUnreachable, withSadp, type DriverContext } from './driver-context';
import { IsapiStatusError } from './errors';
import { HIK_EMAIL_CODE_LENGTH, HIK_SUPPORT_KEY_LENGTH, hikSupportContact } from './facts';
import { decodeIsapiStatus } from './status';
import type { SadpField } from './sadp-channel';
import { sadpResult } from './sadp-channel';

/** Where the vendor's app scans the reset QR (Hikvision web GUI guide). */
export const QR_APP_PATH = 'Hik-Connect > More > Reset Device Password';

const QR_PATH = '/ISAPI/Security/email/qrCode?format=json';

/** What a recovery hands out; see VendorDriver.startRecovery. */
export async function startRecovery(
  ctx: DriverContext,
  device: Device,
  method: RecoveryMethod,
  questionText: (id: number) => string,
): Promise<RecoveryChallenge> {
  switch (method) {
    case 'qr':
      return startQr(ctx, device);
    case 'keyFile':
      // The person brings the file exported earlier; the device hands out nothing.
      return { method };
    case 'questions':
      return withSadp(ctx, device, async (ch) => {
        const reply = await ch.command('getsecurityquestion');
        if (assumedSadpResult(sadpResult(reply)) !== 'ok') {
          throw new CustodianError('CAPABILITY_UNAVAILABLE', 'no security questions set');
        }
        const ids = assumedSadpQuestionIds(reply);
        if (ids.length === 0) throw new CustodianError('CAPABILITY_UNAVAILABLE', 'no questions');
        const questions: SecurityQuestion[] = ids.map((id) => ({ id, text: questionText(id) }));
        return { method, questions };
      });
    case 'support':
      return withSadp(ctx, device, async (ch) => {
        const reply = await ch.command('getcode');
        const code = text(at(reply, 'Code'));
        if (assumedSadpResult(sadpResult(reply)) !== 'ok' || !code) {
          throw new CustodianError('CAPABILITY_UNAVAILABLE', 'the device gave no support code');
        }
        return {
          method,
          supportCode: code,
          supportContact: hikSupportContact(device.serial),
          codeLength: HIK_SUPPORT_KEY_LENGTH,
        };
      });
  }
}

/** ISAPI `email/qrCode` (pre-login, §18 step 5); SADP `GetQRcodes` when HTTP cannot reach it. */
async function startQr(ctx: DriverContext, device: Device): Promise<RecoveryChallenge> {
  try {
    const qr = assumedQrCodeReply(
      expectData(await ctx.call(device, 'GET', QR_PATH)).toString('utf8'),
    );
    return {
      method: 'qr',
      qrPayload: qr.payload,
      appPath: QR_APP_PATH,
      ...(qr.sentTo ? { sentTo: qr.sentTo } : {}),
      ...(qr.expiresAt ? { expiresAt: qr.expiresAt } : {}),
      codeLength: HIK_EMAIL_CODE_LENGTH,
      context: { via: 'isapi' },
    };
  } catch (err) {
    if (err instanceof IsapiStatusError && assumedQrRefusalMeansNoEmail(err.status)) {
      throw new CustodianError('RECOVERY_EMAIL_NOT_BOUND', err.status.subStatusCode ?? '');
    }
    if (!isUnreachable(err)) throw err;
  }
  return withSadp(ctx, device, async (ch) => {
    const reply = await ch.command('GetQRcodes');
    const payload = assumedSadpQrPayload(reply);
    if (assumedSadpQrRefusalMeansNoEmail(sadpResult(reply), payload)) {
      throw new CustodianError('RECOVERY_EMAIL_NOT_BOUND', 'GetQRcodes failed');
    }
    if (!payload) throw new CustodianError('CAPABILITY_UNAVAILABLE', 'the device gave no QR');
    return {
      method: 'qr',
      qrPayload: payload,
      appPath: QR_APP_PATH,
      codeLength: HIK_EMAIL_CODE_LENGTH,
      context: { via: 'sadp' },
    };
  });
}

/** One SADP reset attempt: a fresh exchangecode, then the verb with the new password. */
function sadpReset(
  ctx: DriverContext,
  device: Device,
  verb: string,
  newPassword: string,
  fields: (password: SadpField) => SadpField[],
): Promise<AttemptOutcome> {
  return withSadp(ctx, device, async (ch) => {
    const k = await sadpExchange(ch);
    const enc = assumedSadpResetPasswordEncoding(k, newPassword, sadpPasswordField);
    const verdict = assumedSadpResult(
      sadpResult(await ch.command(verb, fields(['Password', enc]))),
    );
    if (verdict === 'ok') return { ok: true };
    // SADP replies carry no counter: how many tries are left is not known.
    return { ok: false, spent: true, attemptsLeft: null, lockedUntil: null, reason: verdict };
  });
}

/** `PUT /ISAPI/Security/emailCertification?format=json` (§18 step 8), one code attempt. */
async function completeQrIsapi(
  ctx: DriverContext,
  device: Device,
  code: string,
  newPassword: string,
): Promise<AttemptOutcome> {
  const reply = await ctx.call(device, 'PUT', '/ISAPI/Security/emailCertification?format=json', {
    body: assumedEmailCertificationBody(code, newPassword),
    contentType: 'application/json',
  });
  const verdict = assumedEmailCertificationVerdict(reply.status, decodeIsapiStatus(reply.body));
  switch (verdict.kind) {
    case 'ok':
      return { ok: true };
    case 'wrong':
      return {
        ok: false,
        spent: true,
        attemptsLeft: verdict.attemptsLeft,
        lockedUntil: null,
        reason: 'rejected',
      };
    case 'expired':
      return { ok: false, spent: false, attemptsLeft: null, lockedUntil: null, reason: 'expired' };
    case 'refused':
      throw new CustodianError('CODE_REJECTED', verdict.subStatus);
  }
}

/** One attempt of the recovery `challenge` started; see VendorDriver.completeRecovery. */
export async function completeRecovery(
  ctx: DriverContext,
  device: Device,
  challenge: RecoveryChallenge,
  input: RecoveryInput,
): Promise<AttemptOutcome> {
  assertPolicy(input.newPassword);
  const pwd = input.newPassword;
  switch (challenge.method) {
    case 'qr': {
      const code = input.code?.trim() ?? '';
      if (!/^[A-Za-z0-9]{6,12}$/.test(code)) {
        throw new CustodianError('INVALID_INPUT', 'the code is 6-12 letters and digits');
      }
      if (challenge.context?.via !== 'sadp') return completeQrIsapi(ctx, device, code, pwd);
      const codeTag = assumedSadpMailResetCodeElement();
      return sadpReset(ctx, device, 'MailReset', pwd, (p) => [
        p,
        ['SyncIPCPassword', 'true'],
        [codeTag, code],
      ]);
    }
    case 'questions': {
      const answers = input.answers ?? [];
      if (answers.length === 0) throw new CustodianError('INVALID_INPUT', 'answers are needed');
      const list = answers
        .map(
          (a) =>
            `<Question><ID>${a.id}</ID><Answer>${escXml(assumedSadpPlainField(a.answer))}</Answer><mark>true</mark></Question>`,
        )
        .join('');
      return sadpReset(ctx, device, 'AnswerReset', pwd, (p) => [
        { raw: `<QuestionList>${list}</QuestionList>` },
        p,
      ]);
    }
    case 'keyFile': {
      const guid = input.keyFile ? assumedGuidFromKeyFile(input.keyFile) : null;
      if (!guid) throw new CustodianError('INVALID_INPUT', 'not a Hikvision GUID file');
      return sadpReset(ctx, device, 'GUIDReset', pwd, (p) => [
        ['GUID', assumedSadpPlainField(guid)],
        p,
      ]);
    }
    case 'support': {
      const code = input.code?.trim() ?? '';
      if (!/^[A-Za-z0-9]{4,64}$/.test(code)) {
        throw new CustodianError('INVALID_INPUT', 'the support code is letters and digits');
      }
      return sadpReset(ctx, device, 'reset', pwd, (p) => [p, ['Code', code]]);
    }
  }
}

function escXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
