/**
 * Dahua HTTP RPC client: the unauthenticated fingerprint, the two-step login, keep-alive, logout
 * and a generic `call` over /RPC2. One credential per `login()` call, sent once and never
 * retried (each wrong password burns one of the device's few tries, dahua.md §8).
 * DevInit / PasswdFind (activation and recovery) are not here yet.
 */
import { createHttpClient, type HttpClient, type HttpCredentials } from '../../net/http-client';
import { DahuaRpcError, fromTransport, isInvalidSessionCode } from './errors';
import {
  dahuaDefaultHash,
  loginFailure,
  loginStep1Params,
  loginStep2Params,
  readChallenge,
  type DahuaLoginResult,
} from './login';
import {
  decodeRpcReply,
  encodeRpcRequest,
  paramInt,
  type DahuaSession,
  type RpcReply,
} from './rpc-codec';

export interface DahuaRpcClientOptions {
  /** `http://host[:port]`, the device's web port (DHIP `HttpPort`). */
  baseUrl: string;
  http?: HttpClient;
  timeoutMs?: number;
}

/** What the login challenge says about a device, learned without spending a login try. */
export type DahuaFingerprint =
  | {
      kind: 'dahua';
      realm: string;
      serial: string | null;
      mac: string | null;
      encryption: string;
    }
  | { kind: 'notDahua'; reason: string };

/** What a successful `call` returned. */
export interface DahuaCallResult {
  result: boolean | number | null;
  params: Record<string, unknown> | null;
}

// A login reply is a few hundred bytes; a device that sends more is not answering a login.
const LOGIN_MAX_BYTES = 64 * 1024;

/** Talks to one device over /RPC2_Login and /RPC2. Holds the session after a login. */
export class DahuaRpcClient {
  readonly #base: string;
  readonly #http: HttpClient;
  readonly #timeoutMs: number | undefined;
  #nextId = 1;
  #session: DahuaSession | null = null;

  constructor(options: DahuaRpcClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#http = options.http ?? createHttpClient();
    this.#timeoutMs = options.timeoutMs;
  }

  /** Whether a login gave a session that has not been logged out or found invalid. */
  get loggedIn(): boolean {
    return this.#session !== null;
  }

  /**
   * Step 1 of the login only, with an empty password: a Dahua device answers with its realm
   * (`Login to <serial>`), which identifies it without spending a login try. Transport failures
   * throw; anything that answers but is not a Dahua login is `notDahua`.
   */
  async fingerprint(username = 'admin'): Promise<DahuaFingerprint> {
    const sent = await this.#post('/RPC2_Login', 'global.login', loginStep1Params(username), {
      maxBytes: LOGIN_MAX_BYTES,
    });
    if (!sent.ok) return { kind: 'notDahua', reason: sent.reason };
    const challenge = readChallenge(sent.reply);
    if (!challenge) return { kind: 'notDahua', reason: 'no login challenge in the reply' };
    const { realm, serial, mac, encryption } = challenge;
    return { kind: 'dahua', realm, serial, mac, encryption };
  }

  /**
   * Logs in with one credential: step 1 for the challenge, then step 2 with the hash, exactly
   * once. A refusal is a result (with tries left and lock time), not an exception; transport
   * failures throw a DahuaRpcError whose `attemptSent` says whether the hash was on its way.
   */
  async login(credentials: HttpCredentials): Promise<DahuaLoginResult> {
    this.#session = null;
    const { username, password } = credentials;
    const step1 = await this.#post('/RPC2_Login', 'global.login', loginStep1Params(username), {
      maxBytes: LOGIN_MAX_BYTES,
    });
    if (!step1.ok) throw new DahuaRpcError('DEVICE_BAD_REPLY', `login step 1: ${step1.reason}`);
    const challenge = readChallenge(step1.reply);
    // Locked or uninitialised devices may refuse at step 1: no password has been sent yet.
    if (!challenge) return loginFailure(step1.reply, false);
    if (challenge.encryption !== 'Default') {
      // Basic and Plain would put the password on the wire nearly in clear; the others are not
      // documented well enough to send a try on. Refusing here costs the device nothing.
      const failure = loginFailure(step1.reply, false);
      return { ...failure, reason: 'unsupportedEncryption', message: challenge.encryption };
    }
    const hash = dahuaDefaultHash({ username, password, ...challenge });
    const step2 = await this.#post(
      '/RPC2_Login',
      'global.login',
      loginStep2Params(username, hash),
      { maxBytes: LOGIN_MAX_BYTES, session: challenge.session ?? undefined, attemptSent: true },
    );
    if (!step2.ok) {
      throw new DahuaRpcError('DEVICE_BAD_REPLY', `login step 2: ${step2.reason}`, {
        attemptSent: true,
      });
    }
    const { reply } = step2;
    if (reply.result !== true || reply.error) return loginFailure(reply, true);
    const session = reply.session ?? challenge.session;
    if (session === null || session === 0) {
      throw new DahuaRpcError('DEVICE_BAD_REPLY', 'login accepted without a session', {
        attemptSent: true,
      });
    }
    this.#session = session;
    return { ok: true, keepAliveIntervalSec: paramInt(reply.params, 'keepAliveInterval') };
  }

  /**
   * Calls one method over /RPC2 with the session. Throws DahuaRpcError on a device error
   * (`DEVICE_AUTH_REQUIRED` when the session is gone) or an unreadable reply.
   */
  async call(method: string, params: unknown = null): Promise<DahuaCallResult> {
    if (this.#session === null) {
      throw new DahuaRpcError('DEVICE_AUTH_REQUIRED', method);
    }
    const sent = await this.#post('/RPC2', method, params, { session: this.#session });
    if (!sent.ok) throw new DahuaRpcError('DEVICE_BAD_REPLY', `${method}: ${sent.reason}`);
    const { reply } = sent;
    if (reply.error) {
      const rpcCode = reply.error.code;
      if (isInvalidSessionCode(rpcCode)) {
        this.#session = null;
        throw new DahuaRpcError('DEVICE_AUTH_REQUIRED', `${method}: session expired`, { rpcCode });
      }
      throw new DahuaRpcError('DEVICE_BAD_REPLY', `${method}: error ${rpcCode ?? '?'}`, {
        rpcCode,
      });
    }
    return { result: reply.result, params: reply.params };
  }

  /** `global.keepAlive`; resolves with the timeout the device granted, in seconds. */
  async keepAlive(timeoutSec = 300): Promise<number | null> {
    const { params } = await this.call('global.keepAlive', { timeout: timeoutSec, active: true });
    return paramInt(params, 'timeout');
  }

  /** `global.logout`, best effort: the session is forgotten locally whatever the device says. */
  async logout(): Promise<void> {
    if (this.#session === null) return;
    try {
      await this.call('global.logout', null);
    } catch {
      // The device drops idle sessions on its own; a failed logout leaves nothing to clean up.
    } finally {
      this.#session = null;
    }
  }

  async #post(
    path: string,
    method: string,
    params: unknown,
    options: { session?: DahuaSession; maxBytes?: number; attemptSent?: boolean },
  ): Promise<{ ok: true; reply: RpcReply } | { ok: false; reason: string }> {
    const body = encodeRpcRequest({ method, params, id: this.#nextId++, session: options.session });
    let res;
    try {
      res = await this.#http.request({
        method: 'POST',
        url: `${this.#base}${path}`,
        headers: { 'content-type': 'application/json' },
        body,
        timeoutMs: this.#timeoutMs,
        maxBodyBytes: options.maxBytes,
      });
    } catch (err) {
      throw fromTransport(err, options.attemptSent ?? false);
    }
    if (res.status !== 200) return { ok: false, reason: `HTTP ${res.status}` };
    const decoded = decodeRpcReply(res.body, options.maxBytes);
    return decoded.ok ? decoded : { ok: false, reason: decoded.reason };
  }
}
