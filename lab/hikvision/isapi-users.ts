/**
 * `PUT /ISAPI/Security/users/<id>` (hikvision.md §14): the admin changes its own password. The
 * QB60 `<User>` body [C]; the caller's current password goes in `<loginPassword>` ([I], newer
 * firmware with isSupportUserCheck) and is checked like every other body password: a wrong one
 * counts towards the illegal-login lock. The new password meets the device rules or is `riskPassword`.
 */
import { assumedUserLoginPasswordElement } from './assumptions';
import type { HikDeviceState } from './device-state';
import { passwordRefusal, secret } from './isapi-recovery';
import { responseStatus, type IsapiReply, type IsapiRequest } from './isapi-responses';
import { passwordProblem } from './policy';
import { ADMIN_USER } from './types';
import { parseXml, text } from './xml';

/** The only user the lab's devices have (`GET /ISAPI/Security/users` lists it as id 1). */
export const ADMIN_USER_ID = '1';

/** The id in `/ISAPI/Security/users/<id>`, or null when the path is not that shape. */
export function userIdOf(path: string): string | null {
  return /^\/ISAPI\/Security\/users\/(\d{1,4})$/i.exec(path)?.[1] ?? null;
}

export function putUser(s: HikDeviceState, req: IsapiRequest): IsapiReply {
  const id = userIdOf(req.path);
  if (id !== ADMIN_USER_ID) return responseStatus(s, 404, req.path, 4, 'notSupport');
  const d = parseXml(req.body);
  if (d?.root !== 'User') return responseStatus(s, 400, req.path, 6, 'badXmlContent');
  const bodyId = text(d.node, 'id');
  const name = text(d.node, 'userName');
  if ((bodyId !== undefined && bodyId !== id) || (name !== undefined && name !== ADMIN_USER))
    return responseStatus(s, 400, req.path, 4, 'badParameters');
  const level = text(d.node, 'userLevel');
  // The one administrator cannot demote itself.
  if (level !== undefined && level !== 'Administrator')
    return responseStatus(s, 403, req.path, 4, 'lowPrivilege');
  // Both secrets are decrypted with the key of the password in force now.
  const given = secret(s, req, text(d.node, assumedUserLoginPasswordElement()));
  const next = secret(s, req, text(d.node, 'password'));
  const refused = passwordRefusal(s, req, given);
  if (refused) return refused;
  if (next === undefined) return responseStatus(s, 400, req.path, 4, 'badParameters');
  if (passwordProblem(next, ADMIN_USER) !== null)
    return responseStatus(s, 400, req.path, 4, 'riskPassword');
  s.setPassword(next);
  return responseStatus(s, 200, req.path, 1, 'ok');
}
