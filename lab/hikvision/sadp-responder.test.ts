import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHikvisionFleetWith, type HikvisionRuntime } from './runtime';
import { hikDevice } from './testing/devices';
import { fakeContext } from './testing/fake-context';
import { inquiry, sadpListen, sadpSend, type Datagram } from './testing/sadp-probe';

const inNetns = process.env.CUSTODIAN_IN_NETNS === '1';
// Our own range: other tests in the namespace may answer SADP too; only ours are counted.
const PREFIX = '127.0.71';
const ours = (d: Datagram[]) => d.filter((x) => x.address.startsWith(`${PREFIX}.`));
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

describe.skipIf(!inNetns)('SADP responder (network namespace)', () => {
  const ctx = fakeContext();
  const devices = [
    hikDevice(PREFIX, 1),
    hikDevice(PREFIX, 2, { account: { state: 'inactive' } }),
    hikDevice(PREFIX, 3, { kind: 'recorder', model: 'DS-7608NXI-I2', nvr: { cameras: 8 } }),
  ];
  let runtime: HikvisionRuntime;
  let group: Awaited<ReturnType<typeof sadpListen>>;
  beforeAll(async () => {
    group = await sadpListen();
    runtime = await startHikvisionFleetWith(devices, ctx);
  });
  afterAll(async () => {
    await runtime.stop();
    await group.close();
  });

  it('announced each device with a Hello from its own address', async () => {
    await new Promise((r) => setTimeout(r, 100));
    const hellos = ours(group.heard).filter((m) => m.xml.includes('<Hello>'));
    expect(new Set(hellos.map((h) => h.address))).toEqual(new Set(devices.map((d) => d.ip)));
  });

  it('answers an inquiry unicast to the ephemeral source, from each device IP port 37020, echoing the Uuid', async () => {
    const uuid = '7621A503-49E6-4FBA-B3F8-CBE1F18E55F4';
    const replies = ours(await sadpSend([inquiry(uuid)]));
    expect(replies.map((r) => r.address).sort()).toEqual(devices.map((d) => d.ip).sort());
    for (const r of replies) {
      expect(r.port).toBe(37020);
      expect(tag(r.xml, 'Uuid')).toBe(uuid);
      expect(tag(r.xml, 'IPv4Address')).toBe(r.address);
    }
    const byIp = new Map(replies.map((r) => [r.address, r.xml]));
    expect(tag(byIp.get(`${PREFIX}.2`)!, 'Activated')).toBe('false');
    expect(tag(byIp.get(`${PREFIX}.3`)!, 'DigitalChannelNum')).toBe('8');
    expect(tag(byIp.get(`${PREFIX}.1`)!, 'HttpPort')).toBe(String(devices[0]!.ports.http));
  });

  it('answers broadcast probes too, and stays silent on junk', async () => {
    expect(ours(await sadpSend([inquiry()], 300, '255.255.255.255'))).toHaveLength(3);
    expect(
      ours(await sadpSend(['<Probe><Types>inquiry</Types></Probe>', 'garbage'], 300)),
    ).toHaveLength(0);
  });

  it('runs a command only on the device whose MAC it names', async () => {
    const legacy = 'Y3JlZGVudGlhbA=='; // not the password: a failed update
    const cmd = `<Probe><Uuid>C0FFEE00-0000-4000-8000-000000000001</Uuid><Types>update</Types><MAC>44-47-cc-37-ce-01</MAC><Password>${legacy}</Password></Probe>`;
    const replies = ours(await sadpSend([cmd, cmd]));
    expect(replies.map((r) => r.address)).toEqual([`${PREFIX}.1`, `${PREFIX}.1`]);
    expect(tag(replies[0]!.xml, 'Result')).toBe('failed');
    // The same command twice (group + broadcast, or a resend) is counted once.
    expect(runtime.state('hik-01').sadpLockView().retryTimes).toBe(5);
  });

  it('honours packet loss and malformed replies', async () => {
    ctx.setFaults('hik-01', { packetLoss: 1 });
    ctx.setFaults('hik-02', { malformed: true });
    const replies = ours(await sadpSend([inquiry()]));
    ctx.setFaults('hik-01', { packetLoss: 0 });
    ctx.setFaults('hik-02', { malformed: false });
    expect(replies.map((r) => r.address).sort()).toEqual([`${PREFIX}.2`, `${PREFIX}.3`]);
    const bad = replies.find((r) => r.address === `${PREFIX}.2`)!;
    expect(bad.xml).not.toContain('</ProbeMatch>');
  });

  it('announces a reboot with a Hello carrying the new BootTime', async () => {
    const before = group.heard.length;
    ctx.advance(5_000);
    await runtime.reboot('hik-03');
    await new Promise((r) => setTimeout(r, 100));
    const hello = ours(group.heard.slice(before)).find((m) => m.xml.includes('<Hello>'))!;
    expect(hello.address).toBe(`${PREFIX}.3`);
    expect(tag(hello.xml, 'BootTime')).toBe(
      new Date(ctx.now()).toISOString().slice(0, 19).replace('T', ' '),
    );
  });
});
