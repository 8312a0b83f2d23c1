/**
 * /RPC2: calls inside a login session (dahua.md §7, §11, §13): keep-alive and logout, contact
 * binding (PasswdFind.setContact, encrypted), password change, security questions (assumed) and,
 * on recorders, the password sync to cameras (assumed). A call without a live session gets the
 * firmware's invalid-session error.
 */
import { assumedCameraSyncRpc, syncCameras } from './camera-sync';
import type { DahuaDeviceState } from './device-state';
import type { DahuaEnv } from './env';
import { RPC_ERROR } from './errors';
import { isAcceptablePassword, isPlausibleEmail } from './password-policy';
import { QUESTION_RPC, setQuestions } from './questions';
import { assumedSdkErrorReply, fail, ok, type RpcReply, type RpcRequest } from './rpc';
import { encryptInfo, openSealedParams } from './sealed';

/** PasswdFind.setContact, envelope `{"contactEmail","contactPhone","mode":3}` (S14). */
async function setContact(s: DahuaDeviceState, req: RpcRequest): Promise<RpcReply> {
  const p = await openSealedParams(s, req);
  if (!p) return fail(req, RPC_ERROR.invalidParam);
  const email = typeof p.contactEmail === 'string' ? p.contactEmail.trim() : '';
  const phone = typeof p.contactPhone === 'string' ? p.contactPhone.trim() : '';
  if ((email !== '' && !isPlausibleEmail(email)) || phone.length > 32)
    return fail(req, RPC_ERROR.invalidParam);
  s.email = email || null;
  s.phone = phone || null;
  return ok(req, null);
}

/** userManager.modifyPassword {"name","pwd","pwdOld"} (S3 names; plain text here). */
function modifyPassword(
  s: DahuaDeviceState,
  req: RpcRequest,
  session: string,
  env: DahuaEnv,
): RpcReply {
  const p = req.params ?? {};
  if (p.name !== 'admin' || typeof p.pwdOld !== 'string') return fail(req, RPC_ERROR.invalidParam);
  if (p.pwdOld !== s.password) return fail(req, RPC_ERROR.userOrPasswordNotValid);
  if (!isAcceptablePassword(p.pwd)) return assumedSdkErrorReply(req, 'passwordNotStrong');
  s.setPassword(p.pwd);
  // Other sessions end with the old password; the one that changed it goes on.
  s.openSession(session, 'admin', env.now);
  return ok(req, null);
}

/** Answers one /RPC2 request. */
export async function handleRpc2(
  s: DahuaDeviceState,
  req: RpcRequest,
  env: DahuaEnv,
): Promise<RpcReply> {
  if (req.method === 'Security.getEncryptInfo') return ok(req, await encryptInfo(s));
  const user = s.sessionUser(req.session, env.now);
  if (user === null) return fail(req, RPC_ERROR.invalidSession);
  const session = String(req.session);
  switch (req.method) {
    case 'global.keepAlive':
      return ok(req, {
        timeout: typeof req.params?.timeout === 'number' ? req.params.timeout : 300,
      });
    case 'global.logout':
      s.sessions.delete(session);
      return ok(req, null);
    case 'magicBox.getSerialNo':
      return ok(req, { sn: s.device.serial });
    case 'magicBox.getDeviceType':
      return ok(req, { type: s.device.model });
    case 'PasswdFind.setContact':
      return setContact(s, req);
    case 'PasswdFind.getContact':
      return ok(req, { contactEmail: s.email ?? '', contactPhone: s.phone ?? '', mode: 2 });
    case 'userManager.modifyPassword':
      return modifyPassword(s, req, session, env);
    case QUESTION_RPC.set:
      return setQuestions(s, req);
    case QUESTION_RPC.get:
      return ok(req, { question: s.questions.map((q) => ({ question: q.question })) });
    case assumedCameraSyncRpc().method:
      return syncCameras(s, req, env);
    default:
      return fail(req, RPC_ERROR.methodNotFound);
  }
}
