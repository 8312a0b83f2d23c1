/**
 * The Hikvision family of the virtual lab: every device's ISAPI server on its own address, one
 * SADP responder for the fleet, and the account state both act on. `startHikvisionFleet` is the
 * FamilyStarter the lab calls; it refuses anything outside 127.0.0.0/8.
 */
import { assertLoopback } from '../fleet/addressing';
import type { FamilyContext, FamilyRuntime, FamilyStarter } from '../families/types';
import { assumedDigestRealm } from './assumptions';
import { HikDeviceState } from './device-state';
import { DigestServer } from './digest';
import { startIsapiServer, type IsapiServer } from './isapi-server';
import { SadpResponder } from './sadp-responder';
import { accountSnapshot } from './snapshot';
import { SADP_PORT, type HikvisionLabDevice } from './types';

export interface HikvisionFleetOptions {
  /**
   * Start the SADP responder (default true). Off for ISAPI-only tests outside the network
   * namespace: SADP binds UDP and multicasts, which only runs inside it.
   */
  sadp?: boolean;
}

/** A running Hikvision family; `state` is for tests that need to look inside a device. */
export interface HikvisionRuntime extends FamilyRuntime {
  state(deviceId: string): HikDeviceState;
}

/** Starts the devices with options; see `startHikvisionFleet`. */
export async function startHikvisionFleetWith(
  devices: HikvisionLabDevice[],
  ctx: FamilyContext,
  opts: HikvisionFleetOptions = {},
): Promise<HikvisionRuntime> {
  assertLoopback(ctx.interfaceAddress, 'multicast interface');
  for (const d of devices) {
    assertLoopback(d.ip, `device ${d.id} address`);
    if (d.ports.sadp !== SADP_PORT)
      throw new Error(`device ${d.id}: SADP is always on ${SADP_PORT}`);
  }
  const states = devices.map((d) => new HikDeviceState(d, ctx));
  const byId = new Map(states.map((s) => [s.device.id, s]));
  if (byId.size !== states.length) throw new Error('hikvision fleet: device ids must be unique');
  const servers: IsapiServer[] = [];
  let responder: SadpResponder | undefined;
  const closeAll = async () => {
    await responder?.stop();
    await Promise.all(servers.map((s) => s.close()));
  };
  try {
    const results = await Promise.allSettled(
      states.map((s) => {
        const digest = new DigestServer(assumedDigestRealm(s.device.serial));
        // A reboot voids the nonces of the old boot and is announced on SADP (§1).
        s.onReboot = (st) => {
          digest.rotate();
          void responder?.hello(st);
        };
        return startIsapiServer(s, digest);
      }),
    );
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') {
        servers.push(r.value);
        // Port 0 asked for any free port: ProbeMatch HttpPort must carry the real one.
        states[i]!.device.ports.http = r.value.port;
      }
    });
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) {
      const d = devices[failed]!;
      const reason = (results[failed] as PromiseRejectedResult).reason as Error;
      throw new Error(
        `device ${d.id} could not listen on ${d.ip}:${d.ports.http}: ${reason.message}`,
        { cause: reason },
      );
    }
    // ctx.discovery false (HTTP-only labs outside the network namespace) binds no UDP either.
    if (opts.sadp ?? ctx.discovery ?? true)
      responder = await SadpResponder.start(states, ctx.interfaceAddress, ctx.onWarning);
  } catch (err) {
    await closeAll();
    throw err;
  }
  const get = (id: string) => {
    const s = byId.get(id);
    if (!s) throw new Error(`no hikvision device ${id} in this lab`);
    return s;
  };
  let stopping: Promise<void> | undefined;
  return {
    family: 'hikvision',
    state: get,
    snapshot: (id) => accountSnapshot(get(id)),
    reboot: async (id) => get(id).reboot(),
    stop: () => (stopping ??= closeAll()),
  };
}

/** The lab's FamilyStarter for Hikvision: ISAPI servers plus the SADP responder. */
export const startHikvisionFleet: FamilyStarter<HikvisionLabDevice> = (devices, ctx) =>
  startHikvisionFleetWith(devices, ctx);
