/**
 * The UDP fingerprints of manual add against the lab's UDP responders: the unicast WS-Discovery
 * Probe and the unicast XM search. The lab's UDP side multicasts Hellos and broadcasts XM replies,
 * so this runs only inside the private network namespace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFleet } from '../../../lab/fleet/presets';
import { startLab, type Lab } from '../../../lab/lab';
import { wsdUnicastFingerprint, xiongmaiFingerprint } from './manual-fingerprints';

const fleet = {
  name: 'manual-netns-test',
  devices: generateFleet('manual-netns-test', [
    { template: 'generic', count: 1, factoryDefault: 0 },
    { template: 'xmeye-cam', count: 1, factoryDefault: 0 },
  ]),
};

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('manual add over UDP (netns)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ fleet, loopbackOnly: true, firstAddress: '127.0.121.101' });
  });
  afterAll(() => lab?.stop());

  it('a unicast Probe to address:3702 gets that device ProbeMatches, and only its', async () => {
    const d = lab.manifest.devices.find((x) => x.family === 'onvif');
    if (d?.family !== 'onvif') throw new Error('the fleet has an ONVIF camera');
    const facts = await wsdUnicastFingerprint()(d.ip, 2000);
    expect(facts).toMatchObject({ endpoint: d.endpoint, xaddrs: [expect.stringContaining(d.ip)] });
    const xm = lab.manifest.devices.find((x) => x.family === 'xiongmai')!;
    expect(await wsdUnicastFingerprint()(xm.ip, 700)).toBeNull();
  });

  it('XM: the unicast search adds serial and MAC to the open port, with no login', async () => {
    const d = lab.manifest.devices.find((x) => x.family === 'xiongmai')!;
    const facts = await xiongmaiFingerprint()(d.ip, 1500);
    expect(facts).toMatchObject({
      family: 'xiongmai',
      serial: d.serial,
      mac: d.mac,
      tcpPort: 34567,
    });
    expect(lab.snapshot(d.id)).toMatchObject({ loginFailures: 0, locked: false });
  });
});
