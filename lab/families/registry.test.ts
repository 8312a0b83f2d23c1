import { describe, expect, it } from 'vitest';
import { resolveFleet, planAddressing } from '../fleet/addressing';
import { presetFleet } from '../fleet/presets';
import { LAB_FAMILIES } from '../fleet/spec';
import { startLab } from '../lab';
import { isOnvifManifestDevice } from '../manifest';
import { startOnvifFleet } from '../onvif/runtime';
import { FAMILY_STARTERS, startGroups } from './registry';

describe('family registry', () => {
  it('has a starter for every lab family', () => {
    expect(Object.keys(FAMILY_STARTERS).sort()).toEqual([...LAB_FAMILIES].sort());
    expect(FAMILY_STARTERS.herospeed).toBe(startOnvifFleet);
  });

  it('starts onvif and herospeed together, once, in fleet order', () => {
    const plan = planAddressing({ platform: 'darwin', mayBindLowPorts: false });
    const devices = resolveFleet(presetFleet('onvif-5').devices, plan);
    const groups = startGroups(devices);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.families).toEqual(['onvif', 'herospeed']);
    expect(groups[0]!.devices.map((d) => d.id)).toEqual(devices.map((d) => d.id));
  });
});

describe('startLab with onvif-5 (HTTP only)', () => {
  it('keeps the onvif-5 manifest and adds the desk, mailbox and control URLs', async () => {
    const lab = await startLab({
      fleet: 'onvif-5',
      loopbackOnly: true,
      wsDiscovery: false,
      httpPort: 0,
      planInputs: { platform: 'darwin', mayBindLowPorts: false },
    });
    try {
      const m = lab.manifest;
      expect(m.devices).toHaveLength(5);
      expect(m.desk).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(m.mailbox).toBe(`${m.desk}mailbox/`);
      expect(m.control).toBe(lab.urls.control);
      expect(m.mdns).toBeUndefined();
      for (const d of m.devices.filter(isOnvifManifestDevice)) {
        expect(d.ports.wsDiscovery).toBe(3702);
        expect(d.xaddrs[0]).toBe(`http://127.0.0.1:${d.ports.http}/onvif/device_service`);
        expect(d.account.users.every((u) => !('password' in u))).toBe(true);
      }
      const atix = m.devices.find((d) => d.vendor === 'Atix')!;
      expect(atix.account.recoveryEmail).toBe('owner-atix-nvr-01@mail.lab.test');
      const r = await fetch(`${m.control}devices`);
      expect(r.status).toBe(200);
    } finally {
      await lab.stop();
    }
  });
});

describe('startLab with mixed-20 on a shared address (HTTP and TCP only)', () => {
  it('starts every family on 127.0.0.1 and lists the shared-ip limits', async () => {
    const lab = await startLab({
      fleet: 'mixed-20',
      loopbackOnly: true,
      wsDiscovery: false,
      httpPort: 0,
      planInputs: { platform: 'darwin', mayBindLowPorts: false },
    });
    try {
      const m = lab.manifest;
      expect(m.devices).toHaveLength(20);
      expect(new Set(m.devices.map((d) => d.ip))).toEqual(new Set(['127.0.0.1']));
      const xm = m.devices.flatMap((d) => (d.family === 'xiongmai' ? [d.ports.tcp] : []));
      expect(new Set(xm).size).toBe(3);
      expect(m.sharedIpLimits).toHaveLength(3);
    } finally {
      await lab.stop();
    }
  });
});
