/**
 * Hikvision ISAPI failures, as subclasses of the shared error so transports and the renderer
 * still see a stable code. Messages never carry a reply body or a credential.
 */
import { CustodianError } from '../../../shared/errors';
import type { HikLoginLock, IsapiStatus } from './status';

/**
 * The device answered 401. With `spent`, a credential was sent and refused: one login try is
 * gone (DEVICE_AUTH_FAILED), and is never retried. Without it, no credential was sent
 * (DEVICE_AUTH_REQUIRED). `lock` is what the 401 body said about the login counter, for the
 * lockout guard.
 */
export class HikvisionAuthError extends CustodianError {
  readonly spent: boolean;
  readonly lock: HikLoginLock | null;
  /** The digest nonce was stale: the password itself may have been right. */
  readonly stale: boolean;

  constructor(spent: boolean, lock: HikLoginLock | null, stale = false) {
    const detail = lock?.locked ? 'locked' : spent ? 'rejected' : '';
    super(spent ? 'DEVICE_AUTH_FAILED' : 'DEVICE_AUTH_REQUIRED', detail);
    this.name = 'HikvisionAuthError';
    this.spent = spent;
    this.lock = lock;
    this.stale = stale;
  }
}

/** The device answered with an ISAPI status other than OK (notSupport, notActivated, ...). */
export class IsapiStatusError extends CustodianError {
  readonly httpStatus: number;
  readonly status: IsapiStatus;

  constructor(httpStatus: number, status: IsapiStatus) {
    const what = status.subStatusCode ?? status.statusString ?? `status ${status.statusCode}`;
    super('DEVICE_BAD_REPLY', `HTTP ${httpStatus} ${what}`.slice(0, 200));
    this.name = 'IsapiStatusError';
    this.httpStatus = httpStatus;
    this.status = status;
  }
}
