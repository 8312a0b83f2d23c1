/**
 * The ONVIF lineage as a family runtime: generic ONVIF devices and Herospeed (Atix, BitVision)
 * recorders, which speak only ONVIF on the LAN. One WS-Discovery responder serves both; each
 * device has its HTTP device service. Herospeed devices also carry their monitor's recovery
 * screens, reached only through the control API.
 */
import {
  type DeviceFaults,
  type DeviceScreenPort,
  type FamilyContext,
  type FamilyRuntime,
  type FamilyStarter,
} from '../families/types';
import type { OnvifLabDevice } from '../fleet/spec';
import { HerospeedScreen, SCREEN_ACTIONS, type ScreenAction } from '../herospeed/screen';
import { startDeviceService, type DeviceService } from './device-service';
import { OnvifDeviceState } from './device-state';
import { WsdResponder } from './wsd-responder';

/** The runtime plus the live ONVIF state tests inspect. */
export interface OnvifFleetRuntime extends FamilyRuntime {
  state(deviceId: string): OnvifDeviceState;
  readonly screens: DeviceScreenPort;
}

type Entry = { state: OnvifDeviceState; bootedAt: number; screen: HerospeedScreen | null };

/** Starts every ONVIF-lineage device; throws (after closing what it opened) if one cannot bind. */
export const startOnvifFleet: FamilyStarter<OnvifLabDevice> = async (devices, ctx) =>
  startOnvifRuntime(devices, ctx);

/** `startOnvifFleet` with its concrete return type. */
export async function startOnvifRuntime(
  devices: readonly OnvifLabDevice[],
  ctx: FamilyContext,
): Promise<OnvifFleetRuntime> {
  const instanceId = Math.floor(ctx.now() / 1000);
  const entries = new Map<string, Entry>();
  for (const d of devices) {
    const state = new OnvifDeviceState(d, instanceId);
    const screen = d.family === 'herospeed' ? herospeedScreen(d, state, ctx) : null;
    entries.set(d.id, { state, bootedAt: ctx.now(), screen });
  }
  const entry = (id: string): Entry => {
    const e = entries.get(id);
    if (!e) throw new Error(`no ONVIF device ${id} in this lab`);
    return e;
  };
  const reboot = (id: string): Promise<void> => {
    const e = entry(id);
    e.bootedAt = ctx.now();
    e.screen?.reset();
    // A device that comes back announces itself again (WS-Discovery Hello).
    e.state.onStateChange?.(e.state);
    return Promise.resolve();
  };
  // rebootAfterRequests is one-shot per faults object the control API set.
  const counted = new WeakMap<DeviceFaults, number>();
  const afterRequest = (id: string) => {
    const f = ctx.faults(id);
    if (f.rebootAfterRequests === null) return;
    const n = (counted.get(f) ?? 0) + 1;
    counted.set(f, n);
    if (n === f.rebootAfterRequests) void reboot(id);
  };

  const services: DeviceService[] = [];
  let responder: WsdResponder | undefined;
  const closeAll = async () => {
    await responder?.stop();
    await Promise.all(services.map((s) => s.close()));
  };
  try {
    const states = [...entries.values()].map((e) => e.state);
    const results = await Promise.allSettled(
      states.map((s) =>
        startDeviceService(s, {
          faults: () => ctx.faults(s.device.id),
          afterRequest: () => afterRequest(s.device.id),
        }),
      ),
    );
    for (const r of results) if (r.status === 'fulfilled') services.push(r.value);
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) {
      const d = devices[failed]!;
      const reason = (results[failed] as PromiseRejectedResult).reason as Error;
      throw new Error(
        `device ${d.id} could not listen on ${d.ip}:${d.ports.http}: ${reason.message}`,
        {
          cause: reason,
        },
      );
    }
    // Port 0 asked for any free port: the announced XAddrs must carry the real one.
    for (const s of services) s.state.device.ports.http = s.port;
    if (ctx.discovery !== false) {
      responder = await WsdResponder.start({
        devices: states,
        interfaceAddress: ctx.interfaceAddress,
        onWarning: (m) => ctx.onWarning(m),
        faults: (id) => ctx.faults(id),
      });
    }
  } catch (err) {
    await closeAll();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  return {
    family: 'onvif',
    state: (id) => entry(id).state,
    snapshot(id) {
      const { state, bootedAt, screen } = entry(id);
      const d = state.device;
      return {
        state: state.state,
        users: state.users.map((u) => ({ username: u.username, level: u.level })),
        bootedAt: new Date(bootedAt).toISOString(),
        ...(d.family === 'herospeed'
          ? { recoveryEmail: d.recoveryEmail ?? null, screen: screen?.view().mode ?? 'login' }
          : {}),
      };
    },
    reboot,
    screens: {
      view: (id) => {
        const s = entries.get(id)?.screen;
        return s ? { ...s.view() } : null;
      },
      act(id, action) {
        const s = entries.get(id)?.screen;
        if (!s)
          return {
            ok: false,
            status: 404,
            error: 'no_screen',
            message: `${id} has no recovery screen`,
          };
        const a = action as { action?: unknown; code?: unknown; newPassword?: unknown } | null;
        if (!a || !SCREEN_ACTIONS.includes(a.action as ScreenAction))
          return {
            ok: false,
            status: 400,
            error: 'bad_action',
            message: `action must be one of ${SCREEN_ACTIONS.join(', ')}`,
          };
        if (
          (a.code !== undefined && typeof a.code !== 'string') ||
          (a.newPassword !== undefined && typeof a.newPassword !== 'string')
        )
          return {
            ok: false,
            status: 400,
            error: 'bad_action',
            message: 'code and newPassword are strings',
          };
        return s.act(a.action as ScreenAction, {
          code: a.code as string | undefined,
          newPassword: a.newPassword as string | undefined,
        });
      },
    },
    stop: () => (stopping ??= closeAll()),
  };
}

/** The recovery screens of a Herospeed device, over its ONVIF account. */
function herospeedScreen(
  d: Extract<OnvifLabDevice, { family: 'herospeed' }>,
  state: OnvifDeviceState,
  ctx: FamilyContext,
): HerospeedScreen {
  return new HerospeedScreen(
    d,
    {
      get activated() {
        return state.state === 'operational';
      },
      recoveryEmail: d.recoveryEmail ?? null,
      setAdminPassword(password) {
        const admin =
          state.findUser('admin') ?? state.users.find((u) => u.level === 'Administrator');
        if (admin) admin.password = password;
        else state.users.push({ username: 'admin', password, level: 'Administrator' });
      },
    },
    ctx.desk,
    () => ctx.now(),
  );
}
