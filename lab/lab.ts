/**
 * Starts and stops a fleet of simulated devices on loopback. `startLab` decides the addressing,
 * starts one runtime per family (lab/families/registry.ts), the vendor desk with its mailbox, the
 * control API and, when asked, mDNS adverts, and returns the manifest clients use. It refuses
 * anything outside 127.0.0.0/8: the lab never touches a real network (DESIGN.md "Network safety").
 */
import { startControlServer } from './control/control-server';
import { VendorDesk } from './desk/desk';
import { startDeskServer } from './desk/desk-server';
import { Mailbox } from './desk/mailbox';
import { startGroups } from './families/registry';
import {
  NO_FAULTS,
  type DeviceFaults,
  type FamilyContext,
  type FamilyRuntime,
} from './families/types';
import {
  currentPlanInputs,
  planAddressing,
  resolveFleet,
  assertLoopback,
  sharedIpLimits,
  type PlanInputs,
} from './fleet/addressing';
import { loadFleet } from './fleet/fleet-file';
import type { Fleet } from './fleet/spec';
import { manifestDevice, type LabManifest } from './manifest';
import { startLabMdns } from './mdns/lab-mdns';
import type { OnvifDeviceState } from './onvif/device-state';
import { WSD_GROUP, WSD_PORT } from './onvif/namespaces';
import type { OnvifFleetRuntime } from './onvif/runtime';

export interface StartLabOptions {
  /** A preset name, a fleet file path, or a fleet. */
  fleet: Fleet | string;
  /** There is no other mode: the type makes every caller say so. */
  loopbackOnly: true;
  /** Linux: first device address (default 127.0.1.1). Tests running side by side pick distinct ranges. */
  firstAddress?: string;
  /** Overrides the planned HTTP port; 0 gives every device a free port. */
  httpPort?: number;
  /** Start the UDP discovery listeners (default true). Off for HTTP-only tests outside the netns. */
  wsDiscovery?: boolean;
  /** Publish mDNS adverts on loopback (default false: every lab on a host shares 5353). */
  mdns?: boolean;
  /** Vendor desk and mailbox port (default 0: any free port). */
  deskPort?: number;
  /** Control API port (default 0: any free port). */
  controlPort?: number;
  /** Overrides platform facts (tests of the shared-ip plan). */
  planInputs?: PlanInputs;
  /** The lab's clock (code expiry, lock windows); tests move it. */
  now?: () => number;
  onWarning?: (message: string) => void;
}

/** The lab's test doors. */
export interface LabUrls {
  desk: string;
  mailbox: string;
  control: string;
}

export interface Lab {
  readonly manifest: LabManifest;
  /** Milliseconds from the call to every device announced. */
  readonly readyMs: number;
  readonly urls: LabUrls;
  /** Live state of an ONVIF-lineage device by id (account state and users change as clients act). */
  device(id: string): OnvifDeviceState;
  /** A device's live account summary from its runtime (no secrets). */
  snapshot(id: string): Record<string, unknown>;
  /** Stops every runtime and server; resolves once every socket is closed. */
  stop(): Promise<void>;
}

function isOnvifRuntime(r: FamilyRuntime): r is OnvifFleetRuntime {
  return r.family === 'onvif' && typeof (r as Partial<OnvifFleetRuntime>).state === 'function';
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
  const clock = opts.now ?? Date.now;
  // The control API may move the lab's clock forward (`POST /clock`): codes expire, locks end.
  let ahead = 0;
  const now = () => clock() + ahead;
  const warn = opts.onWarning ?? (() => {});

  const faults = new Map<string, DeviceFaults>();
  const mailbox = new Mailbox();
  const desk = new VendorDesk(mailbox, now);
  const ctx: FamilyContext = {
    interfaceAddress: '127.0.0.1',
    faults: (id) => faults.get(id) ?? NO_FAULTS,
    desk,
    onWarning: warn,
    now,
    discovery: opts.wsDiscovery !== false,
  };
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  };
  const runtimeOf = new Map<string, FamilyRuntime>();
  try {
    const deskServer = await startDeskServer(desk, mailbox, opts.deskPort ?? 0);
    closers.push(deskServer.close);
    for (const group of startGroups(devices)) {
      const runtime = await group.start(ctx);
      closers.push(() => runtime.stop());
      for (const d of group.devices) runtimeOf.set(d.id, runtime);
    }
    const runtime = (id: string) => {
      const r = runtimeOf.get(id);
      if (!r) throw new Error(`no device ${id} in this lab`);
      return r;
    };
    // mDNS is an extra: a host whose 5353 is taken still gets a working lab, with a warning.
    const mdns = opts.mdns
      ? await startLabMdns(devices, warn).catch((err: Error) => {
          warn(`mDNS adverts off: ${err.message}`);
          return undefined;
        })
      : undefined;
    if (mdns) closers.push(mdns.stop);
    const limits = sharedIpLimits(
      plan,
      devices.map((d) => d.family),
    );
    const manifest: LabManifest = {
      version: 1,
      fleet: fleet.name,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      readyMs: 0,
      interfaces: ['127.0.0.1'],
      addressing: plan,
      ...(limits?.length ? { sharedIpLimits: limits } : {}),
      wsDiscovery: { group: WSD_GROUP, port: WSD_PORT },
      desk: deskServer.url,
      mailbox: deskServer.mailboxUrl,
      control: '',
      ...(mdns ? { mdns: mdns.summary } : {}),
      devices: devices.map((d) => {
        const m = manifestDevice(d, WSD_PORT, runtime(d.id).snapshot(d.id));
        const services = mdns?.servicesOf(d.id);
        return services?.length ? { ...m, mdns: services } : m;
      }),
    };
    const control = await startControlServer(
      {
        devices: () =>
          manifest.devices.map((d) => ({
            ...d,
            live: runtime(d.id).snapshot(d.id),
            faults: ctx.faults(d.id),
          })),
        has: (id) => runtimeOf.has(id),
        faults: (id) => ctx.faults(id),
        setFaults: (id, f) => faults.set(id, f),
        reboot: async (id) => {
          await runtime(id).reboot(id);
          return { bootedAt: new Date(now()).toISOString() };
        },
        screens: (id) => runtime(id).screens,
        advanceClock: (ms) => {
          ahead += ms;
          return { now: new Date(now()).toISOString() };
        },
      },
      opts.controlPort ?? 0,
    );
    closers.push(control.close);
    manifest.control = control.url;
    const readyMs = Math.round(performance.now() - started);
    manifest.readyMs = readyMs;
    const urls: LabUrls = { desk: manifest.desk, mailbox: manifest.mailbox, control: control.url };
    let stopping: Promise<void> | undefined;
    return {
      manifest,
      readyMs,
      urls,
      device(id) {
        const r = runtime(id);
        if (!isOnvifRuntime(r)) throw new Error(`device ${id} is not an ONVIF-lineage device`);
        return r.state(id);
      },
      snapshot: (id) => runtime(id).snapshot(id),
      stop: () => (stopping ??= closeAll()),
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
