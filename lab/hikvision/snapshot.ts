/** The account view of one device the manifest and the control API show: no secret ever. */
import type { HikDeviceState } from './device-state';
import { ADMIN_USER } from './types';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** Activated, what makes it recoverable, locks and boot time; never a password, answer, code or GUID. */
export function accountSnapshot(s: HikDeviceState): Record<string, unknown> {
  const sadp = s.sadpLockView();
  const http = s.httpLockView();
  return {
    activated: s.activated,
    user: ADMIN_USER,
    emailBound: s.email !== null,
    questionsSet: s.questions.length > 0,
    guidExported: s.guidExported,
    lockedUntil: iso(Math.max(sadp.lockedUntil ?? 0, http.lockedUntil ?? 0) || null),
    sadpLockedUntil: iso(sadp.lockedUntil),
    httpLockedUntil: iso(http.lockedUntil),
    emailResetPending: s.emailReset !== null,
    supportResetPending: s.supportReset !== null,
    camerasSynced: s.camerasSynced,
    bootTime: iso(s.bootTime),
  };
}
