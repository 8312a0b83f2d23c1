/**
 * Manual-add fingerprints against the lab's real HTTP and TCP runtimes (no UDP: the lab starts
 * no discovery listener, so this runs outside the network namespace too). Every device is set to
 * lock after one failed login first, so a fingerprint that spent a try would show as a lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFleet } from '../../../lab/fleet/presets';
import { startLab, type Lab } from '../../../lab/lab';
import type { NetInterface } from '../../shared/dto';
import {
  dahuaFingerprint,
  hikvisionFingerprint,
  onvifClockFingerprint,
  xiongmaiFingerprint,
  type FingerprintOptions,
} from './manual-fingerprints';
import { probeAddress } from './manual';
import { probeRange } from './manual-range';

const FIRST = '127.0.121.1';
const LO: NetInterface = {
  name: 'lo',
  address: '127.0.0.1',
  netmask: '255.0.0.0',
  mac: null,
  internal: true,
};
const fleet = {
  name: 'manual-test',
  devices: generateFleet('manual-test', [
    { template: 'hik-cam', count: 2, factoryDefault: 1 },
    { template: 'dahua-cam', count: 1, factoryDefault: 0 },
    { template: 'xmeye-cam', count: 1, factoryDefault: 0 },
    { template: 'generic', count: 1, factoryDefault: 0 },
  ]),
};

describe('manual add fingerprints (lab, HTTP and TCP only)', () => {
  let lab: Lab;
  let opts: FingerprintOptions;
  const byFamily = (family: string) => lab.manifest.devices.filter((d) => d.family === family);

  beforeAll(async () => {
    lab = await startLab({ fleet, loopbackOnly: true, firstAddress: FIRST, wsDiscovery: false });
    opts = { httpPort: lab.manifest.addressing.httpPort };
    for (const d of lab.manifest.devices) {
      const res = await fetch(new URL(`devices/${d.id}/faults`, lab.urls.control), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lockAfterFailures: 1 }),
      });
      expect(res.status).toBe(200);
    }
  });
  afterAll(() => lab?.stop());

  it('Hikvision: family and activation state from /SDK/activateStatus, no try spent', async () => {
    const [fresh, active] = byFamily('hikvision');
    const fp = hikvisionFingerprint(opts);
    expect(await fp(fresh!.ip, 2000)).toMatchObject({ family: 'hikvision', account: 'inactive' });
    const facts = await fp(active!.ip, 2000);
    expect(facts).toMatchObject({ family: 'hikvision', account: 'active' });
    // deviceInfo needs digest on the lab as on real firmware: asked anonymously, refused, no facts.
    expect(facts?.serial).toBeUndefined();
    expect(lab.snapshot(active!.id)).toMatchObject({ lockedUntil: null, httpLockedUntil: null });
  });

  it('Dahua: the serial from the login realm, the one try left untouched', async () => {
    const [d] = byFamily('dahua');
    const facts = await dahuaFingerprint(opts)(d!.ip, 2000);
    expect(facts).toMatchObject({ family: 'dahua', serial: d!.serial });
    expect(lab.snapshot(d!.id)).toMatchObject({ locked: false, remainLoginTimes: 1 });
  });

  it('Xiongmai: an open 34567 names the family (the search needs UDP: netns test)', async () => {
    const [d] = byFamily('xiongmai');
    const facts = await xiongmaiFingerprint(opts)(d!.ip, 1000);
    expect(facts).toMatchObject({ family: 'xiongmai', tcpPort: 34567 });
    expect(lab.snapshot(d!.id)).toMatchObject({ locked: false, loginFailures: 0 });
  });

  it('each fingerprint says null for the other families and for a silent address', async () => {
    const [hik] = byFamily('hikvision');
    const [dahua] = byFamily('dahua');
    const [onvif] = byFamily('onvif');
    expect(await dahuaFingerprint(opts)(hik!.ip, 1000)).toBeNull();
    expect(await hikvisionFingerprint(opts)(dahua!.ip, 1000)).toBeNull();
    expect(await xiongmaiFingerprint(opts)(onvif!.ip, 500)).toBeNull();
    expect(await onvifClockFingerprint(opts)('127.0.121.250', 500)).toBeNull();
  });

  it('merges answers, the most specific first, into one manual sighting', async () => {
    const [d] = byFamily('onvif');
    const fps = [hikvisionFingerprint(opts), onvifClockFingerprint(opts)];
    const s = await probeAddress(d!.ip, LO, fps, 2000);
    expect(s).toMatchObject({ protocol: 'manual', address: d!.ip, facts: { family: 'onvif' } });
  });

  it('probes a range with bounded concurrency and finds exactly the lab devices', async () => {
    const fps = [
      hikvisionFingerprint(opts),
      dahuaFingerprint(opts),
      xiongmaiFingerprint(opts),
      onvifClockFingerprint(opts),
    ];
    const streamed: string[] = [];
    const started = Date.now();
    const found = await probeRange({
      range: '127.0.121.1-127.0.121.12',
      interfaces: [LO],
      fingerprints: fps,
      timeoutMs: 800,
      concurrency: 4,
      onSighting: (s) => streamed.push(s.address),
    });
    expect(found.map((s) => [s.address, s.facts.family])).toEqual(
      lab.manifest.devices.map((d) => [d.ip, d.family]),
    );
    expect(new Set(streamed)).toEqual(new Set(found.map((s) => s.address)));
    // 12 addresses, 4 at a time, each bounded: three waves of at most timeout + grace.
    expect(Date.now() - started).toBeLessThan(3 * 1300 + 1000);
    for (const d of byFamily('dahua'))
      expect(lab.snapshot(d.id)).toMatchObject({ remainLoginTimes: 1 });
  });
});
