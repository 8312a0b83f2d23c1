/**
 * ISAPI activation (hikvision.md §11): the client's RSA key goes to `/ISAPI/Security/challenge`,
 * the device answers a random string under it, and `PUT /ISAPI/System/activate` carries the
 * password AES-encrypted under that string. A challenge serves one activate call.
 */
import { ASSUMED_EXCHANGE_TTL_MS } from './assumptions';
import { decodeIsapiPassword, isapiChallenge } from './crypto';
import type { HikDeviceState } from './device-state';
import { doc, responseStatus, xml, type IsapiReply, type IsapiRequest } from './isapi-responses';
import { passwordProblem } from './policy';
import { ADMIN_USER } from './types';
import { parseXml, text } from './xml';

/** `POST /ISAPI/Security/challenge` with `<PublicKey><key>base64(hex n)</key></PublicKey>`. */
export function postChallenge(s: HikDeviceState, req: IsapiRequest): IsapiReply {
  const d = parseXml(req.body);
  const key = d?.root === 'PublicKey' ? text(d.node, 'key') : undefined;
  const ex = key ? isapiChallenge(key) : null;
  if (!ex) return responseStatus(s, 400, req.path, 6, 'badXmlContent');
  s.challenge = { r: ex.r, expiresAt: s.now() + ASSUMED_EXCHANGE_TTL_MS };
  return xml(doc(s, 'Challenge', `<key>${ex.reply}</key>\n`));
}

/** `PUT /ISAPI/System/activate` with `<ActivateInfo><password>…</password></ActivateInfo>`. */
export function putActivate(s: HikDeviceState, req: IsapiRequest): IsapiReply {
  if (s.activated) return responseStatus(s, 403, req.path, 4, 'hasActivated');
  const d = parseXml(req.body);
  const field = d?.root === 'ActivateInfo' ? text(d.node, 'password') : undefined;
  if (!field) return responseStatus(s, 400, req.path, 6, 'badXmlContent');
  const challenge = s.challenge && s.now() < s.challenge.expiresAt ? s.challenge.r : null;
  // One activate per challenge, right or wrong: a challenge is not a decryption oracle.
  s.challenge = null;
  if (challenge === null) return responseStatus(s, 403, req.path, 4, 'invalidOperation');
  const password = decodeIsapiPassword(field, challenge);
  // A plain-text or wrongly keyed password does not decrypt to the challenge prefix (§11).
  if (password === null) return responseStatus(s, 400, req.path, 4, 'badParameters');
  if (passwordProblem(password, ADMIN_USER) !== null)
    return responseStatus(s, 400, req.path, 4, 'riskPassword');
  s.setPassword(password);
  return responseStatus(s, 200, req.path, 1, 'ok');
}
