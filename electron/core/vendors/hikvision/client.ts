/**
 * Read-only Hikvision ISAPI client: activation state, identity and the security / reset
 * capabilities (hikvision.md §10, §12, §13). Endpoints the web UI reads before login go out
 * without credentials; the rest answer one digest challenge at most. A refusal is thrown with the
 * lock fields from the device's 401 body and never retried (the lockout guard counts on this).
 */
import { CustodianError } from '../../../shared/errors';
import { createHttpClient, type HttpClient, type HttpCredentials } from '../../net/http-client';
import * as codec from './codec';
import { HikvisionAuthError, IsapiStatusError } from './errors';
import { decodeIsapiStatus } from './status';
import { isapiGet, type IsapiReply } from './transport';

/** The read-only endpoints, and whether each needs a login. */
export const ISAPI_ENDPOINTS = {
  /** Answers without auth, before and after activation [C2]. */
  activateStatus: { path: '/SDK/activateStatus', auth: false },
  deviceInfo: { path: '/ISAPI/System/deviceInfo', auth: true },
  securityCapabilities: { path: '/ISAPI/Security/capabilities', auth: true },
  /** Read by the login page before login [C2]. */
  externSecurityCapabilities: { path: '/ISAPI/Security/extern/capabilities', auth: false },
} as const;
type Endpoint = keyof typeof ISAPI_ENDPOINTS;

export interface HikvisionIsapiClientOptions {
  /** `http://host[:port]` of the device's HttpPort; a path, if any, is ignored. */
  baseUrl: string;
  credentials?: HttpCredentials;
  timeoutMs?: number;
  http?: HttpClient;
  /** Digest client nonces; injectable so tests are deterministic. */
  cnonce?: () => string;
}

/** Talks to one device's ISAPI. Cheap to create; holds no state between calls. */
export class HikvisionIsapiClient {
  readonly #origin: string;
  readonly #credentials: HttpCredentials | undefined;
  readonly #timeoutMs: number | undefined;
  readonly #http: HttpClient;
  readonly #cnonce: (() => string) | undefined;

  constructor(options: HikvisionIsapiClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new CustodianError('INVALID_INPUT', 'not a URL');
    }
    if (url.protocol !== 'http:') throw new CustodianError('INVALID_INPUT', 'only http: URLs');
    this.#origin = url.origin;
    this.#credentials = options.credentials;
    this.#timeoutMs = options.timeoutMs;
    this.#http = options.http ?? createHttpClient();
    this.#cnonce = options.cnonce;
  }

  /** `GET /SDK/activateStatus`, anonymous: false means factory-fresh, no password yet. */
  async getActivateStatus(): Promise<codec.HikActivateStatus> {
    return codec.decodeActivateStatus(await this.#get('activateStatus'));
  }

  /** `GET /ISAPI/System/deviceInfo` (digest). */
  async getDeviceInfo(): Promise<codec.HikDeviceInfo> {
    return codec.decodeDeviceInfo(await this.#get('deviceInfo'));
  }

  /** `GET /ISAPI/Security/capabilities` (digest). */
  async getSecurityCapabilities(): Promise<codec.HikSecurityCapabilities> {
    return codec.decodeSecurityCapabilities(await this.#get('securityCapabilities'));
  }

  /** `GET /ISAPI/Security/extern/capabilities`, anonymous: the reset methods on offer. */
  async getExternSecurityCapabilities(): Promise<codec.HikExternSecurityCapabilities> {
    return codec.decodeExternSecurityCapabilities(await this.#get('externSecurityCapabilities'));
  }

  async #get(endpoint: Endpoint): Promise<Buffer> {
    const { path, auth } = ISAPI_ENDPOINTS[endpoint];
    const reply = await isapiGet(
      this.#http,
      {
        url: this.#origin + path,
        credentials: auth ? this.#credentials : undefined,
        timeoutMs: this.#timeoutMs,
      },
      this.#cnonce,
    );
    return accepted(reply);
  }
}

/** The body of a 200 that is not a status; every other outcome as a typed error. */
function accepted(reply: IsapiReply): Buffer {
  const status = decodeIsapiStatus(reply.body);
  if (reply.status === 401) {
    throw new HikvisionAuthError(
      reply.authenticated === 'digest',
      status?.lock ?? null,
      reply.stale,
    );
  }
  // Every endpoint here returns data; a ResponseStatus is the device declining (notSupport, or
  // notActivated before activation), whatever HTTP status came with it.
  if (status?.root === 'ResponseStatus' || (status && reply.status !== 200)) {
    throw new IsapiStatusError(reply.status, status);
  }
  if (reply.status !== 200) throw new CustodianError('DEVICE_BAD_REPLY', `HTTP ${reply.status}`);
  return reply.body;
}
