import { describe, expect, it } from 'vitest';
import { deviceAddresses, planAddressing, resolveFleet } from './addressing';
import { FleetFileError, parseFleet } from './fleet-file';
import { endpointFromMac, normalizeMac } from './identity';
import { presetFleet } from './presets';
import type { HerospeedDeviceSpec, OnvifDeviceSpec } from './spec';

describe('presets', () => {
  it('are deterministic: same serials, MACs and endpoints every run', () => {
    const a = presetFleet('mixed-20').devices;
    const b = presetFleet('mixed-20').devices;
    expect(a.map((d) => [d.serial, d.mac])).toEqual(b.map((d) => [d.serial, d.mac]));
  });

  it('onvif-5 has five brands, two of them in Profile Q factory default', () => {
    const devices = presetFleet('onvif-5').devices.filter(
      (d): d is OnvifDeviceSpec | HerospeedDeviceSpec =>
        d.family === 'onvif' || d.family === 'herospeed',
    );
    expect(devices).toHaveLength(5);
    expect(new Set(devices.map((d) => d.vendor)).size).toBe(5);
    expect(devices.filter((d) => d.account.state === 'factoryDefault')).toHaveLength(2);
    expect(devices.some((d) => d.family === 'herospeed' && d.kind === 'recorder')).toBe(true);
    for (const d of devices.filter((x) => x.account.state === 'operational'))
      expect(d.account.users.some((u) => u.level === 'Administrator')).toBe(true);
  });

  it('scale-1000 has 1,000 devices with unique MACs, serials and endpoints', () => {
    const devices = presetFleet('scale-1000').devices;
    expect(devices).toHaveLength(1000);
    expect(new Set(devices.map((d) => d.mac)).size).toBe(1000);
    expect(new Set(devices.map((d) => d.serial)).size).toBe(1000);
    expect(new Set(devices.map((d) => endpointFromMac(d.mac))).size).toBe(1000);
  });
});

describe('identity', () => {
  it('derives a stable RFC 4122 v5 urn:uuid from the MAC', () => {
    const e = endpointFromMac('28:57:be:01:02:03');
    expect(e).toBe(endpointFromMac('28:57:BE:01:02:03'));
    expect(e).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('normalizes MAC spellings', () => {
    expect(normalizeMac('28-57-BE-01-02-03')).toBe('28:57:be:01:02:03');
    expect(normalizeMac('2857be010203')).toBe('28:57:be:01:02:03');
    expect(normalizeMac('not a mac')).toBeNull();
  });
});

describe('addressing', () => {
  it('gives each Linux device its own 127.x address, never 127.0.0.1, .0 or .255', () => {
    const ips = deviceAddresses('127.0.0.250', 8);
    expect(ips).toEqual([
      '127.0.0.250',
      '127.0.0.251',
      '127.0.0.252',
      '127.0.0.253',
      '127.0.0.254',
      '127.0.1.1',
      '127.0.1.2',
      '127.0.1.3',
    ]);
    expect(deviceAddresses('127.0.0.1', 1)).toEqual(['127.0.0.2']);
  });

  it('uses port 80 when allowed, 8000 otherwise, and distinct ports on 127.0.0.1 elsewhere', () => {
    expect(planAddressing({ platform: 'linux', mayBindLowPorts: true }).httpPort).toBe(80);
    expect(planAddressing({ platform: 'linux', mayBindLowPorts: false }).httpPort).toBe(8000);
    const mac = planAddressing({ platform: 'darwin', mayBindLowPorts: true });
    const devices = resolveFleet(presetFleet('onvif-5').devices, mac);
    expect(new Set(devices.map((d) => d.ip))).toEqual(new Set(['127.0.0.1']));
    expect(new Set(devices.map((d) => d.ports.http)).size).toBe(5);
  });

  it('refuses a first address outside loopback', () => {
    expect(() => deviceAddresses('192.168.1.10', 1)).toThrow(/127\.0\.0\.0\/8/);
  });
});

describe('fleet files', () => {
  const good = () =>
    JSON.parse(JSON.stringify({ devices: presetFleet('onvif-5').devices })) as {
      devices: Record<string, unknown>[];
    };

  it('accepts a valid file and names the fleet after the file', () => {
    expect(parseFleet(good(), '/tmp/site-a.json').name).toBe('site-a');
  });

  it('names the field that is wrong', () => {
    const f = good();
    f.devices[1]!.family = 'sony';
    expect(() => parseFleet(f, 'f.json')).toThrow(/f\.json: devices\[1\]\.family expected one of/);
  });

  it('refuses unknown keys, non-loopback addresses and duplicate MACs', () => {
    const extra = good();
    extra.devices[0]!.colour = 'red';
    expect(() => parseFleet(extra, 'f.json')).toThrow(/colour is not a known field/);
    const lan = good();
    lan.devices[0]!.ip = '192.168.1.64';
    expect(() => parseFleet(lan, 'f.json')).toThrow(FleetFileError);
    const dup = good();
    dup.devices[1]!.mac = dup.devices[0]!.mac;
    expect(() => parseFleet(dup, 'f.json')).toThrow(/repeats mac/);
  });

  it('checks each family with its own fields', () => {
    const f = good();
    const atix = f.devices.find((d) => d.vendor === 'Atix')!;
    atix.recoveryEmail = 'not an address';
    expect(() => parseFleet(f, 'f.json')).toThrow(/recoveryEmail has an unexpected format/);
    atix.recoveryEmail = null;
    expect(parseFleet(f, 'f.json').devices).toHaveLength(5);
    const onvif = good();
    onvif.devices.find((d) => d.family === 'onvif')!.recoveryEmail = 'a@b.test';
    expect(() => parseFleet(onvif, 'f.json')).toThrow(/recoveryEmail is not a known field/);
  });
});
