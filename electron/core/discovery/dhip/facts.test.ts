import { describe, expect, it } from 'vitest';
import { assumedDahuaBrand, assumedDhipInitState, assumedDhipResetWays } from './assumptions';
import { decodeDhipMessage } from './codec';
import { dhipSubnetRelation, factsFromDhip } from './facts';
import { frameFixture, type FixtureName } from './test-support';

function infoOf(name: FixtureName) {
  const msg = decodeDhipMessage(frameFixture(name));
  if (msg.kind !== 'devInfo') throw new Error(`fixture ${name} did not decode`);
  return msg.info;
}

describe('factsFromDhip', () => {
  it.each<[FixtureName, object]>([
    [
      'notify-ipc-hdw5421s.json',
      {
        family: 'dahua',
        vendor: 'Dahua',
        model: 'IPC-HDW5421S',
        serial: '1F006E4PAX00075',
        mac: '4c:11:bf:c2:0b:9d',
        firmware: '2.400.0.8',
      },
    ],
    [
      'notify-lorex-w461asc.json',
      { vendor: 'Lorex', model: 'W461ASC', firmware: '2.800.030000000.3.R', account: 'active' },
    ],
    ['notify-vto2000a.json', { vendor: 'Dahua', model: 'VTO2000A', account: 'active' }],
    ['notify-bcs-general.json', { vendor: 'Dahua', model: 'BCS-TIP3401IR-E-V' }],
    ['notify-intelbras-vip1230.json', { vendor: 'Intelbras', account: 'active' }],
    ['notify-uninitialized.json', { family: 'dahua', account: 'inactive' }],
  ])('%s', (name, expected) => {
    expect(factsFromDhip(infoOf(name), '192.0.2.1')).toMatchObject(expected);
  });

  it('leaves account unset when the reply has no Init', () => {
    expect(factsFromDhip(infoOf('notify-ipc-hdw5421s.json'), '192.0.2.1')).not.toHaveProperty(
      'account',
    );
  });

  it('uses DeviceID when SerialNo is missing', () => {
    expect(
      factsFromDhip({ deviceId: 'X1', initState: 'unknown', resetWays: [] }, ''),
    ).toMatchObject({ serial: 'X1' });
  });
});

describe('dhipSubnetRelation (foreign-subnet devices)', () => {
  const office = { address: '10.20.0.15', netmask: '255.255.255.0' };
  it('flags a factory-addressed device on an office LAN as foreign', () => {
    expect(dhipSubnetRelation(infoOf('notify-uninitialized.json'), office)).toBe('foreign');
  });
  it('sees a device in the interface subnet as same', () => {
    const lan = { address: '192.168.1.20', netmask: '255.255.255.0' };
    expect(dhipSubnetRelation(infoOf('notify-uninitialized.json'), lan)).toBe('same');
  });
  it('is unknown without an address', () => {
    expect(dhipSubnetRelation({}, office)).toBe('unknown');
    expect(dhipSubnetRelation({ ipv4: { address: '0.0.0.0' } }, office)).toBe('unknown');
  });
});

describe('assumptions', () => {
  it.each([
    [undefined, 'unknown'],
    [0, 'legacy'],
    [1, 'uninitialized'],
    [2, 'initialized'],
    [3, 'unknown'],
    [150, 'initialized'],
    [1162, 'initialized'],
    [3734, 'initialized'],
  ])('Init %s -> %s', (init, state) => {
    expect(assumedDhipInitState(init)).toBe(state);
  });

  it('reads Find letters as reset ways', () => {
    expect(assumedDhipResetWays('AB')).toEqual(['phone', 'email']);
    expect(assumedDhipResetWays('cbz')).toEqual(['fileExport', 'email']);
    expect(assumedDhipResetWays(undefined)).toEqual([]);
  });

  it.each([
    ['Dahua', 'Private', 'Dahua'],
    ['Lorex', 'Private', 'Lorex'],
    ['IntelBras', 'Intelbras', 'Intelbras'],
    ['General', 'General', 'Dahua'],
    ['General', 'Amcrest', 'Amcrest'],
    [' Acme Vision ', undefined, 'Acme Vision'],
    [undefined, undefined, 'Dahua'],
  ])('brand of Vendor %s / Manufacturer %s is %s', (vendor, manufacturer, brand) => {
    expect(assumedDahuaBrand(vendor, manufacturer)).toBe(brand);
  });
});
