import { describe, expect, it } from 'vitest';
import { assumedInterfaceForResponse } from './assumptions';
import {
  factsFromMdnsService,
  normalizeTxtMac,
  serviceAddress,
  type MdnsServiceInfo,
} from './facts';

function info(over: Partial<MdnsServiceInfo>): MdnsServiceInfo {
  return {
    name: 'cam',
    type: 'http',
    port: 80,
    host: 'cam.local',
    addresses: ['192.168.1.64'],
    txt: {},
    referer: '192.168.1.64',
    ...over,
  };
}

describe('TXT -> facts', () => {
  it('reads the lab-style TXT of a generic camera on _http._tcp', () => {
    const txt = { macaddress: '024C4182CFD0', vendor: 'Generic', model: 'IPC-T480' };
    expect(factsFromMdnsService(info({ txt }))).toEqual({
      mac: '02:4c:41:82:cf:d0',
      vendor: 'Generic',
      model: 'IPC-T480',
      httpPort: 80,
    });
  });

  it('takes an Axis advert as a camera even without vendor, and tells DoorBird by OUI', () => {
    const axis = info({ type: 'axis-video', txt: { macaddress: 'ACCC8E012345' } });
    expect(factsFromMdnsService(axis)).toEqual({
      mac: 'ac:cc:8e:01:23:45',
      vendor: 'Axis',
      httpPort: 80,
    });
    const bird = info({ type: 'axis-video', txt: { macaddress: '1CCAE3AABBCC' } });
    expect(factsFromMdnsService(bird)?.vendor).toBe('DoorBird');
  });

  it('ignores generic adverts that do not name hardware (printers, routers)', () => {
    expect(factsFromMdnsService(info({ txt: { path: '/' } }))).toBeNull();
    expect(factsFromMdnsService(info({ txt: { macaddress: '024C4182CFD0' } }))).toBeNull();
    expect(factsFromMdnsService(info({ txt: { vendor: 'HP', model: 'LaserJet' } }))).toBeNull();
  });

  it('accepts RTSP and PSIA adverts without TXT, keeping no HTTP port for them', () => {
    expect(factsFromMdnsService(info({ type: 'rtsp', port: 554 }))).toEqual({});
    expect(factsFromMdnsService(info({ type: 'psia', txt: { SN: 'X1', MD: 'M' } }))).toEqual({
      serial: 'X1',
      model: 'M',
    });
  });

  it('reads keys case-insensitively, Buffer values too, and drops junk MACs', () => {
    const txt = { MacAddress: Buffer.from('00-40-8c-11-22-33'), Firmware: '10.12' };
    expect(factsFromMdnsService(info({ type: 'axis-video', txt }))).toMatchObject({
      mac: '00:40:8c:11:22:33',
      firmware: '10.12',
    });
    expect(normalizeTxtMac('000000000000')).toBeUndefined();
    expect(normalizeTxtMac('zz')).toBeUndefined();
  });
});

describe('addresses', () => {
  it('records the A record on the responder subnet, not link-local or IPv6', () => {
    const addresses = ['fe80::1', '169.254.3.4', '10.9.9.9', '192.168.1.64'];
    expect(serviceAddress(info({ addresses }))).toBe('192.168.1.64');
    expect(serviceAddress(info({ addresses: ['169.254.3.4'] }))).toBe('169.254.3.4');
    expect(serviceAddress(info({ addresses: [], referer: '192.168.1.7' }))).toBe('192.168.1.7');
  });

  it('attributes a response to the interface whose subnet holds its source', () => {
    const lan = {
      name: 'eth0',
      address: '192.168.1.2',
      netmask: '255.255.255.0',
      mac: null,
      internal: false,
    };
    const lo = {
      name: 'lo',
      address: '127.0.0.1',
      netmask: '255.0.0.0',
      mac: null,
      internal: true,
    };
    expect(assumedInterfaceForResponse('127.0.120.4', [lan, lo])).toBe(lo);
    expect(assumedInterfaceForResponse('192.168.1.64', [lo, lan])).toBe(lan);
    expect(assumedInterfaceForResponse('192.168.0.64', [lo, lan])).toBe(lan);
  });
});
