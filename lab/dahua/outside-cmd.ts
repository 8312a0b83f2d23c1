/**
 * /OutsideCmd: the unauthenticated namespace a factory-fresh device answers (dahua.md §7, §10,
 * §12): Security.getEncryptInfo, DevInit.* activation, the PasswdFind reset and the (assumed)
 * security-question calls. Payload shapes are the ones S14 captured from real Intelbras cameras;
 * what is not public sits behind the assumption functions below.
 */
import { assumedFindLetters, assumedInitValue } from './device-info';
import type { DahuaDeviceState } from './device-state';
import type { DahuaEnv } from './env';
import { RPC_ERROR } from './errors';
import { isAcceptablePassword, isPlausibleEmail } from './password-policy';
import { checkAuthCode, getDescript, resetPassword } from './passwd-find';
import { outsideQuestionCall } from './questions';
import { assumedSdkErrorReply, fail, ok, type RpcReply, type RpcRequest } from './rpc';
import { encryptInfo, openSealedParams } from './sealed';

/** S14: these DevInit calls go without `session`; sending one "is an easy way to get refused". */
const SESSIONLESS = new Set([
  'DevInit.getStatus',
  'DevInit.account',
  'DevInit.access',
  'DevInit.getDevCaps',
  'DevInit.getLocalityConfig',
  'DevInit.getCurrentTime',
]);

/**
 * ASSUMPTION (S14 says such requests are refused, not how): the refusal is an invalid-request
 * error. Used for a `session` on a sessionless DevInit call and for init before the terms were
 * accepted (setProtocolAgree).
 */
export function assumedInitRefusal(req: RpcRequest): RpcReply {
  return fail(req, RPC_ERROR.invalidRequest);
}

/**
 * ASSUMPTION (dahua.md §18.1 [U]: only `Init` and `Find` are known, S14 regex-matches them): the
 * DevInit.getStatus params are flat.
 */
export function assumedDevInitStatusParams(s: DahuaDeviceState): Record<string, unknown> {
  return { Init: assumedInitValue(s), Find: assumedFindLetters(s), FindVersion: 1 };
}

/** DevInit.account, envelope `{"name":"admin","pwd","CellPhone","Mail"}` (S14). */
async function account(s: DahuaDeviceState, req: RpcRequest): Promise<RpcReply> {
  if (s.initialized) return assumedSdkErrorReply(req, 'alreadyInitialized');
  if (!s.protocolAgreed) return assumedInitRefusal(req);
  const p = await openSealedParams(s, req);
  if (!p || p.name !== 'admin') return fail(req, RPC_ERROR.invalidParam);
  const mail = typeof p.Mail === 'string' ? p.Mail.trim() : '';
  const phone = typeof p.CellPhone === 'string' ? p.CellPhone.trim() : '';
  if ((mail !== '' && !isPlausibleEmail(mail)) || phone.length > 32)
    return fail(req, RPC_ERROR.invalidParam);
  if (!isAcceptablePassword(p.pwd)) return assumedSdkErrorReply(req, 'passwordNotStrong');
  s.initialized = true;
  s.setPassword(p.pwd);
  s.email = mail || null;
  s.phone = phone || null;
  return ok(req, null);
}

/** DevInit.access, envelope `{"NetAccess":0,"UpgradeCheck":2}` (S14). */
async function access(s: DahuaDeviceState, req: RpcRequest): Promise<RpcReply> {
  const p = await openSealedParams(s, req);
  if (!p) return fail(req, RPC_ERROR.invalidParam);
  if (typeof p.NetAccess === 'number') s.netAccess = p.NetAccess !== 0;
  return ok(req, null);
}

async function devInit(s: DahuaDeviceState, req: RpcRequest, env: DahuaEnv): Promise<RpcReply> {
  if (SESSIONLESS.has(req.method) && req.session !== undefined) return assumedInitRefusal(req);
  switch (req.method) {
    case 'DevInit.getStatus':
      return ok(req, assumedDevInitStatusParams(s));
    case 'DevInit.getProtocolAgree':
      return ok(req, { ProtocolEnable: s.protocolAgreed });
    case 'DevInit.setProtocolAgree':
      if (req.params?.ProtocolEnable !== true) return fail(req, RPC_ERROR.invalidParam);
      s.protocolAgreed = true;
      return ok(req, null);
    case 'DevInit.account':
      return account(s, req);
    case 'DevInit.access':
      return access(s, req);
    case 'DevInit.getCurrentTime':
      return ok(req, { time: new Date(env.now).toISOString().slice(0, 19).replace('T', ' ') });
    case 'DevInit.setCurrentTime':
      return ok(req, null);
    case 'DevInit.setLocalityConfig':
      return (await openSealedParams(s, req)) ? ok(req, null) : fail(req, RPC_ERROR.invalidParam);
    default:
      return fail(req, RPC_ERROR.methodNotFound);
  }
}

/** Answers one /OutsideCmd request. */
export async function handleOutsideCmd(
  s: DahuaDeviceState,
  req: RpcRequest,
  env: DahuaEnv,
): Promise<RpcReply> {
  if (req.method.startsWith('DevInit.')) return devInit(s, req, env);
  switch (req.method) {
    case 'Security.getEncryptInfo':
      return ok(req, await encryptInfo(s));
    case 'PasswdFind.getDescript':
      return getDescript(s, req, env);
    case 'PasswdFind.checkAuthCode':
      return checkAuthCode(s, req, env);
    case 'PasswdFind.resetPassword':
      return resetPassword(s, req, env);
  }
  return (await outsideQuestionCall(s, req, env)) ?? fail(req, RPC_ERROR.methodNotFound);
}
