import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { planAddressing, resolveFleet, sharedIpLimits } from './addressing';
import { FleetFileError, parseFleet } from './fleet-file';
import { presetFleet } from './presets';

const sha = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

describe('vendor families in the presets', () => {
  it('leave onvif-5 and the first 11 mixed-20 devices byte-identical (the e2e pins them)', () => {
    // Hashes taken before the vendor rows were appended.
    expect(sha(presetFleet('onvif-5').devices)).toBe(
      'd7409420c37f30eb359fed911e57d06ed74782d3f3fec024ae88db3d66c51a61',
    );
    expect(sha(presetFleet('mixed-20').devices.slice(0, 11))).toBe(
      '919a625f15ecde075e25a7715c967283ee6e979f231f6bac649e6d1faaeac658',
    );
  });

  it('mixed-20 appends 3 Hikvision, 3 Dahua and 3 Xiongmai devices with their own formats', () => {
    const vendor = presetFleet('mixed-20').devices.slice(11);
    expect(vendor.map((d) => d.family)).toEqual([
      ...Array<string>(3).fill('hikvision'),
      ...Array<string>(3).fill('dahua'),
      ...Array<string>(3).fill('xiongmai'),
    ]);
    for (const d of vendor) {
      if (d.family === 'hikvision') expect(d.serial.startsWith(d.model)).toBe(true);
      if (d.family === 'dahua') expect(d.serial).toMatch(/^\d[A-Z]0[0-9A-F]{4}PA[A-Z][0-9A-F]{5}$/);
      if (d.family === 'xiongmai') expect(d.serial).toMatch(/^[0-9a-f]{16}$/);
    }
    const scs = vendor.find((d) => d.vendor === 'SCS Pro');
    expect(scs?.family === 'dahua' && scs.nvr?.cameras.map((c) => c.serial)).toEqual(
      vendor.filter((d) => d.family === 'dahua' && d.kind === 'camera').map((d) => d.serial),
    );
  });

  it('scale-1000 keeps 1,000 devices with every family present', () => {
    const devices = presetFleet('scale-1000').devices;
    const count = (f: string) => devices.filter((d) => d.family === f).length;
    expect(devices).toHaveLength(1000);
    expect([count('hikvision'), count('dahua'), count('xiongmai')]).toEqual([120, 110, 70]);
  });

  it('gives vendor devices distinct TCP ports on a shared address and says what differs', () => {
    const plan = planAddressing({ platform: 'win32', mayBindLowPorts: false });
    const devices = resolveFleet(presetFleet('mixed-20').devices, plan);
    const xm = devices.filter((d) => d.family === 'xiongmai').map((d) => d.ports.tcp);
    expect(new Set(xm).size).toBe(3);
    expect(new Set(devices.map((d) => d.ports.http)).size).toBe(20);
    const limits = sharedIpLimits(
      plan,
      devices.map((d) => d.family),
    );
    expect(limits?.map((l) => l.split(':')[0])).toEqual(['hikvision', 'dahua', 'xiongmai']);
    const linux = planAddressing({ platform: 'linux', mayBindLowPorts: true });
    expect(sharedIpLimits(linux, ['xiongmai'])).toBeUndefined();
  });
});

describe('fleet files with vendor devices', () => {
  const good = () =>
    JSON.parse(JSON.stringify({ devices: presetFleet('mixed-20').devices.slice(11) })) as {
      devices: Record<string, Record<string, unknown>>[];
    };

  it('accepts Hikvision, Dahua and Xiongmai devices', () => {
    expect(parseFleet(good(), 'v.json').devices).toHaveLength(9);
  });

  it('names the field on a bad vendor device', () => {
    const port = good();
    port.devices[0]!.ports = { sadp: 37021 };
    expect(() => parseFleet(port, 'v.json')).toThrow(
      /v\.json: devices\[0\]\.ports\.sadp must be 37020/,
    );
    const state = good();
    state.devices[1]!.account!.state = 'activated';
    expect(() => parseFleet(state, 'v.json')).toThrow(
      /devices\[1\]\.account\.state expected one of/,
    );
    const init = good();
    delete init.devices[3]!.account!.adminPassword;
    expect(() => parseFleet(init, 'v.json')).toThrow(
      /devices\[3\]\.account is initialized but has no adminPassword/,
    );
    const xm = good();
    xm.devices[6]!.account!.email = 'an-address-far-longer-than-forty-characters@mail.lab.test';
    expect(() => parseFleet(xm, 'v.json')).toThrow(/devices\[6\]\.account\.email/);
    const nvr = good();
    nvr.devices[1]!.nvr = { cameras: 2 };
    expect(() => parseFleet(nvr, 'v.json')).toThrow(FleetFileError);
  });
});
