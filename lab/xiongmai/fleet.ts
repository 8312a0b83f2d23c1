/**
 * `startXiongmaiFleet`: the Xiongmai/XMEye family runtime of the lab. Every device gets a NETIP
 * server on its own address; the fleet shares one UDP 34569 search responder. Account state,
 * faults and the vendor desk hand-off follow lab/families/types.ts.
 */
import { assertLoopback } from '../fleet/addressing';
import type { FamilyRuntime, FamilyStarter } from '../families/types';
import type { XmLabDevice } from './device';
import { FaultGate } from './faults';
import { NetipServer } from './netip-server';
import { SearchResponder } from './search-responder';
import { XmDeviceState } from './state';

export type { XmLabDevice, XmQuestion } from './device';

/** The runtime plus live state, for tests and the lab's control API. */
export interface XiongmaiRuntime extends FamilyRuntime {
  readonly family: 'xiongmai';
  /** Live state of a device by id (its current address, account, ports). */
  device(id: string): XmDeviceState;
}

/** Starts every XM device; throws (after closing what it opened) if one cannot bind. */
export const startXiongmaiFleet: FamilyStarter<XmLabDevice> = (devices, ctx) =>
  startXiongmai(devices, ctx);

/** The same starter with the wider return type (tests reach device state through it). */
export async function startXiongmai(
  devices: XmLabDevice[],
  ctx: Parameters<FamilyStarter<XmLabDevice>>[1],
): Promise<XiongmaiRuntime> {
  assertLoopback(ctx.interfaceAddress, 'interface');
  const states = new Map<string, XmDeviceState>();
  for (const d of devices) {
    assertLoopback(d.ip, `device ${d.id} address`);
    if (states.has(d.id)) throw new Error(`duplicate xiongmai device id ${d.id}`);
    states.set(d.id, new XmDeviceState(d, ctx));
  }
  const servers = new Map<string, NetipServer>();
  const gates = new Map<string, FaultGate>();
  const reboot = (id: string) => {
    const s = get(id);
    s.account.reboot();
    servers.get(id)?.dropConnections();
  };
  for (const id of states.keys()) gates.set(id, new FaultGate(ctx, id, () => reboot(id)));
  const get = (id: string) => {
    const s = states.get(id);
    if (!s) throw new Error(`no xiongmai device ${id} in this lab`);
    return s;
  };

  let responder: SearchResponder | undefined;
  const closeAll = async () => {
    await responder?.stop();
    await Promise.all([...servers.values()].map((s) => s.close()));
  };
  try {
    for (const s of states.values()) {
      try {
        servers.set(s.id, await NetipServer.start(s, gates.get(s.id)!, ctx.onWarning));
      } catch (err) {
        const e = err as Error;
        throw new Error(
          `device ${s.id} could not listen on ${s.ip}:${s.device.ports.tcp}: ${e.message}`,
          {
            cause: e,
          },
        );
      }
    }
    // ctx.discovery false: TCP only, so tests outside the network namespace bind no UDP.
    if (ctx.discovery === false) return runtime();
    responder = await SearchResponder.start({
      states: [...states.values()],
      gate: (id) => gates.get(id)!,
      warn: ctx.onWarning,
      onMoved: (s) => servers.get(s.id)!.moveTo(s.ip),
    });
  } catch (err) {
    await closeAll();
    throw err;
  }
  return runtime();

  function runtime(): XiongmaiRuntime {
    let stopping: Promise<void> | undefined;
    return {
      family: 'xiongmai',
      device: get,
      snapshot: (id) => ({ ...get(id).account.snapshot(), ip: get(id).ip }),
      reboot: async (id) => reboot(id),
      stop: () => (stopping ??= closeAll()),
    };
  }
}
