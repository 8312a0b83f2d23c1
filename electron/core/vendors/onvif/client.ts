/**
 * ONVIF device-service client: the PRE_AUTH clock call, then identity, scopes, interfaces and
 * users, over HTTP digest or a WS-Security UsernameToken. Each credential is sent at most once
 * per call, and a refusal is thrown, never retried (the lockout guard counts on this).
 */
import { randomBytes } from 'node:crypto';
import { CustodianError } from '../../../shared/errors';
import {
  createHttpClient,
  HttpAuthFailedError,
  type HttpClient,
  type HttpCredentials,
  type HttpResponse,
} from '../../net/http-client';
import * as codec from './codec';
import { isNotAuthorizedFault, OnvifAuthFailedError, OnvifFaultError } from './errors';
import { buildRequest, contentTypeFor, createUsernameToken, type DeviceOperation } from './soap';

export type OnvifAuthMode = 'digest' | 'usernameToken' | 'auto';

export interface OnvifDeviceClientOptions {
  /** The device service URL, e.g. `http://192.0.2.10/onvif/device_service`. */
  xaddr: string;
  credentials?: HttpCredentials;
  /** `auto` (default): digest when the device challenges for it, else a UsernameToken. */
  auth?: OnvifAuthMode;
  timeoutMs?: number;
  http?: HttpClient;
  /** Local clock, injectable for tests. */
  now?: () => number;
  /** UsernameToken nonce source; 16 random bytes by default. */
  nonce?: () => Uint8Array;
}

/** The device clock, plus how far it is from ours (device minus local, in ms). */
export type OnvifClock = codec.OnvifSystemDateAndTime & { offsetMs: number };

interface Reply {
  res: HttpResponse;
  env: codec.SoapEnvelope | null;
  refused: boolean;
}

/** Talks to one device's device service. Cheap to create; holds the measured clock offset. */
export class OnvifDeviceClient {
  readonly #xaddr: string;
  readonly #credentials: HttpCredentials | undefined;
  readonly #auth: OnvifAuthMode;
  readonly #timeoutMs: number | undefined;
  readonly #http: HttpClient;
  readonly #now: () => number;
  readonly #nonce: () => Uint8Array;
  #offsetMs: number | null = null;
  /** Set once a UsernameToken was accepted, so later calls skip the anonymous probe. */
  #tokenWorks = false;

  constructor(options: OnvifDeviceClientOptions) {
    this.#xaddr = options.xaddr;
    this.#credentials = options.credentials;
    this.#auth = options.auth ?? 'auto';
    this.#timeoutMs = options.timeoutMs;
    this.#http = options.http ?? createHttpClient();
    this.#now = options.now ?? Date.now;
    this.#nonce = options.nonce ?? (() => randomBytes(16));
  }

  /** Device clock minus local clock, once GetSystemDateAndTime has answered; else null. */
  get clockOffsetMs(): number | null {
    return this.#offsetMs;
  }

  /**
   * GetSystemDateAndTime (PRE_AUTH): always asked anonymously first; only a device that refuses
   * gets credentials (some Panasonic and Digital Barriers firmware, per agsh/onvif). Records the
   * clock offset that UsernameToken timestamps use.
   */
  async getSystemDateAndTime(): Promise<OnvifClock> {
    return this.#clock(false);
  }

  /** GetDeviceInformation (READ_SYSTEM). */
  async getDeviceInformation(): Promise<codec.OnvifDeviceInformation> {
    return codec.decodeDeviceInformation(await this.#call('GetDeviceInformation'));
  }

  /** GetScopes (READ_SYSTEM). */
  async getScopes(): Promise<codec.OnvifScope[]> {
    return codec.decodeScopes(await this.#call('GetScopes'));
  }

  /** GetNetworkInterfaces (READ_SYSTEM). */
  async getNetworkInterfaces(): Promise<codec.OnvifNetworkInterface[]> {
    return codec.decodeNetworkInterfaces(await this.#call('GetNetworkInterfaces'));
  }

  /** GetUsers (READ_SYSTEM_SECRET): names and levels only; any password sent is dropped. */
  async getUsers(): Promise<codec.OnvifUsers> {
    return codec.decodeUsers(await this.#call('GetUsers'));
  }

  async #clock(anonymousOnly: boolean): Promise<OnvifClock> {
    const before = this.#now();
    const env = await this.#call('GetSystemDateAndTime', anonymousOnly);
    const after = this.#now();
    const clock = codec.decodeSystemDateAndTime(env);
    // The device read its clock somewhere in the round trip; the midpoint halves the error.
    const offsetMs = clock.utc.getTime() - Math.round((before + after) / 2);
    this.#offsetMs = offsetMs;
    return { ...clock, offsetMs };
  }

  async #call(op: DeviceOperation, anonymousOnly = false): Promise<codec.SoapEnvelope> {
    const creds = anonymousOnly ? undefined : this.#credentials;
    const isClock = op === 'GetSystemDateAndTime';
    if (creds && !isClock && (this.#auth === 'usernameToken' || this.#tokenWorks)) {
      return this.#callWithToken(op, creds);
    }
    // Anonymous request; the HTTP client answers a digest challenge with `creds` at most once.
    const reply = await this.#send(
      op,
      buildRequest(op),
      this.#auth === 'usernameToken' ? undefined : creds,
    );
    if (!reply.refused) return accepted(reply);
    if (reply.res.authenticated === 'digest') throw new OnvifAuthFailedError('digest');
    if (!creds) throw new CustodianError('DEVICE_AUTH_REQUIRED', op);
    if (this.#auth === 'digest') {
      throw new CustodianError('DEVICE_AUTH_REQUIRED', `${op}: device offers no HTTP digest`);
    }
    return this.#callWithToken(op, creds);
  }

  async #callWithToken(op: DeviceOperation, creds: HttpCredentials): Promise<codec.SoapEnvelope> {
    const offset = this.#offsetMs ?? (op === 'GetSystemDateAndTime' ? 0 : await this.#measure());
    const token = createUsernameToken({
      username: creds.username,
      password: creds.password,
      nonce: this.#nonce(),
      created: new Date(this.#now() + offset),
    });
    // No HTTP credentials here: the token is this request's one try, digest must not add another.
    const reply = await this.#send(op, buildRequest(op, token), undefined);
    if (reply.refused) throw new OnvifAuthFailedError('usernameToken');
    const env = accepted(reply);
    this.#tokenWorks = true;
    return env;
  }

  /** The clock offset from an anonymous GetSystemDateAndTime; 0 if the device will not say. */
  async #measure(): Promise<number> {
    try {
      return (await this.#clock(true)).offsetMs;
    } catch (err) {
      // Without the device's time, our own clock is the best guess; a device that is down or
      // too slow, though, would fail the real call too, so that error is the one to report.
      if (
        err instanceof CustodianError &&
        err.code !== 'DEVICE_UNREACHABLE' &&
        err.code !== 'TIMEOUT'
      ) {
        return 0;
      }
      throw err;
    }
  }

  async #send(
    op: DeviceOperation,
    xml: string,
    creds: HttpCredentials | undefined,
  ): Promise<Reply> {
    let res: HttpResponse;
    try {
      res = await this.#http.request({
        method: 'POST',
        url: this.#xaddr,
        headers: { 'content-type': contentTypeFor(op) },
        body: xml,
        timeoutMs: this.#timeoutMs,
        credentials: creds,
      });
    } catch (err) {
      if (err instanceof HttpAuthFailedError)
        throw new OnvifAuthFailedError('digest', { cause: err });
      throw err;
    }
    const env = parseReply(res);
    const refused = res.status === 401 || (env?.fault != null && isNotAuthorizedFault(env.fault));
    return { res, env, refused };
  }
}

/** Parses a reply body: strictly for a 200, leniently for errors (their body may be HTML). */
function parseReply(res: HttpResponse): codec.SoapEnvelope | null {
  if (res.status === 200) return codec.parseEnvelope(res.body);
  if (res.status === 401 || res.body.length === 0) return null;
  try {
    return codec.parseEnvelope(res.body);
  } catch {
    return null;
  }
}

function accepted(reply: Reply): codec.SoapEnvelope {
  if (reply.env?.fault) throw new OnvifFaultError(reply.env.fault);
  if (reply.res.status !== 200 || !reply.env) {
    throw new CustodianError('DEVICE_BAD_REPLY', `HTTP ${reply.res.status}`);
  }
  return reply.env;
}
