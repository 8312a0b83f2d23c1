import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { searchDatagram } from './dahua/testing/dhip-probe';
import { inquiry } from './hikvision/testing/sadp-probe';
import { startLab } from './lab';
import { probe, probeXml } from './onvif/test-probe';
import { PROBE_1530 } from './xiongmai/testing/search-probe';

const ours = (rs: { address: string }[]) =>
  new Set(rs.filter((r) => r.address.startsWith('127.1.')).map((r) => r.address));

/** Clients repeat probes (onvif.md §1.2): WS-Discovery targets spread replies over 500 ms. */
async function sweep(want: number, once: () => Promise<Set<string>>): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < 3 && seen.size < want; i++) for (const a of await once()) seen.add(a);
  return seen;
}

/**
 * One vendor probe from `bind`, replies collected for half a second. The vendor runtimes answer a
 * probe at once and this process runs the lab too, so every reply is queued before the socket is
 * read: the receive buffer must hold them all (the 208 KiB default holds about 90 SADP replies).
 */
function udpProbe(
  bind: { address: string; port: number },
  payload: Buffer | string,
  to: { address: string; port: number },
  accept: (m: Buffer) => boolean = () => true,
): Promise<Set<string>> {
  const s = createSocket({ type: 'udp4', reuseAddr: true, recvBufferSize: 4 * 2 ** 20 });
  const seen: { address: string }[] = [];
  s.on('message', (m, r) => accept(m) && seen.push(r));
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.bind(bind, () => {
      s.setBroadcast(true);
      s.setMulticastInterface('127.0.0.1');
      s.send(payload, to.port, to.address);
      setTimeout(() => s.close(() => resolve(ours(seen))), 500);
    });
  });
}
const client = { address: '127.0.0.1', port: 0 };

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('scale-1000 (network namespace)', () => {
  it(
    'starts, answers every family probe from every device, and stops',
    { timeout: 60_000 },
    async () => {
      const rssBefore = process.memoryUsage().rss;
      const lab = await startLab({
        fleet: 'scale-1000',
        loopbackOnly: true,
        firstAddress: '127.1.0.1',
      });
      const rss = process.memoryUsage().rss;
      const want = (...families: string[]) =>
        lab.manifest.devices.filter((d) => families.includes(d.family)).length;
      const wsd = await sweep(want('onvif', 'herospeed'), async () =>
        ours(await probe([probeXml(null)], 1200)),
      );
      const sadp = await udpProbe(client, inquiry(), { address: '239.255.255.250', port: 37020 });
      const dhip = await udpProbe(client, searchDatagram(), {
        address: '239.255.255.251',
        port: 37810,
      });
      // XM devices answer by broadcast to 34569 (xiongmai.md §6.1): the client listens there.
      const search = await udpProbe(
        { address: '0.0.0.0', port: 34569 },
        PROBE_1530,
        { address: '127.255.255.255', port: 34569 },
        (m) => m.length >= 20 && m.readUInt16LE(14) === 1531,
      );
      const stopAt = performance.now();
      await lab.stop();
      const stopMs = Math.round(performance.now() - stopAt);
      console.log(
        `scale-1000: ready ${lab.readyMs} ms, stop ${stopMs} ms, RSS ${(rss / 2 ** 20).toFixed(0)} MiB ` +
          `(+${((rss - rssBefore) / 2 ** 20).toFixed(0)} MiB); answering: WS-Discovery ${wsd.size}, ` +
          `SADP ${sadp.size}, DHIP ${dhip.size}, XM ${search.size}`,
      );
      expect(lab.manifest.devices).toHaveLength(1000);
      expect(wsd.size).toBe(want('onvif', 'herospeed'));
      expect(sadp.size).toBe(want('hikvision'));
      expect(dhip.size).toBe(want('dahua'));
      expect(search.size).toBe(want('xiongmai'));
    },
  );
});
