/**
 * The SADP devices of the shared in-memory network (testing/fake-udp.ts): inquiries sent on an
 * interface reach the simulated devices of that interface, which answer unicast or through the
 * group listener. Test-only.
 */
import { fakeUdpNet } from '../../../testing/fake-udp';
import type { UdpDatagram } from '../../net/udp';
import { decodeSadpMessage } from './codec';
import { SADP_MULTICAST_ADDRESS, SADP_PORT } from './constants';
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
  const net = fakeUdpNet(
    (send, reply) => {
      const probe = decodeSadpMessage(send.data);
      if (probe.kind !== 'probe') throw new Error('scanner sent something other than a Probe');
      // Each device answers once per round: on the multicast copy only.
      if (send.address === SADP_MULTICAST_ADDRESS) {
        for (const d of devices.filter((x) => x.iface === send.iface.name)) {
          const xml = typeof d.reply === 'string' ? loadFixture(d.reply) : d.reply;
          const data = withUuid(xml, d.uuid ?? probe.uuid ?? '');
          const datagram = { data, address: d.address, port: SADP_PORT };
          if (d.viaGroup) reply.toListener(datagram);
          else reply.toSender(datagram);
        }
      }
      const { iface, address, port } = send;
      return { iface: iface.name, address, port, uuid: probe.uuid };
    },
    { ...faults, listenerFails: faults.groupFails ? 'EADDRINUSE 37020' : undefined },
  );
  return {
    opener: net.openSocket,
    openGroup: net.openListener,
    sent: net.sent,
    openSockets: net.openCount,
    group: (d: UdpDatagram) => net.toListener(d),
  };
}
