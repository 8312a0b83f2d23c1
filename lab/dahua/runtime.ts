/**
 * The Dahua family runtime: every Dahua (and OEM) device of a fleet, each with its HTTP service
 * on its own address, plus one DHIP discovery responder for all of them. It keeps each device's
 * account state, applies its faults and hands reset payloads to the vendor desk.
 */
import type { FamilyContext, FamilyRuntime, FamilyStarter } from '../families/types';
import { assertLoopback } from '../fleet/addressing';
import type { DahuaLabDevice } from './device';
import { DahuaDeviceState } from './device-state';
import { DhipResponder } from './dhip-responder';
import type { DahuaEnv } from './env';
import { FaultGate } from './fault-gate';
import { startDahuaHttp, type DahuaHttpService } from './http-service';
import { DEFAULT_LOCK_AFTER_FAILURES } from './device-state';

export interface DahuaRuntimeOptions {
  /**
   * Start the DHIP responder. Default: `ctx.discovery`, else true. Off for HTTP-only tests that
   * run outside the network namespace.
   */
  dhip?: boolean;
}

/** The runtime plus live state access for tests and the lab's control API. */
export interface DahuaRuntime extends FamilyRuntime {
  state(deviceId: string): DahuaDeviceState;
}

/** Starts the family with options; `startDahuaFleet` is this with the defaults. */
export async function startDahuaRuntime(
  devices: DahuaLabDevice[],
  ctx: FamilyContext,
  opts: DahuaRuntimeOptions = {},
): Promise<DahuaRuntime> {
  for (const d of devices) assertLoopback(d.ip, `device ${d.id} address`);
  const states = new Map(devices.map((d) => [d.id, new DahuaDeviceState(d, ctx.now())]));
  // A recorder finds its cameras by IP. On a shared address (macOS/Windows lab) an IP names several
  // devices, so it names none: the sync is recorded but changes no simulated camera by mistake.
  const byIp = new Map<string, DahuaDeviceState | undefined>();
  for (const s of states.values()) byIp.set(s.device.ip, byIp.has(s.device.ip) ? undefined : s);
  const gates = new Map(devices.map((d) => [d.id, new FaultGate(() => ctx.faults(d.id))]));
  const http = new Map<string, DahuaHttpService>();
  let dhip: DhipResponder | undefined;

  const get = (id: string): DahuaDeviceState => {
    const s = states.get(id);
    if (!s) throw new Error(`no dahua device ${id}`);
    return s;
  };
  const env = (s: DahuaDeviceState): DahuaEnv => ({
    now: ctx.now(),
    lockAfterFailures: ctx.faults(s.device.id).lockAfterFailures,
    desk: ctx.desk,
    findByIp: (ip) => byIp.get(ip),
  });
  const reboot = (s: DahuaDeviceState): void => {
    const cancelled = s.reboot(ctx.now());
    if (cancelled !== null) ctx.desk.cancel(cancelled);
    http.get(s.device.id)?.dropConnections();
    ctx.onWarning(`dahua ${s.device.id} rebooted`);
  };
  const closeAll = async () => {
    await dhip?.stop();
    await Promise.all([...http.values()].map((h) => h.close()));
  };

  try {
    for (const s of states.values()) {
      const service = await startDahuaHttp(s, {
        env: () => env(s),
        fate: () => gates.get(s.device.id)!.next(),
        reboot: () => reboot(s),
      });
      http.set(s.device.id, service);
      // Port 0 asked for any free port: discovery must report the real one.
      s.device.ports.http = service.port;
    }
    if (opts.dhip ?? ctx.discovery ?? true) {
      dhip = await DhipResponder.start({
        devices: [...states.values()],
        interfaceAddress: ctx.interfaceAddress,
        fate: (s) => gates.get(s.device.id)!.next(),
        reboot,
        onWarning: ctx.onWarning,
      });
    }
  } catch (err) {
    await closeAll();
    throw err;
  }

  return {
    family: 'dahua',
    state: get,
    snapshot: (id) => snapshotOf(get(id), ctx),
    reboot: async (id) => reboot(get(id)),
    stop: closeAll,
  };
}

/** Account state without secrets, for the manifest and the control API. */
function snapshotOf(s: DahuaDeviceState, ctx: FamilyContext): Record<string, unknown> {
  const now = ctx.now();
  const limit = ctx.faults(s.device.id).lockAfterFailures ?? DEFAULT_LOCK_AFTER_FAILURES;
  const lockMs = s.lockRemainingMs(now);
  return {
    initialized: s.initialized,
    emailBound: s.email !== null,
    phoneBound: s.phone !== null,
    questionsSet: s.questions.length > 0,
    locked: lockMs > 0,
    lockRemainingSeconds: Math.ceil(lockMs / 1000),
    remainLoginTimes: lockMs > 0 ? 0 : Math.max(0, limit - s.loginFailures),
    resetPending: s.reset !== null && s.reset.expiresAt > now,
    syncedCameras: s.synced.map((c) => ({
      ip: c.ip,
      serial: c.serial,
      at: new Date(c.at).toISOString(),
    })),
    bootTime: new Date(s.bootTime).toISOString(),
  };
}

/** The family starter `startLab` plugs in: HTTP per device and the DHIP responder. */
export const startDahuaFleet: FamilyStarter<DahuaLabDevice> = (devices, ctx) =>
  startDahuaRuntime(devices, ctx);
