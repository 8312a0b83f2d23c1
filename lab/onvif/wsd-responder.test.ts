import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab';
import { isOnvifManifestDevice, labOnvifDevice } from '../manifest';
import { envelope, post } from './test-soap-client';
import { listenGroup, probe, probeXml, type Reply } from './test-probe';

const inNetns = process.env.CUSTODIAN_IN_NETNS === '1';
// Distinct range so other lab tests running at the same time in the namespace do not collide.
const FIRST = '127.0.2.1';
const ours = (replies: Reply[]) => replies.filter((r) => r.address.startsWith('127.0.2.'));

describe.skipIf(!inNetns)('WS-Discovery responder (network namespace)', () => {
  let lab: Lab;
  let group: Awaited<ReturnType<typeof listenGroup>>;
  beforeAll(async () => {
    group = await listenGroup();
    lab = await startLab({ fleet: 'onvif-5', loopbackOnly: true, firstAddress: FIRST });
  });
  afterAll(async () => {
    await lab.stop();
    await group.close();
  });

  it('announced every device with a Hello from its own address', async () => {
    await new Promise((r) => setTimeout(r, 100));
    const hellos = ours(group.messages).filter((m) => m.xml.includes('<d:Hello>'));
    expect(new Set(hellos.map((h) => h.address))).toEqual(
      new Set(lab.manifest.devices.map((d) => d.ip)),
    );
  });

  it('answers a probe unicast from each device own IP, port 3702, echoing the MessageID', async () => {
    const id = 'urn:uuid:0a0b0c0d-0000-4000-8000-000000000001';
    const replies = ours(await probe([probeXml('dn:NetworkVideoTransmitter', id)]));
    expect(replies.map((r) => r.address).sort()).toEqual(
      lab.manifest.devices.map((d) => d.ip).sort(),
    );
    for (const r of replies) {
      expect(r.port).toBe(3702);
      expect(r.xml).toContain(`<a:RelatesTo>${id}</a:RelatesTo>`);
      const device = lab.manifest.devices
        .filter(isOnvifManifestDevice)
        .find((d) => d.ip === r.address)!;
      expect(r.xml).toContain(`<a:Address>${device.endpoint}</a:Address>`);
      expect(r.xml).toContain(`<d:XAddrs>${device.xaddrs[0]}</d:XAddrs>`);
    }
  });

  it('applies the Types filter', async () => {
    expect(ours(await probe([probeXml('tds:Device')]))).toHaveLength(5);
    expect(ours(await probe([probeXml(null)]))).toHaveLength(5);
    expect(ours(await probe([probeXml('dn:NetworkVideoDisplay')]))).toHaveLength(0);
  });

  it('ignores malformed probes and keeps answering', async () => {
    const junk = [
      Buffer.from([0, 1, 2, 255]),
      '<s:Envelope><s:Body><d:Probe>',
      '<!DOCTYPE a []><a/>',
      probeXml(null, ''),
    ];
    expect(ours(await probe(junk))).toHaveLength(0);
    expect(ours(await probe([probeXml(null)]))).toHaveLength(5);
  });

  it('answers a repeated probe (same MessageID) once', async () => {
    const p = probeXml(null);
    expect(ours(await probe([p, p, p]))).toHaveLength(5);
  });

  it('re-announces with Profile/Q/Operational once a factory-default device gets an admin', async () => {
    const fresh = labOnvifDevice(lab.manifest, { state: 'factoryDefault' });
    const user =
      '<tt:Username>admin</tt:Username><tt:Password>Brand-New-2024</tt:Password><tt:UserLevel>Administrator</tt:UserLevel>';
    const r = await post(
      fresh.xaddrs[0]!,
      envelope(`<tds:CreateUsers><tds:User>${user}</tds:User></tds:CreateUsers>`),
    );
    expect(r.status).toBe(200);
    await new Promise((res) => setTimeout(res, 100));
    const hello = group.messages
      .filter((m) => m.address === fresh.ip && m.xml.includes('<d:Hello>'))
      .at(-1)!;
    expect(hello.xml).toContain('Profile/Q/Operational');
    const match = ours(await probe([probeXml(null)])).find((m) => m.address === fresh.ip)!;
    expect(match.xml).toContain('Profile/Q/Operational');
    expect(match.xml).toContain('<d:MetadataVersion>2</d:MetadataVersion>');
  });

  it('says Bye for every device on stop', async () => {
    const before = group.messages.length;
    await lab.stop();
    await new Promise((r) => setTimeout(r, 100));
    const byes = ours(group.messages.slice(before)).filter((m) => m.xml.includes('<d:Bye>'));
    expect(byes).toHaveLength(5);
  });
});
