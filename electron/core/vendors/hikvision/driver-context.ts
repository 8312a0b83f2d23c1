/**
 * What every Hikvision driver operation shares: where the device's ISAPI is, one exchange with at
 * most one credential try, reading a reply as OK / data / a typed error, the last lock fields a
 * device told, and the SADP channel for when HTTP cannot be used.
 */
import type { Device, NetInterface } from '../../../shared/dto';
import { CustodianError } from '../../../shared/errors';
import { createHttpClient, type HttpClient, type HttpCredentials } from '../../net/http-client';
import type { UdpOpener } from '../../net/udp';
import type { AttemptOutcome, LockState } from '../driver';
import { HikvisionAuthError, IsapiStatusError } from './errors';
import { SadpChannel } from './sadp-channel';
import { decodeIsapiStatus, isIsapiOk, type HikLoginLock } from './status';
import { isapiRequest, type IsapiCall, type IsapiReply } from './transport';

export interface HikvisionDriverOptions {
  http?: HttpClient;
  /** Per HTTP exchange; activation falls back to SADP when it runs out. */
  timeoutMs?: number;
  udpOpen?: UdpOpener;
  sadpTimeoutMs?: number;
  /** Where to send SADP for a device; default: the interface of its SADP (or any) sighting. */
  sadpInterface?: (device: Device) => NetInterface | null;
  /** Every SADP datagram sent (tests prove what never goes out); may hold secrets: never log. */
  onSadpSend?: (xml: string) => void;
  now?: () => number;
}

/** The interface that saw the device, from its sightings (SADP first). */
export function sightingInterface(device: Device): NetInterface | null {
  const s =
    device.sightings.find((x) => x.protocol === 'sadp') ??
    device.sightings.find((x) => x.interfaceAddress);
  if (!s) return null;
  // The socket binds the address; the mask only matters for broadcast, which commands do not use.
  return {
    name: s.interfaceName,
    address: s.interfaceAddress,
    netmask: '255.255.255.255',
    mac: null,
    internal: false,
  };
}

export class DriverContext {
  readonly http: HttpClient;
  readonly opts: HikvisionDriverOptions;
  /** The last lock fields each device sent (by device id): lockState() reads them. */
  readonly #locks = new Map<string, LockState>();

  constructor(opts: HikvisionDriverOptions = {}) {
    this.opts = opts;
    this.http = opts.http ?? createHttpClient();
  }

  now(): number {
    return (this.opts.now ?? Date.now)();
  }

  base(device: Device): string {
    const port = device.ports?.http ?? 80;
    return `http://${device.ip}:${port}`;
  }

  /** One ISAPI exchange; a 401's lock fields are remembered for lockState(). */
  async call(
    device: Device,
    method: IsapiCall['method'],
    path: string,
    extra: { body?: string; credentials?: HttpCredentials; contentType?: string } = {},
  ): Promise<IsapiReply> {
    const reply = await isapiRequest(this.http, {
      method,
      url: this.base(device) + path,
      timeoutMs: this.opts.timeoutMs,
      ...extra,
    });
    const lock = decodeIsapiStatus(reply.body)?.lock ?? null;
    if (lock) this.#locks.set(device.id, this.lockState(lock));
    return reply;
  }

  /** The lock fields as the driver interface states them. */
  lockState(lock: HikLoginLock | null): LockState {
    if (!lock) return { attemptsLeft: null, lockedUntil: null };
    const locked = lock.locked === true || lock.remainingAttempts === 0;
    const secs = lock.unlockInSeconds ?? 0;
    return {
      attemptsLeft: locked ? 0 : lock.remainingAttempts,
      lockedUntil: locked && secs > 0 ? new Date(this.now() + secs * 1000) : null,
    };
  }

  lastLock(device: Device): LockState | null {
    return this.#locks.get(device.id) ?? null;
  }

  /** A spent, refused try, with what the device said about its counter. */
  refused(lock: HikLoginLock | null): AttemptOutcome {
    const s = this.lockState(lock);
    const locked = s.attemptsLeft === 0 || lock?.locked === true;
    return { ok: false, spent: true, ...s, reason: locked ? 'locked' : 'rejected' };
  }

  /** A SADP channel to the device; the caller closes it. */
  sadp(device: Device): SadpChannel {
    const iface = (this.opts.sadpInterface ?? sightingInterface)(device);
    if (!iface || !device.mac) {
      throw new CustodianError('CAPABILITY_UNAVAILABLE', 'SADP needs the MAC and the interface');
    }
    return new SadpChannel({
      iface,
      mac: device.mac,
      open: this.opts.udpOpen,
      timeoutMs: this.opts.sadpTimeoutMs,
      onSend: this.opts.onSadpSend,
    });
  }
}

/** Runs `fn` over a fresh SADP channel and closes it whatever happens. */
export async function withSadp<T>(
  ctx: DriverContext,
  device: Device,
  fn: (ch: SadpChannel) => Promise<T>,
): Promise<T> {
  const ch = ctx.sadp(device);
  try {
    return await fn(ch);
  } finally {
    await ch.close();
  }
}

/** A 401 as a typed error (spent when a credential went out). */
function authError(reply: IsapiReply): HikvisionAuthError {
  const lock = decodeIsapiStatus(reply.body)?.lock ?? null;
  return new HikvisionAuthError(reply.authenticated === 'digest', lock, reply.stale);
}

/** A write's reply: ResponseStatus OK, or a typed error (riskPassword is a policy refusal). */
export function expectOk(reply: IsapiReply): void {
  if (reply.status === 401) throw authError(reply);
  const status = decodeIsapiStatus(reply.body);
  if (reply.status === 200 && (status === null || isIsapiOk(status))) return;
  if (status?.subStatusCode === 'riskPassword') {
    throw new CustodianError('PASSWORD_POLICY', 'the device called it risky');
  }
  // A wrong admin password in a body (403 badAuthorization) is a spent try as well.
  if (status?.subStatusCode === 'badAuthorization') {
    throw new HikvisionAuthError(true, status.lock);
  }
  if (status) throw new IsapiStatusError(reply.status, status);
  throw new CustodianError('DEVICE_BAD_REPLY', `HTTP ${reply.status}`);
}

/** A read's reply body, or a typed error. */
export function expectData(reply: IsapiReply): Buffer {
  if (reply.status === 401) throw authError(reply);
  const status = decodeIsapiStatus(reply.body);
  if (reply.status === 200 && status?.root !== 'ResponseStatus') return reply.body;
  if (status) throw new IsapiStatusError(reply.status, status);
  throw new CustodianError('DEVICE_BAD_REPLY', `HTTP ${reply.status}`);
}

/** Transport failures that mean "HTTP cannot reach it" (not "it answered no"). */
export function isUnreachable(err: unknown): boolean {
  return (
    err instanceof CustodianError && (err.code === 'DEVICE_UNREACHABLE' || err.code === 'TIMEOUT')
  );
}
