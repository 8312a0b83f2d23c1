/**
 * Turns what the person submitted into the driver's input for the flow's method: the method's own
 * secret is required, another method's secret is the wrong input at the wrong moment (FLOW_STATE),
 * and a new password is always required (the vendor flows set it in the same request).
 */
import type { VerbInput } from '../../shared/contract';
import { CustodianError } from '../../shared/errors';
import type { RecoveryMethod } from '../../shared/flows';
import type { RecoveryInput } from '../vendors/driver';

export type SubmitInput = VerbInput<'flow:submit'>;

/** Key files larger than this are not a vendor's reset key (Hikvision GUID files are < 1 KiB). */
const MAX_KEY_FILE_BYTES = 32 * 1024;

export function recoveryInput(method: RecoveryMethod, input: SubmitInput): RecoveryInput {
  const given = {
    answers: input.answers !== undefined,
    code: input.code !== undefined,
    keyFile: input.keyFileBase64 !== undefined,
  };
  const wanted = method === 'questions' ? 'answers' : method === 'keyFile' ? 'keyFile' : 'code';
  for (const [kind, present] of Object.entries(given)) {
    if (present && kind !== wanted) {
      throw new CustodianError('FLOW_STATE', `this ${method} recovery does not take ${kind}`);
    }
  }
  if (!given[wanted]) throw new CustodianError('INVALID_INPUT', `${wanted} is required`);
  if (input.newPassword === undefined) {
    throw new CustodianError('INVALID_INPUT', 'newPassword is required');
  }
  const out: RecoveryInput = { newPassword: input.newPassword };
  if (wanted === 'answers') {
    if (input.answers!.length === 0) throw new CustodianError('INVALID_INPUT', 'answers is empty');
    out.answers = input.answers!.map((a) => ({ id: a.id, answer: a.answer }));
  } else if (wanted === 'code') {
    out.code = input.code!.trim();
    if (!out.code) throw new CustodianError('INVALID_INPUT', 'code is empty');
  } else {
    const b64 = input.keyFileBase64!;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
      throw new CustodianError('INVALID_INPUT', 'keyFileBase64 is not base64');
    }
    const data = Buffer.from(b64, 'base64');
    if (data.length === 0 || data.length > MAX_KEY_FILE_BYTES) {
      throw new CustodianError('INVALID_INPUT', 'keyFileBase64 has the wrong size');
    }
    out.keyFile = new Uint8Array(data);
  }
  return out;
}
