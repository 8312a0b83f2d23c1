/**
 * An in-memory network for SadpScanner tests: inquiries sent on an interface reach the simulated
 * devices of that interface, which answer unicast or through the group listener. Test-only.
 */
import type { UdpDatagram, UdpOpener, UdpResult } from '../../net/udp';
import { decodeSadpMessage } from './codec';
import { SADP_MULTICAST_ADDRESS, SADP_PORT } from './constants';
import type { GroupListenerOpener } from './group-listener';
import { loadFixture, withUuid, type FixtureName } from './test-support';

/** A simulated device: where it sits, what it answers, and whether it answers by multicast. */
export interface FakeDevice {
  iface: string;
  address: string;
  reply: FixtureName | Buffer;
  /** Multicast the reply to the group (the TSC clone) instead of unicasting it to the sender. */
  viaGroup?: boolean;
  /** Echo this Uuid instead of the inquiry's. */
  uuid?: string;
}

/** In-memory network: an inquiry sent on an interface reaches that interface's devices. */
export function memoryNet(
  devices: FakeDevice[],
  faults: { openFails?: string; sendFails?: string; groupFails?: boolean } = {},
) {
  const sent: { iface: string; address: string; port: number; uuid: string | null }[] = [];
  let groupHandler: ((d: UdpDatagram) => void) | null = null;
  let open = 0;
  const deliver = (fn: () => void): void => void setTimeout(fn, 1);

  const openGroup: GroupListenerOpener = async (opts) => {
    if (faults.groupFails) return { ok: false, error: 'EADDRINUSE 37020' };
    groupHandler = opts.onMessage;
    open += 1;
    return {
      ok: true,
      listener: {
        joined: opts.interfaces,
        async close() {
          if (groupHandler) open -= 1;
          groupHandler = null;
        },
      },
    };
  };

  const opener: UdpOpener = async (opts) => {
    if (faults.openFails === opts.iface.name) return { ok: false, error: 'EADDRNOTAVAIL bind' };
    open += 1;
    let closed = false;
    return {
      ok: true,
      socket: {
        localAddress: opts.iface.address,
        localPort: 50000,
        async send(data: Buffer, port: number, address: string): Promise<UdpResult> {
          if (faults.sendFails === opts.iface.name) return { ok: false, error: 'ENETUNREACH' };
          const probe = decodeSadpMessage(data);
          if (probe.kind !== 'probe') throw new Error('scanner sent something other than a Probe');
          sent.push({ iface: opts.iface.name, address, port, uuid: probe.uuid });
          // Each device answers once per round: on the multicast copy only.
          if (address !== SADP_MULTICAST_ADDRESS) return { ok: true };
          for (const d of devices.filter((x) => x.iface === opts.iface.name)) {
            const xml = typeof d.reply === 'string' ? loadFixture(d.reply) : d.reply;
            const data = withUuid(xml, d.uuid ?? probe.uuid ?? '');
            const datagram = { data, address: d.address, port: SADP_PORT };
            if (d.viaGroup) deliver(() => groupHandler?.(datagram));
            else deliver(() => !closed && opts.onMessage(datagram));
          }
          return { ok: true };
        },
        async close() {
          if (!closed) open -= 1;
          closed = true;
        },
      },
    };
  };
  return {
    opener,
    openGroup,
    sent,
    openSockets: () => open,
    group: (d: UdpDatagram) => groupHandler?.(d),
  };
}
