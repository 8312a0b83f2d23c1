/** DHIP discovery end to end in the network namespace, with an independent in-test probe. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDahuaFleet } from './runtime';
import type { FamilyRuntime } from '../families/types';
import { testFleet } from './testing/devices';
import { fakeContext, type FakeContext } from './testing/fake-context';
import { dhipProbe, replyJson, searchDatagram, type DhipReply } from './testing/dhip-probe';

const inNetns = process.env.CUSTODIAN_IN_NETNS === '1';
const BASE = '127.0.80';
// Other test files may run a lab on 37810 in the same namespace: count only our range.
const ours = (r: DhipReply[]) => r.filter((x) => x.address.startsWith(`${BASE}.`));
const GROUP = '239.255.255.251';

describe.skipIf(!inNetns)('DHIP responder (network namespace)', () => {
  let rt: FamilyRuntime;
  let ctx: FakeContext;
  beforeAll(async () => {
    ctx = fakeContext();
    rt = await startDahuaFleet(testFleet(BASE), ctx);
  });
  afterAll(() => rt.stop());

  it('answers a multicast search from each device IP and port 37810, framed as documented', async () => {
    const replies = ours(await dhipProbe([searchDatagram()], GROUP));
    expect(replies.map((r) => r.address).sort()).toEqual([`${BASE}.1`, `${BASE}.2`, `${BASE}.3`]);
    for (const r of replies) {
      expect(r.port).toBe(37810);
      const h = r.raw;
      expect(h.subarray(0, 8)).toEqual(Buffer.from('20000000' + '44484950', 'hex'));
      expect(h.readUInt32LE(8)).toBe(0);
      expect(h.readUInt32LE(16)).toBe(h.length - 32);
      expect(h.readUInt32LE(20)).toBe(0);
      expect(h.readUInt32LE(24)).toBe(h.length - 32);
      expect(h.readUInt32LE(28)).toBe(0);
      expect(h.at(-1)).toBe(0x0a);
      const msg = replyJson(h);
      expect(msg.method).toBe('client.notifyDevInfo');
      expect(msg.params.deviceInfo.IPv4Address.IPAddress).toBe(r.address);
    }
    const fresh = replies.find((r) => r.address === `${BASE}.3`)!;
    expect(replyJson(fresh.raw).params.deviceInfo.Init & 3).toBe(1);
  });

  it('answers a broadcast search (127.255.255.255 in loopback runs)', async () => {
    const replies = ours(
      await dhipProbe(
        [searchDatagram({ method: 'DHDiscover.search', params: {} }, 'all')],
        '127.255.255.255',
      ),
    );
    expect(replies).toHaveLength(3);
  });

  it('answers a unicast search from that device alone', async () => {
    const replies = await dhipProbe([searchDatagram()], `${BASE}.2`);
    expect(replies.map((r) => r.address)).toEqual([`${BASE}.2`]);
  });

  it('honours the mac filter at top level and inside params', async () => {
    const top = { method: 'DHDiscover.search', mac: '38:af:29:00:80:02', params: { uni: 1 } };
    const inner = { method: 'DHDiscover.search', params: { mac: '9C:8E:CD:00:80:03' } };
    expect(ours(await dhipProbe([searchDatagram(top)], GROUP)).map((r) => r.address)).toEqual([
      `${BASE}.2`,
    ]);
    expect(ours(await dhipProbe([searchDatagram(inner)], GROUP)).map((r) => r.address)).toEqual([
      `${BASE}.3`,
    ]);
  });

  it('stays silent to bare JSON, a wrong magic and other methods', async () => {
    const bare = Buffer.from(
      JSON.stringify({ method: 'DHDiscover.search', params: { mac: '', uni: 1 } }),
    );
    const pihd = searchDatagram();
    pihd.write('PIHD', 4, 'latin1');
    const other = searchDatagram({ method: 'DHDiscover.getVersion', params: {} });
    expect(ours(await dhipProbe([bare, pihd, other], GROUP))).toHaveLength(0);
  });

  it('applies packet loss and malformed replies per device', async () => {
    ctx.setFaults('dh-cam', { packetLoss: 1 });
    ctx.setFaults('dh-new', { malformed: true });
    const replies = ours(await dhipProbe([searchDatagram()], GROUP));
    expect(replies.map((r) => r.address).sort()).toEqual([`${BASE}.1`, `${BASE}.3`]);
    const garbled = replies.find((r) => r.address === `${BASE}.3`)!;
    expect(() => replyJson(garbled.raw)).toThrow();
    ctx.setFaults('dh-cam', { packetLoss: 0 });
    ctx.setFaults('dh-new', { malformed: false });
  });
});
