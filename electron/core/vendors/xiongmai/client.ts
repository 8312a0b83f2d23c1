/**
 * NETIP client for one XM device: login (1000/1001) with the Sofia hash, keep-alive (1006/1007),
 * config get (1042/1043) and logout (1002/1003), xiongmai.md §2-§5. A login is one attempt, sent
 * once and never retried; its refusal comes back as a typed result for the lockout guard. The
 * password and its hash are never logged, kept, or put into an error.
 */
import { CustodianError } from '../../../shared/errors';
import { XM_MSG, formatXmSessionId, parseXmSessionId } from '../../discovery/xm/netip';
import { assumedXmLogoutBody } from './assumptions';
import { classifyLoginRet, xmRetText, type XmLoginRefusal } from './codes';
import { XmConnection, type XmConnectionOptions, type XmReply } from './connection';
import { XmProtocolError, XmRetError } from './errors';
import { sofiaHash } from './sofia';

export interface XmClientOptions extends XmConnectionOptions {
  /** Send KeepAlive on the device's AliveInterval after login. Default true. */
  keepAlive?: boolean;
  /** Overrides the interval the device asked for (tests). */
  keepAliveIntervalMs?: number;
  /** A failed keep-alive closes the connection; this says why. */
  onKeepAliveError?: (err: CustodianError) => void;
}

/** What a login attempt came to. Transport failures are thrown instead. */
export type XmLoginResult =
  | {
      ok: true;
      sessionId: number;
      /** Seconds between keep-alives the device wants; null when it did not say. */
      aliveIntervalS: number | null;
      channelNum: number | null;
      /** The login reply's class string ("IPC", "DVR", "HVR", ...). */
      deviceType: string | null;
      /** Newer firmware that encrypts bodies says true here; later calls may not be readable. */
      dataUseAes: boolean | null;
    }
  | {
      ok: false;
      reason: XmLoginRefusal;
      ret: number;
      retText: string;
      /** One of the device's tries was spent on this attempt. */
      authFailure: boolean;
      /** The account is locked or blacklisted now. */
      locked: boolean;
    };

const DEFAULT_ALIVE_S = 20;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A session with one XM device. Create with `XmNetipClient.connect`. */
export class XmNetipClient {
  readonly #conn: XmConnection;
  readonly #options: XmClientOptions;
  #sessionId: number | null = null;
  #loginInFlight = false;
  #timer: NodeJS.Timeout | null = null;

  private constructor(conn: XmConnection, options: XmClientOptions) {
    this.#conn = conn;
    this.#options = options;
  }

  /** Opens the TCP connection; throws NON_LOOPBACK_REFUSED, DEVICE_UNREACHABLE or TIMEOUT. */
  static async connect(options: XmClientOptions): Promise<XmNetipClient> {
    return new XmNetipClient(await XmConnection.open(options), options);
  }

  /** The session the device assigned at login; null before login and after logout. */
  get sessionId(): number | null {
    return this.#sessionId;
  }

  /**
   * One login attempt as `user` (the password goes as its Sofia hash, `EncryptType` MD5). Resolves
   * with the device's verdict; throws only when there is no verdict (timeout, closed, bad reply).
   */
  async login(user: string, password: string): Promise<XmLoginResult> {
    if (this.#sessionId !== null || this.#loginInFlight) {
      throw new CustodianError('INVALID_INPUT', 'XM session already logged in');
    }
    this.#loginInFlight = true;
    let reply: XmReply;
    try {
      reply = await this.#conn.request(
        XM_MSG.LOGIN_REQ,
        {
          EncryptType: 'MD5',
          LoginType: 'DVRIP-Web',
          PassWord: sofiaHash(password),
          UserName: user,
        },
        0,
      );
    } finally {
      this.#loginInFlight = false;
    }
    const { body, header } = reply;
    const ret = num(body.Ret);
    if (ret === null) throw new XmProtocolError('login reply without Ret');
    if (ret !== 100) {
      const refusal = classifyLoginRet(ret);
      return { ok: false, ...refusal, ret, retText: xmRetText(ret) };
    }
    const sessionId = parseXmSessionId(body.SessionID) ?? header.sessionId;
    this.#sessionId = sessionId;
    // The key has a trailing space on real devices ("DeviceType "); accept the clean one too.
    const deviceType = body['DeviceType '] ?? body.DeviceType;
    const alive = num(body.AliveInterval);
    this.#startKeepAlive(alive);
    return {
      ok: true,
      sessionId,
      aliveIntervalS: alive,
      channelNum: num(body.ChannelNum),
      deviceType: typeof deviceType === 'string' ? deviceType.trim() : null,
      dataUseAes: typeof body.DataUseAES === 'boolean' ? body.DataUseAES : null,
    };
  }

  /** One KeepAlive (1006); throws XmRetError when the device no longer knows the session. */
  async keepAlive(): Promise<void> {
    const sessionId = this.#requireSession();
    const SessionID = formatXmSessionId(sessionId);
    const reply = await this.#conn.request(
      XM_MSG.KEEPALIVE_REQ,
      { Name: 'KeepAlive', SessionID },
      sessionId,
    );
    this.#checkRet(XM_MSG.KEEPALIVE_REQ, reply);
  }

  /**
   * Reads one config (1042) by name, e.g. `NetWork.NetCommon` or `General.PwdSafety`, and returns
   * the value the device put under that name. Throws XmRetError for a refusal (607 missing, ...).
   */
  async getConfig(name: string): Promise<unknown> {
    const sessionId = this.#requireSession();
    const SessionID = formatXmSessionId(sessionId);
    const reply = await this.#conn.request(
      XM_MSG.CONFIG_GET_REQ,
      { Name: name, SessionID },
      sessionId,
    );
    this.#checkRet(XM_MSG.CONFIG_GET_REQ, reply);
    if (!(name in reply.body)) throw new XmProtocolError(`config reply without "${name}"`);
    return reply.body[name];
  }

  /**
   * Ends the session (1002) and closes the connection. Best effort: a device that drops the
   * connection instead of answering has logged us out just the same, so this never throws.
   */
  async logout(): Promise<void> {
    this.#stopKeepAlive();
    const sessionId = this.#sessionId;
    this.#sessionId = null;
    if (sessionId !== null && !this.#conn.closed) {
      await this.#conn
        .request(XM_MSG.LOGOUT_REQ, assumedXmLogoutBody(formatXmSessionId(sessionId)), sessionId)
        .catch(() => undefined);
    }
    await this.#conn.close();
  }

  /** Closes the connection without logging out (the device drops the session on its own). */
  async close(): Promise<void> {
    this.#stopKeepAlive();
    this.#sessionId = null;
    await this.#conn.close();
  }

  #requireSession(): number {
    if (this.#sessionId === null) throw new CustodianError('DEVICE_AUTH_REQUIRED');
    return this.#sessionId;
  }

  #checkRet(messageId: number, reply: XmReply): void {
    const ret = num(reply.body.Ret);
    if (ret === null) throw new XmProtocolError(`reply ${reply.header.messageId} without Ret`);
    if (ret !== 100) throw new XmRetError(messageId, ret);
  }

  #startKeepAlive(aliveS: number | null): void {
    if (this.#options.keepAlive === false) return;
    const ms =
      this.#options.keepAliveIntervalMs ?? (aliveS && aliveS > 0 ? aliveS : DEFAULT_ALIVE_S) * 1000;
    const tick = (): void => {
      this.keepAlive().then(
        () => {
          if (this.#timer) this.#timer = setTimeout(tick, ms).unref();
        },
        (err: unknown) => {
          if (!this.#timer) return; // stopped meanwhile (logout, close): not a failure
          this.#stopKeepAlive();
          const error =
            err instanceof CustodianError ? err : new CustodianError('INTERNAL', 'keep-alive');
          void this.#conn.close();
          this.#options.onKeepAliveError?.(error);
        },
      );
    };
    // unref: an idle session must not keep a CLI run alive on its own.
    this.#timer = setTimeout(tick, ms).unref();
  }

  #stopKeepAlive(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
