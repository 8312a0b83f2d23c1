import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../../shared/dto';
import type { RawSighting } from '../types';
import { assumedBrandFromSadpModel } from './assumptions';
import { decodeSadpMessage, type SadpMatch } from './codec';
import {
  factsFromSadp,
  normalizeSadpFirmware,
  sadpNetworkFacts,
  sadpNetworkFromSighting,
} from './facts';
import { loadFixture, type FixtureName } from './test-support';

function device(name: FixtureName): SadpMatch {
  const msg = decodeSadpMessage(loadFixture(name));
  if (msg.kind !== 'probeMatch' && msg.kind !== 'hello') throw new Error(msg.kind);
  return msg.match;
}

const LAN: NetInterface = {
  name: 'eth0',
  address: '192.168.1.10',
  netmask: '255.255.255.0',
  mac: null,
  internal: false,
};

describe('factsFromSadp', () => {
  it('maps an activation-era reply to hikvision facts', () => {
    expect(factsFromSadp(device('probe-match-ds-2cd2320d-i.xml'), '192.168.1.112')).toEqual({
      family: 'hikvision',
      vendor: 'Hikvision',
      model: 'DS-2CD2320D-I',
      serial: 'DS-2CD2320D-I20180919AACHC52932642',
      mac: '44:47:cc:37:ce:81',
      firmware: 'V5.5.6 build 180326',
      account: 'active',
      claimedAddress: '192.168.1.112',
      claimedNetmask: '255.255.255.0',
      httpPort: 80,
      tcpPort: 8000,
    });
  });

  it('says inactive for a factory-fresh device and nothing for pre-activation firmware', () => {
    expect(factsFromSadp(device('hello-inactive.xml'), '192.168.1.112').account).toBe('inactive');
    expect(
      factsFromSadp(device('probe-match-ds-2cd2432f-iw.xml'), '10.1.1.251'),
    ).not.toHaveProperty('account');
  });

  it('leaves the brand unknown for a model prefix it does not know', () => {
    const m = device('probe-match-ds-2cd2320d-i.xml');
    const facts = factsFromSadp({ ...m, model: 'XYZ-100' }, '192.168.1.112');
    expect(facts).toMatchObject({ family: 'hikvision', model: 'XYZ-100' });
    expect(facts).not.toHaveProperty('vendor');
  });
});

describe('assumptions and helpers', () => {
  it.each([
    ['DS-2CD2143G2-I', 'Hikvision'],
    ['IPC-B121H-C', 'HiLook'],
    ['NVR-104MH-C', 'HiLook'],
    ['CS-C6N', 'EZVIZ'],
    ['DS-KH6210-L', 'Hikvision'],
    ['', undefined],
  ])('brand of %s is %s', (model, brand) => {
    expect(assumedBrandFromSadpModel(model)).toBe(brand);
  });

  it.each([
    ['V5.5.6build 180326', 'V5.5.6 build 180326'],
    ['V1.5.0build 181114', 'V1.5.0 build 181114'],
    ['V5.7.3 build 220112', 'V5.7.3 build 220112'],
    ['V5.0, build 140714', 'V5.0, build 140714'],
  ])('firmware %s reads as %s', (raw, normalized) => {
    expect(normalizeSadpFirmware(raw)).toBe(normalized);
  });
});

describe('foreign-subnet facts', () => {
  it('flags a device whose own address is off the interface subnet', () => {
    const intercom = device('probe-match-ds-kh6210-l.xml'); // 192.0.0.60/16
    expect(sadpNetworkFacts(intercom, LAN, '192.0.0.60')).toMatchObject({
      ipv4Address: '192.0.0.60',
      ipv4SubnetMask: '255.255.0.0',
      sourceAddress: '192.0.0.60',
      foreignSubnet: true,
      httpPort: 80,
    });
    const camera = device('probe-match-ds-2cd2320d-i.xml'); // 192.168.1.112/24
    expect(sadpNetworkFacts(camera, LAN, '192.168.1.112').foreignSubnet).toBe(false);
  });

  it('calls a mask mismatch foreign: the device could not answer without a gateway', () => {
    const camera = device('probe-match-ds-2cd2320d-i.xml');
    const odd = { ...camera, network: { ...camera.network, ipv4SubnetMask: '255.255.255.252' } };
    expect(sadpNetworkFacts(odd, LAN, '192.168.1.112').foreignSubnet).toBe(true);
  });

  it('is unknown when the device does not say its address', () => {
    const camera = device('probe-match-ds-2cd2320d-i.xml');
    const blind = { ...camera, network: { ...camera.network, ipv4Address: null } };
    expect(sadpNetworkFacts(blind, LAN, '192.168.1.112').foreignSubnet).toBeNull();
  });

  it('re-reads the facts from a sighting, and only from a SADP device reply', () => {
    const sighting: RawSighting = {
      protocol: 'sadp',
      iface: LAN,
      address: '192.0.0.60',
      port: 37020,
      at: new Date(0),
      facts: {},
      raw: loadFixture('probe-match-ds-kh6210-l.xml'),
    };
    expect(sadpNetworkFromSighting(sighting)?.foreignSubnet).toBe(true);
    expect(sadpNetworkFromSighting({ ...sighting, protocol: 'wsd' })).toBeNull();
    expect(
      sadpNetworkFromSighting({ ...sighting, raw: loadFixture('activate-reply.xml') }),
    ).toBeNull();
  });
});
