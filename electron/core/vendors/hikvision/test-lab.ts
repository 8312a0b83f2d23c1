/**
 * Test support for the driver: the real lab runtime in-process on a caller-chosen 127.x range, a
 * Device as discovery would hand it over, and an HTTP client that records what the driver sent so
 * tests can prove what never goes out (`?auth=`, a password in clear). Tests only.
 */
import type { Device } from '../../../shared/dto';
import { createHttpClient, type HttpClient, type HttpRequest } from '../../net/http-client';
import { startHikvisionFleetWith, type HikvisionRuntime } from '../../../../lab/hikvision';
import type { HikvisionLabDevice } from '../../../../lab/hikvision';
import { hikDevice } from '../../../../lab/hikvision/testing/devices';
import { fakeContext, type FakeContext } from '../../../../lab/hikvision/testing/fake-context';
import { createHikvisionDriver, type HikvisionDriverOptions } from './driver';

export interface Sent {
  method: string;
  url: string;
  body: string;
  authorized: boolean;
}

/** An HTTP client that keeps every request it sends. */
export function recordingHttp(): { http: HttpClient; sent: Sent[] } {
  const inner = createHttpClient({ timeoutMs: 2_000 });
  const sent: Sent[] = [];
  return {
    sent,
    http: {
      request(req: HttpRequest) {
        sent.push({
          method: req.method,
          url: req.url,
          body: req.body === undefined ? '' : Buffer.from(req.body).toString('utf8'),
          authorized: Boolean(req.headers?.authorization),
        });
        return inner.request(req);
      },
    },
  };
}

/** Lab device `n` on `prefix` with a MAC and serial of that range (other tests run beside). */
export function labDevice(
  prefix: string,
  n: number,
  over: Partial<HikvisionLabDevice> = {},
): HikvisionLabDevice {
  const third = Number(prefix.split('.')[2]).toString(16).padStart(2, '0');
  const two = n.toString(16).padStart(2, '0');
  return hikDevice(prefix, n, {
    id: `drv-${third}-${two}`,
    mac: `02:00:${third}:00:00:${two}`,
    serial: `DS-2CD2386G2-IU20230315AAWRJ${third}0000${two}`,
    ...over,
  });
}

/** The Device the engine would pass for a running lab device (SADP-sighted on loopback). */
export function asDevice(d: HikvisionLabDevice, over: Partial<Device> = {}): Device {
  const at = new Date().toISOString();
  return {
    id: d.id,
    family: 'hikvision',
    vendor: 'Hikvision',
    model: d.model,
    serial: d.serial,
    mac: d.mac,
    firmware: d.firmware,
    hardwareId: null,
    ip: d.ip,
    addresses: [d.ip],
    account: d.account.state,
    identity: 'discovery',
    needsCredentials: false,
    recovery: null,
    protocols: ['sadp'],
    interfaces: ['lo'],
    sightings: [
      { protocol: 'sadp', interfaceName: 'lo', interfaceAddress: '127.0.0.1', address: d.ip, at },
    ],
    ports: { http: d.ports.http },
    firstSeen: at,
    lastSeen: at,
    ...over,
  };
}

export interface Lab {
  ctx: FakeContext;
  runtime: HikvisionRuntime;
  devices: HikvisionLabDevice[];
  driver: ReturnType<typeof createHikvisionDriver>;
  sent: Sent[];
  sadpSent: string[];
}

/** Starts the lab (SADP only when asked) and a driver recording what it sends. */
export async function startLab(
  devices: HikvisionLabDevice[],
  opts: { sadp: boolean; driver?: HikvisionDriverOptions },
): Promise<Lab> {
  const ctx = fakeContext();
  const runtime = await startHikvisionFleetWith(devices, ctx, { sadp: opts.sadp });
  const { http, sent } = recordingHttp();
  const sadpSent: string[] = [];
  const driver = createHikvisionDriver({
    http,
    timeoutMs: 2_000,
    sadpTimeoutMs: 1_500,
    onSadpSend: (xml) => sadpSent.push(xml),
    ...opts.driver,
  });
  return { ctx, runtime, devices, driver, sent, sadpSent };
}
