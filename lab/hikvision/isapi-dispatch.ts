/**
 * ISAPI routing and the access gate (hikvision.md §9-§19, §22, §24.2). Before activation a device
 * answers only its activation endpoints; afterwards everything but the pre-login ones needs MD5
 * Digest, and failed logins count towards IllegalLoginLock and report the lock in the 401 body.
 * `?auth=` in a URL (CVE-2017-7921) is never a credential.
 */
import type { DigestServer } from './digest';
import type { HikDeviceState } from './device-state';
import { postChallenge, putActivate } from './isapi-activation';
import {
  emailCap,
  exportGuid,
  getEmail,
  getQrCode,
  putEmail,
  putEmailCertification,
  putIllegalLoginLock,
  putQuestions,
} from './isapi-recovery';
import * as d from './isapi-documents';
import { putUser, userIdOf } from './isapi-users';
import * as r from './isapi-responses';
import type { IsapiReply, IsapiRequest } from './isapi-responses';
import { ADMIN_USER } from './types';

/**
 * open: always, no auth. preActivation: no auth while inactive, Digest afterwards. reset: the
 * pre-login recovery endpoints of an active device. digest: an active device, with Digest.
 */
type Access = 'open' | 'preActivation' | 'reset' | 'digest';
type Handler = (s: HikDeviceState, req: IsapiRequest) => IsapiReply;
interface Route {
  path: string;
  access: Access;
  methods: Partial<Record<string, Handler>>;
}

const ROUTES: readonly Route[] = [
  {
    path: '/SDK/activateStatus',
    access: 'open',
    methods: { GET: (s, q) => d.activateStatus(s, r.wantsJson(q)) },
  },
  {
    path: '/ISAPI/Security/extern/capabilities',
    access: 'open',
    methods: { GET: d.externSecurityCap },
  },
  { path: '/ISAPI/System/activate', access: 'open', methods: { PUT: putActivate } },
  { path: '/ISAPI/Security/challenge', access: 'preActivation', methods: { POST: postChallenge } },
  { path: '/ISAPI/Security/email/qrCode', access: 'reset', methods: { GET: getQrCode } },
  {
    path: '/ISAPI/Security/emailCertification',
    access: 'reset',
    methods: { PUT: putEmailCertification },
  },
  { path: '/ISAPI/System/deviceInfo', access: 'digest', methods: { GET: d.deviceInfo } },
  { path: '/ISAPI/Security/capabilities', access: 'digest', methods: { GET: d.securityCap } },
  { path: '/ISAPI/Security/users', access: 'digest', methods: { GET: d.userList } },
  { path: '/ISAPI/Security/users/<id>', access: 'digest', methods: { PUT: putUser } },
  { path: '/ISAPI/Security/userCheck', access: 'digest', methods: { GET: d.userCheck } },
  {
    path: '/ISAPI/Security/illegalLoginLock',
    access: 'digest',
    methods: { GET: d.illegalLoginLock, PUT: putIllegalLoginLock },
  },
  {
    path: '/ISAPI/Security/questionConfiguration',
    access: 'digest',
    methods: { GET: d.questionList, PUT: putQuestions },
  },
  {
    path: '/ISAPI/Security/email/parameter/capabilities',
    access: 'digest',
    methods: { GET: emailCap },
  },
  {
    path: '/ISAPI/Security/email/parameter',
    access: 'digest',
    methods: { GET: getEmail, PUT: putEmail },
  },
  // The web UI downloads the file through its plugin, so the verb is not public (§19): take all three.
  {
    path: '/ISAPI/Security/GUIDFileData',
    access: 'digest',
    methods: { GET: exportGuid, POST: exportGuid, PUT: exportGuid },
  },
];

/** The route for a path; `<id>` in a route's path stands for one numeric segment. */
function routeFor(path: string): Route | undefined {
  const exact = ROUTES.find((x) => x.path.toLowerCase() === path.toLowerCase());
  if (exact) return exact;
  return userIdOf(path) === null ? undefined : ROUTES.find((x) => x.path.endsWith('/<id>'));
}

/** A 401 with the Digest challenge and, when a lock is known, its fields (§16 shape 2). */
function unauthorized(
  s: HikDeviceState,
  digest: DigestServer,
  req: IsapiRequest,
  stale = false,
): IsapiReply {
  const lock = r.lockFields(s.httpLockView());
  const out = r.responseStatus(s, 401, req.path, 4, 'badAuthorization', lock, r.wantsJson(req));
  return { ...out, headers: { 'WWW-Authenticate': digest.challenge(s.now(), stale) } };
}

/** Checks Digest for a protected resource; null when the request may proceed. */
function authenticate(
  s: HikDeviceState,
  digest: DigestServer,
  req: IsapiRequest,
): IsapiReply | null {
  if (!req.authorization) return unauthorized(s, digest, req);
  // While locked even the right password is refused, and the attempt is not counted again.
  if (s.httpLockView().locked) return unauthorized(s, digest, req);
  const verdict = digest.verify(
    req.authorization,
    req.method,
    req.url,
    ADMIN_USER,
    s.password ?? '',
    s.now(),
  );
  if (verdict === 'ok') {
    s.httpLock.succeed();
    return null;
  }
  if (verdict === 'wrongPassword') s.httpFail();
  return unauthorized(s, digest, req, verdict === 'stale');
}

/** Answers one request for one device. */
export function dispatchIsapi(
  s: HikDeviceState,
  digest: DigestServer,
  req: IsapiRequest,
): IsapiReply {
  // CVE-2017-7921: a base64 user:password in the query string grants nothing, on any path.
  if (req.query.has('auth')) return unauthorized(s, digest, req);
  const route = routeFor(req.path);
  const access: Access = route?.access ?? 'digest';
  if (!s.activated && access !== 'open' && access !== 'preActivation')
    return r.responseStatus(s, 403, req.path, 4, 'notActivated', {}, r.wantsJson(req));
  const needsAuth = access === 'digest' || (access === 'preActivation' && s.activated);
  if (needsAuth) {
    const refused = authenticate(s, digest, req);
    if (refused) return refused;
  }
  if (!route) return r.responseStatus(s, 404, req.path, 4, 'notSupport', {}, r.wantsJson(req));
  const handler = route.methods[req.method.toUpperCase()];
  if (!handler)
    return r.responseStatus(s, 405, req.path, 4, 'methodNotAllowed', {}, r.wantsJson(req));
  return handler(s, req);
}
