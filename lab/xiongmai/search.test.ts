import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXiongmai, type XiongmaiRuntime } from './fleet';
import { fakeContext, type FakeContext } from './testing/fake-context';
import { xmTestDevice } from './testing/devices';
import { NetipTestClient } from './testing/netip-client';
import {
  hexIp,
  ipSetDatagram,
  openSearchClient,
  PROBE_1530,
  probeSofia,
  wait,
  type Heard,
  type SearchClient,
} from './testing/search-probe';

const inNetns = process.env.CUSTODIAN_IN_NETNS === '1';
// This file's own range: other lab tests in the namespace may answer on 34569 too.
const PREFIX = '127.0.90.';
const ours = (h: Heard[], msgId: number) =>
  h.filter((x) => x.address.startsWith(PREFIX) && x.msgId === msgId);

describe.skipIf(!inNetns)('XM search and IP set on UDP 34569 (network namespace)', () => {
  let ctx: FakeContext;
  let rt: XiongmaiRuntime;
  let client: SearchClient;
  beforeAll(async () => {
    ctx = fakeContext();
    rt = await startXiongmai(
      [1, 2, 3].map((n) =>
        xmTestDevice('127.0.90', n, n === 3 ? { adminPassword: 'Set-Ip-7' } : {}),
      ),
      ctx,
    );
    client = await openSearchClient();
  });
  afterAll(async () => {
    await client.close();
    await rt.stop();
  });

  it('answers a broadcast 1530 from every device, broadcast back to 34569 from its own IP', async () => {
    client.heard.length = 0;
    await client.send(PROBE_1530);
    await wait(150);
    const replies = ours(client.heard, 1531);
    expect(new Set(replies.map((r) => r.address))).toEqual(
      new Set(['127.0.90.1', '127.0.90.2', '127.0.90.3']),
    );
    for (const r of replies) {
      expect(r.port).toBe(34569);
      const nc = r.body!['NetWork.NetCommon'] as Record<string, unknown>;
      expect(nc.HostIP).toBe(hexIp(r.address));
      expect(nc.TCPPort).toBe(34567);
      expect(r.bytes.subarray(0, 4).toString('hex')).toBe('ff010000');
    }
  });

  it('also answers a probe from an ephemeral port directly', async () => {
    const eph = await openSearchClient('0.0.0.0', 0);
    await eph.send(PROBE_1530, '127.0.90.2');
    await wait(150);
    await eph.close();
    expect(ours(eph.heard, 1531).map((r) => r.address)).toEqual(['127.0.90.2']);
  });

  it('stays silent under full packet loss and ignores junk', async () => {
    ctx.setFaults('xm-01', { packetLoss: 1 });
    client.heard.length = 0;
    await client.send(Buffer.from('hello'));
    await client.send(PROBE_1530);
    await wait(150);
    ctx.setFaults('xm-01', { packetLoss: 0 });
    expect(new Set(ours(client.heard, 1531).map((r) => r.address))).toEqual(
      new Set(['127.0.90.2', '127.0.90.3']),
    );
  });

  it('IP set needs the admin hash, then moves the device and its NETIP port', async () => {
    const d = rt.device('xm-03').device;
    const fields = (pw: string, ip: string) => ({
      DvrMac: d.mac.toUpperCase(),
      EncryptType: 1,
      GateWay: hexIp('127.0.0.1'),
      HostIP: hexIp(ip),
      HostName: 'moved',
      Password: probeSofia(pw),
      Submask: hexIp('255.0.0.0'),
      Username: 'admin',
    });
    // Replies come broadcast and direct, so a client on 34569 hears each twice: all must agree.
    const rets = async (pw: string, ip: string) => {
      client.heard.length = 0;
      await client.send(ipSetDatagram(fields(pw, ip)));
      await wait(100);
      const replies = ours(client.heard, 1533);
      expect(replies.every((r) => r.address === '127.0.90.3')).toBe(true);
      return [...new Set(replies.map((r) => r.body!.Ret))];
    };
    expect(await rets('wrong', '127.0.90.50')).toEqual([203]);
    expect(await rets('Set-Ip-7', '192.168.1.50')).toEqual([208]);
    expect(rt.snapshot('xm-03').ip).toBe('127.0.90.3');
    expect(await rets('Set-Ip-7', '127.0.90.50')).toEqual([100]);
    await wait(50);
    expect(rt.snapshot('xm-03').ip).toBe('127.0.90.50');
    client.heard.length = 0;
    await client.send(PROBE_1530);
    await wait(150);
    expect(ours(client.heard, 1531).map((r) => r.address)).toContain('127.0.90.50');
    const c = await NetipTestClient.open('127.0.90.50', 34567);
    expect((await c.login('Set-Ip-7')).body.Ret).toBe(100);
    c.close();
  });

  it('reboot() through the runtime resets the account and reports a new boot time', async () => {
    ctx.advance(5000);
    await rt.reboot('xm-01');
    expect(rt.snapshot('xm-01')).toMatchObject({
      bootTime: ctx.now(),
      locked: false,
      passwordSet: false,
    });
  });
});
