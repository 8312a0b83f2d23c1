/**
 * Dahua RPC failures, as a subclass of the shared error so transports and the renderer still see
 * a stable code. Messages carry method names and device error codes only, never a body, a hash
 * or a session id.
 */
import { CustodianError, type ErrorCode } from '../../../shared/errors';
import { DAHUA_ERROR } from './rpc-codec';

export class DahuaRpcError extends CustodianError {
  /** The device's `error.code`, when it sent one. */
  readonly rpcCode: number | null;
  /**
   * A password hash was on its way when this failed (a step-2 timeout or reset): the device may
   * have counted the try. The lockout guard treats it as spent; nothing retries it.
   */
  readonly attemptSent: boolean;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { rpcCode?: number | null; attemptSent?: boolean; cause?: unknown } = {},
  ) {
    super(code, detail, { cause: options.cause });
    this.name = 'DahuaRpcError';
    this.rpcCode = options.rpcCode ?? null;
    this.attemptSent = options.attemptSent ?? false;
  }
}

/** The device no longer knows our session (expired, logged out, rebooted). */
export function isInvalidSessionCode(code: number | null): boolean {
  return code === DAHUA_ERROR.invalidSession || code === DAHUA_ERROR.invalidSessionAlt;
}

/** Wraps a transport failure, keeping its shared code (TIMEOUT, DEVICE_UNREACHABLE …). */
export function fromTransport(err: unknown, attemptSent: boolean): DahuaRpcError {
  if (err instanceof DahuaRpcError) return err;
  if (err instanceof CustodianError) {
    return new DahuaRpcError(err.code, err.detail, { attemptSent, cause: err });
  }
  return new DahuaRpcError('DEVICE_UNREACHABLE', 'request failed', { attemptSent, cause: err });
}
