/**
 * Which runtime starts which family. Families that share a starter (onvif and herospeed: both
 * ONVIF on the LAN) are started together, by one call, so they share one discovery responder.
 * Each vendor family has its own starter, with one discovery listener for all its devices.
 */
import { startDahuaFleet } from '../dahua/index';
import type { LabDevice, LabDeviceOf, LabFamily } from '../fleet/spec';
import { startHikvisionFleet } from '../hikvision/index';
import { startOnvifFleet } from '../onvif/runtime';
import { startXiongmaiFleet } from '../xiongmai/index';
import type { FamilyContext, FamilyRuntime, FamilyStarter } from './types';

export const FAMILY_STARTERS: { readonly [F in LabFamily]: FamilyStarter<LabDeviceOf<F>> } = {
  onvif: startOnvifFleet,
  herospeed: startOnvifFleet,
  hikvision: startHikvisionFleet,
  dahua: startDahuaFleet,
  xiongmai: startXiongmaiFleet,
};

/** One starter call: the devices it gets, in fleet order. */
export interface StartGroup {
  families: LabFamily[];
  devices: LabDevice[];
  start(ctx: FamilyContext): Promise<FamilyRuntime>;
}

/** Groups a fleet's devices by starter, in the order each starter first appears. */
export function startGroups(devices: readonly LabDevice[]): StartGroup[] {
  const groups = new Map<FamilyStarter<LabDevice>, StartGroup>();
  for (const d of devices) {
    // TS cannot tie `FAMILY_STARTERS[d.family]` to `d`'s own member of the union; the mapped type
    // above guarantees each starter takes exactly its family's devices.
    const starter = FAMILY_STARTERS[d.family] as FamilyStarter<LabDevice>;
    let g = groups.get(starter);
    if (!g) {
      const group: StartGroup = {
        families: [],
        devices: [],
        start: (ctx) => starter(group.devices, ctx),
      };
      g = group;
      groups.set(starter, g);
    }
    if (!g.families.includes(d.family)) g.families.push(d.family);
    g.devices.push(d);
  }
  return [...groups.values()];
}
