/**
 * Failure modes of the HTTP client, as CustodianErrors with the shared codes. Messages name the
 * host and port only: never the URL's user info, a header or a body, so nothing secret can leak
 * into a log or the renderer through an error.
 */
import { CustodianError } from '../../shared/errors';

/**
 * The device refused the credentials we answered its digest challenge with. Thrown exactly once
 * per request and never retried: each throw is one spent login try on the device.
 */
export class HttpAuthFailedError extends CustodianError {
  /** The server flagged the nonce as stale (RFC 7616): the password itself may have been right. */
  readonly stale: boolean;

  constructor(stale: boolean) {
    super('DEVICE_AUTH_FAILED', 'rejected');
    this.name = 'HttpAuthFailedError';
    this.stale = stale;
  }
}

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  EHOSTDOWN: 'host down',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network down',
  EADDRNOTAVAIL: 'address not available',
  ENOTFOUND: 'name not resolved',
  EAI_AGAIN: 'name not resolved',
};

/** Maps a node:http / socket error to the shared code a caller can act on. */
export function mapHttpError(err: unknown, target: string): CustodianError {
  if (err instanceof CustodianError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const name = typeof code === 'string' ? code : '';
  if (name === 'ETIMEDOUT') return new CustodianError('TIMEOUT', target, { cause: err });
  if (name.startsWith('HPE_')) {
    // llhttp refused the bytes: the peer answered, but not with HTTP we can read.
    return new CustodianError('DEVICE_BAD_REPLY', `${target}: malformed HTTP`, { cause: err });
  }
  const what = UNREACHABLE[name] ?? (name ? name.toLowerCase() : 'connection failed');
  return new CustodianError('DEVICE_UNREACHABLE', `${target}: ${what}`, { cause: err });
}
