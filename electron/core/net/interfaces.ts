import os from 'node:os';
import type { NetInterface } from '../../shared/dto';
import { CustodianError } from '../../shared/errors';

/** Every IPv4 address of this machine, one entry per (interface, address). */
export function listInterfaces(
  source: () => NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces,
): NetInterface[] {
  const out: NetInterface[] = [];
  for (const [name, infos] of Object.entries(source())) {
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4') continue;
      out.push({
        name,
        address: info.address,
        netmask: info.netmask,
        mac: info.mac && info.mac !== '00:00:00:00:00:00' ? info.mac : null,
        internal: info.internal,
      });
    }
  }
  return out;
}

export function isLoopbackAddress(address: string): boolean {
  return address.startsWith('127.');
}

/**
 * Turns the caller's interface list (names or IPv4 addresses) into concrete interfaces.
 * With no list, the product default: every non-internal IPv4 interface. With `loopbackOnly`, a run
 * that must never put a packet on a real network (lab, demo, tests), anything but 127.0.0.0/8 is
 * refused outright rather than skipped, so a misconfiguration fails loudly.
 */
export function resolveInterfaces(
  refs: readonly string[] | undefined,
  opts: { loopbackOnly: boolean; available?: NetInterface[] },
): NetInterface[] {
  const available = opts.available ?? listInterfaces();
  let chosen: NetInterface[];
  if (!refs || refs.length === 0) {
    chosen = opts.loopbackOnly
      ? available.filter((i) => isLoopbackAddress(i.address))
      : available.filter((i) => !i.internal);
  } else {
    chosen = [];
    for (const ref of refs) {
      const hits = available.filter((i) => i.name === ref || i.address === ref);
      if (hits.length === 0) throw new CustodianError('INTERFACE_NOT_FOUND', ref);
      for (const hit of hits) if (!chosen.includes(hit)) chosen.push(hit);
    }
  }
  if (opts.loopbackOnly) {
    const outside = chosen.find((i) => !isLoopbackAddress(i.address));
    if (outside)
      throw new CustodianError('NON_LOOPBACK_REFUSED', `${outside.name} ${outside.address}`);
  }
  return chosen;
}

/** Set by the test runner, the lab and the demo: the whole process stays on loopback. */
export function loopbackOnlyFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CUSTODIAN_LOOPBACK_ONLY === '1';
}
