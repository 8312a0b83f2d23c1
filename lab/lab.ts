/**
 * Starts and stops a fleet of simulated devices on loopback. `startLab` decides the addressing,
 * starts every device's HTTP service and the shared WS-Discovery responder, and returns the
 * manifest clients use. It refuses anything outside 127.0.0.0/8: the lab never touches a real
 * network (DESIGN.md "Network safety").
 */
import {
  currentPlanInputs,
  planAddressing,
  resolveFleet,
  assertLoopback,
  type PlanInputs,
} from './fleet/addressing';
import { loadFleet } from './fleet/fleet-file';
import type { Fleet } from './fleet/spec';
import { manifestDevice, type LabManifest } from './manifest';
import { startDeviceService, type DeviceService } from './onvif/device-service';
import { OnvifDeviceState } from './onvif/device-state';
import { WSD_GROUP, WSD_PORT } from './onvif/namespaces';
import { WsdResponder } from './onvif/wsd-responder';

export interface StartLabOptions {
  /** A preset name, a fleet file path, or a fleet. */
  fleet: Fleet | string;
  /** There is no other mode: the type makes every caller say so. */
  loopbackOnly: true;
  /** Linux: first device address (default 127.0.1.1). Tests running side by side pick distinct ranges. */
  firstAddress?: string;
  /** Overrides the planned HTTP port; 0 gives every device a free port. */
  httpPort?: number;
  /** Start the WS-Discovery responder (default true). Off for HTTP-only tests outside the netns. */
  wsDiscovery?: boolean;
  /** Overrides platform facts (tests of the shared-ip plan). */
  planInputs?: PlanInputs;
  onWarning?: (message: string) => void;
}

export interface Lab {
  readonly manifest: LabManifest;
  /** Milliseconds from the call to every device announced. */
  readonly readyMs: number;
  /** Live state of a device by id (account state and users change as clients act). */
  device(id: string): OnvifDeviceState;
  /** Sends Bye for every device, closes every socket; resolves once all are closed. */
  stop(): Promise<void>;
}

/** Starts a fleet; throws (after closing whatever it opened) if any device cannot bind. */
export async function startLab(opts: StartLabOptions): Promise<Lab> {
  const started = performance.now();
  if ((opts.loopbackOnly as boolean) !== true) throw new Error('the lab runs on loopback only');
  const fleet = typeof opts.fleet === 'string' ? loadFleet(opts.fleet) : opts.fleet;
  let plan = planAddressing(opts.planInputs ?? currentPlanInputs(), opts.firstAddress);
  if (opts.httpPort !== undefined) plan = { ...plan, httpPort: opts.httpPort };
  const devices = resolveFleet(fleet.devices, plan);
  for (const d of devices) assertLoopback(d.ip, `device ${d.id} address`);
  const instanceId = Math.floor(Date.now() / 1000);
  const states = devices.map((d) => new OnvifDeviceState(d, instanceId));
  const byId = new Map(states.map((s) => [s.device.id, s]));

  const services: DeviceService[] = [];
  let responder: WsdResponder | undefined;
  const closeAll = async () => {
    await responder?.stop();
    await Promise.all(services.map((s) => s.close()));
  };
  try {
    const results = await Promise.allSettled(states.map((s) => startDeviceService(s)));
    for (const r of results) if (r.status === 'fulfilled') services.push(r.value);
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) {
      const d = devices[failed]!;
      const reason = (results[failed] as PromiseRejectedResult).reason as Error;
      throw new Error(
        `device ${d.id} could not listen on ${d.ip}:${d.ports.http}: ${reason.message}`,
        { cause: reason },
      );
    }
    // Port 0 asked for any free port: the announced XAddrs must carry the real one.
    for (const s of services) s.state.device.ports.http = s.port;
    if (opts.wsDiscovery !== false) {
      responder = await WsdResponder.start({ devices: states, onWarning: opts.onWarning });
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  const readyMs = Math.round(performance.now() - started);
  const manifest: LabManifest = {
    version: 1,
    fleet: fleet.name,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    readyMs,
    interfaces: ['127.0.0.1'],
    addressing: plan,
    wsDiscovery: { group: WSD_GROUP, port: WSD_PORT },
    devices: devices.map((d) => manifestDevice(d, WSD_PORT)),
  };
  let stopping: Promise<void> | undefined;
  return {
    manifest,
    readyMs,
    device(id) {
      const s = byId.get(id);
      if (!s) throw new Error(`no device ${id} in this lab`);
      return s;
    },
    stop: () => (stopping ??= closeAll()),
  };
}
