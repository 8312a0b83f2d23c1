/**
 * mixed-20 end to end in the network namespace: every family answers its own discovery protocol
 * from each device's own address, active vendor devices take the lab admin password, the manifest
 * is complete and carries no secret, and stop() releases every address and port.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dhipProbe, replyJson, searchDatagram } from './dahua/testing/dhip-probe';
import { TestDahuaClient } from './dahua/testing/rpc-client';
import { presetFleet } from './fleet/presets';
import { LAB_ADMIN_PASSWORD, type LabFamily } from './fleet/spec';
import { digestRequest } from './hikvision/testing/digest-client';
import { inquiry, sadpSend } from './hikvision/testing/sadp-probe';
import { startLab, type Lab } from './lab';
import { labManifestDevice } from './manifest';
import { probe, probeXml } from './onvif/test-probe';
import { NetipTestClient } from './xiongmai/testing/netip-client';
import { openSearchClient, PROBE_1530, wait } from './xiongmai/testing/search-probe';

const PREFIX = '127.0.40.';
const ours = <T extends { address: string }>(rs: T[]) =>
  rs.filter((r) => r.address.startsWith(PREFIX));

/** Every secret the fleet was given: none may reach the manifest. */
function fleetSecrets(): string[] {
  const out = new Set<string>();
  JSON.stringify(presetFleet('mixed-20'), (key, value: unknown) => {
    if (typeof value === 'string' && /password|answer/i.test(key) && value) out.add(value);
    return value;
  });
  return [...out];
}

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('mixed-20, every family (netns)', () => {
  let lab: Lab;
  const ipsOf = (f: LabFamily) =>
    lab.manifest.devices.filter((d) => d.family === f).map((d) => d.ip);
  const set = (xs: string[]) => new Set(xs);

  beforeAll(async () => {
    lab = await startLab({ fleet: 'mixed-20', loopbackOnly: true, firstAddress: `${PREFIX}1` });
  });
  afterAll(() => lab?.stop());

  it('starts all 20 with a complete, secret-free manifest', () => {
    const m = lab.manifest;
    expect(m.devices).toHaveLength(20);
    expect(set(m.devices.map((d) => d.ip)).size).toBe(20);
    for (const d of m.devices) {
      expect(Object.values(d.ports).every((p) => Number.isInteger(p) && p > 0)).toBe(true);
      expect(Object.keys(d.account).length).toBeGreaterThan(1);
      expect(typeof d.factoryFresh).toBe('boolean');
    }
    expect(
      m.devices.filter((d) => d.factoryFresh && d.family !== 'onvif').map((d) => d.id),
    ).toEqual(['herospeed-cam-01', 'hik-cam-01', 'amcrest-cam-01', 'xmeye-cam-01']);
    const scs = labManifestDevice(m, { vendor: 'SCS Pro' });
    expect(scs.family === 'dahua' && scs.nvr?.cameras.map((c) => c.ip)).toEqual(
      ipsOf('dahua').slice(1),
    );
    const json = JSON.stringify(m);
    const secrets = fleetSecrets();
    expect(secrets).toContain(LAB_ADMIN_PASSWORD);
    for (const s of secrets) expect(json).not.toContain(s);
    expect(json).not.toMatch(/"(password|adminPassword|answer|code|guid)"/i);
    expect(m.sharedIpLimits).toBeUndefined();
  });

  it('ONVIF-lineage devices answer WS-Discovery from their own addresses', async () => {
    const replies = ours(await probe([probeXml(null)], 800)); // targets wait up to 500 ms
    const onvif = [...ipsOf('onvif'), ...ipsOf('herospeed')];
    expect(set(replies.map((r) => r.address))).toEqual(set(onvif));
  });

  it('Hikvision devices answer SADP, each naming its own address', async () => {
    const replies = ours(await sadpSend([inquiry()], 400));
    expect(set(replies.map((r) => r.address))).toEqual(set(ipsOf('hikvision')));
    for (const r of replies) {
      const d = lab.manifest.devices.find((x) => x.ip === r.address)!;
      expect(r.xml).toContain(`<IPv4Address>${r.address}</IPv4Address>`);
      expect(r.xml).toContain(`<DeviceSN>${d.serial}</DeviceSN>`);
      expect(r.xml).toContain(`<Activated>${d.factoryFresh ? 'false' : 'true'}</Activated>`);
    }
  });

  it('Dahua-family devices answer DHIP, the uninitialized one with Init 1', async () => {
    const replies = ours(await dhipProbe([searchDatagram()], '239.255.255.251', 400));
    expect(set(replies.map((r) => r.address))).toEqual(set(ipsOf('dahua')));
    for (const r of replies) {
      const info = replyJson(r.raw);
      const d = lab.manifest.devices.find((x) => x.ip === r.address)!;
      expect(info.mac).toBe(d.mac);
      expect(info.params.deviceInfo.Init & 3).toBe(d.factoryFresh ? 1 : 2);
    }
  });

  it('Xiongmai devices answer the 34569 search', async () => {
    const client = await openSearchClient();
    try {
      await client.send(PROBE_1530);
      await wait(400);
      const replies = ours(client.heard).filter((h) => h.msgId === 1531);
      expect(set(replies.map((r) => r.address))).toEqual(set(ipsOf('xiongmai')));
    } finally {
      await client.close();
    }
  });

  it('active vendor devices take the lab admin password; the SCS Pro recorder syncs', async () => {
    const hik = labManifestDevice(lab.manifest, 'hik-nvr-01');
    const isapi = await digestRequest(
      `http://${hik.ip}:${hik.ports.http}`,
      'GET',
      '/ISAPI/System/deviceInfo',
      LAB_ADMIN_PASSWORD,
    );
    expect(isapi.status).toBe(200);
    const scs = labManifestDevice(lab.manifest, 'scs-nvr-01');
    const rpc = new TestDahuaClient(`http://${scs.ip}:${scs.ports.http}`);
    expect((await rpc.login(LAB_ADMIN_PASSWORD)).result).toBe(true);
    const sync = await rpc.call('LogicDeviceManager.syncPassword');
    // The Amcrest camera was reset since the recorder added it: not reached.
    expect(
      (sync.params as { cameras: { result: boolean }[] }).cameras.map((c) => c.result),
    ).toEqual([true, false]);
    const xm = labManifestDevice(lab.manifest, 'xmeye-dvr-01');
    if (xm.family !== 'xiongmai') throw new Error('xmeye-dvr-01 is not a Xiongmai device');
    const netip = await NetipTestClient.open(xm.ip, xm.ports.tcp);
    try {
      expect((await netip.login(LAB_ADMIN_PASSWORD)).body.Ret).toBe(100);
    } finally {
      netip.close();
    }
  });

  it('stop() releases every address and port', async () => {
    await lab.stop();
    for (const d of lab.manifest.devices) {
      const port = d.family === 'xiongmai' ? d.ports.tcp : d.ports.http;
      await new Promise<void>((done, fail) => {
        const s = createServer();
        s.once('error', fail);
        s.listen({ host: d.ip, port, exclusive: true }, () => s.close(() => done()));
      });
    }
    expect(ours(await sadpSend([inquiry()], 300))).toEqual([]);
    expect(ours(await dhipProbe([searchDatagram()], '239.255.255.251', 300))).toEqual([]);
  });
});
