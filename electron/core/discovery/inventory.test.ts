import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../shared/dto';
import { Inventory, type InventoryRemoval } from './inventory';
import type { DeviceFacts, RawSighting } from './types';

const lo: NetInterface = {
  name: 'lo',
  address: '127.0.0.1',
  netmask: '255.0.0.0',
  mac: null,
  internal: true,
};
const eth: NetInterface = {
  name: 'eth9',
  address: '127.0.0.9',
  netmask: '255.0.0.0',
  mac: null,
  internal: false,
};

function sighting(facts: DeviceFacts, over: Partial<RawSighting> = {}): RawSighting {
  return {
    protocol: 'wsd',
    iface: lo,
    address: '127.0.1.1',
    port: 3702,
    at: new Date('2026-01-01T00:00:00Z'),
    facts,
    raw: Buffer.alloc(0),
    ...over,
  };
}

describe('Inventory', () => {
  it('keys a new device by MAC first, normalized', () => {
    const inv = new Inventory();
    const { change, device } = inv.addSighting(
      sighting({ mac: '00-11-22-AA-BB-CC', serial: 'S1', endpoint: 'urn:uuid:abc' }),
    );
    expect(change).toBe('added');
    expect(device.id).toBe('mac:00:11:22:aa:bb:cc');
    expect(device.mac).toBe('00:11:22:aa:bb:cc');
  });

  it('falls back to serial, then endpoint UUID', () => {
    const inv = new Inventory();
    expect(inv.addSighting(sighting({ serial: 'ab12' })).device.id).toBe('serial:AB12');
    expect(inv.addSighting(sighting({ endpoint: 'urn:uuid:DEAD-beef' })).device.id).toBe(
      'uuid:dead-beef',
    );
  });

  it('merges the same device seen on two interfaces into one row that remembers both', () => {
    const inv = new Inventory();
    inv.addSighting(sighting({ endpoint: 'urn:uuid:x1', model: 'M' }));
    const second = inv.addSighting(sighting({ endpoint: 'urn:uuid:x1' }, { iface: eth }));
    expect(second.change).toBe('updated');
    expect(inv.size).toBe(1);
    expect(second.device.interfaces).toEqual(['lo', 'eth9']);
    expect(second.device.sightings).toHaveLength(2);
  });

  it('keeps the first id when a later reply reveals the MAC, and finds the row by either key', () => {
    const inv = new Inventory();
    const first = inv.addSighting(sighting({ endpoint: 'urn:uuid:x2' })).device;
    inv.addSighting(sighting({ endpoint: 'urn:uuid:x2', mac: '00:11:22:33:44:55' }));
    const byMac = inv.addSighting(sighting({ mac: '00:11:22:33:44:55', serial: 'Z' }));
    expect(byMac.device.id).toBe(first.id);
    expect(inv.size).toBe(1);
  });

  it('reads the account state from Profile Q scopes', () => {
    const inv = new Inventory();
    expect(
      inv.addSighting(sighting({ serial: 'A', profileQ: 'factoryDefault' })).device.account,
    ).toBe('inactive');
    expect(inv.addSighting(sighting({ serial: 'B', profileQ: 'operational' })).device.account).toBe(
      'active',
    );
    expect(inv.addSighting(sighting({ serial: 'C' })).device.account).toBe('unknown');
  });

  it('ignores a MAC of all zeros instead of merging every such device into one', () => {
    const inv = new Inventory();
    inv.addSighting(sighting({ mac: '00:00:00:00:00:00', serial: 'A' }));
    inv.addSighting(sighting({ mac: '00:00:00:00:00:00', serial: 'B' }));
    expect(inv.size).toBe(2);
  });

  it('bounds the sightings a busy device keeps', () => {
    const inv = new Inventory();
    for (let i = 0; i < 100; i++) inv.addSighting(sighting({ serial: 'busy' }));
    expect(inv.list()[0]!.sightings.length).toBeLessThanOrEqual(16);
  });

  it('enriches a row with what the device says about itself', () => {
    const inv = new Inventory();
    const { device } = inv.addSighting(sighting({ endpoint: 'urn:uuid:e1', model: 'from-scope' }));
    const change = inv.enrich(
      device.id,
      { model: 'DS-2CD2143G2-I', serial: 'DS1' },
      { identity: 'device' },
    );
    expect(change?.device).toMatchObject({
      model: 'DS-2CD2143G2-I',
      serial: 'DS1',
      identity: 'device',
    });
    expect(inv.enrich('nope', {}, {})).toBeUndefined();
  });
});

describe('Inventory flags', () => {
  const office: NetInterface = {
    name: 'eth0',
    address: '10.0.0.5',
    netmask: '255.255.255.0',
    mac: null,
    internal: false,
  };

  it('flags a device that claims an address outside the interface subnet', () => {
    const inv = new Inventory();
    const { device } = inv.addSighting(
      sighting(
        { serial: 'F1', claimedAddress: '192.168.1.64' },
        { iface: office, address: '192.168.1.64' },
      ),
    );
    expect(device.flags).toMatchObject({ foreignSubnet: true });
    const local = inv.addSighting(
      sighting(
        { serial: 'L1', claimedAddress: '10.0.0.77' },
        { iface: office, address: '10.0.0.77' },
      ),
    );
    expect(local.device.flags?.foreignSubnet).toBe(false);
  });

  it('flags both devices when two factory-fresh cameras claim one address', () => {
    const inv = new Inventory();
    const a = inv.addSighting(
      sighting({ serial: 'A', claimedAddress: '192.168.1.64' }, { address: '127.0.1.1' }),
    );
    expect(a.device.flags?.ipConflict).toBeUndefined();
    const b = inv.addSighting(
      sighting({ serial: 'B', claimedAddress: '192.168.1.64' }, { address: '127.0.1.2' }),
    );
    expect(b.device.flags).toMatchObject({
      ipConflict: true,
      claimedIp: '192.168.1.64',
      foreignSubnet: true,
    });
    expect(inv.get(a.device.id)?.flags?.ipConflict).toBe(true);
  });

  it('does not flag one device seen twice', () => {
    const inv = new Inventory();
    inv.addSighting(sighting({ serial: 'S', claimedAddress: '127.0.1.1' }));
    const again = inv.addSighting(sighting({ serial: 'S', claimedAddress: '127.0.1.1' }));
    expect(again.device.flags?.ipConflict).toBeUndefined();
  });
});

describe('Inventory: manual add', () => {
  it('merges an address-only reply into the one device known there (regression: a false IP conflict with itself)', () => {
    const inv = new Inventory();
    const wsd = inv.addSighting(
      sighting({ endpoint: 'urn:uuid:m1', serial: 'M1' }, { address: '127.0.1.1' }),
    );
    const manual = inv.addSighting(
      sighting(
        { family: 'onvif', xaddrs: ['http://127.0.1.1/onvif/device_service'] },
        { protocol: 'manual', address: '127.0.1.1' },
      ),
    );
    expect(manual.change).toBe('updated');
    expect(manual.device.id).toBe(wsd.device.id);
    expect(manual.device.protocols).toEqual(['wsd', 'manual']);
    expect(manual.device.flags?.ipConflict).toBeUndefined();
    expect(inv.size).toBe(1);
  });

  it('adds an address-only reply as a new row where nothing is known yet', () => {
    const inv = new Inventory();
    const { change, device } = inv.addSighting(
      sighting({ family: 'onvif' }, { protocol: 'manual', address: '127.0.9.9' }),
    );
    expect(change).toBe('added');
    expect(device.id).toBe('ip:127.0.9.9:manual');
  });
});

describe('Inventory: after-the-fact merge', () => {
  const ENDPOINT = 'urn:uuid:a1b2c3d4-0000-4000-8000-bcad28000001';
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  const wsd = (facts: DeviceFacts, s = 0) =>
    sighting({ endpoint: ENDPOINT, ...facts }, { protocol: 'wsd', at: at(s) });
  const sadp = (facts: DeviceFacts, s = 1) =>
    sighting(
      { family: 'hikvision', mac: 'BC-AD-28-00-00-01', serial: 'DS1', ...facts },
      { protocol: 'sadp', iface: eth, at: at(s) },
    );

  function twoRows() {
    const removed: InventoryRemoval[] = [];
    const inv = new Inventory({ onRemoved: (r) => removed.push(r) });
    inv.addSighting(wsd({}));
    inv.addSighting(sadp({}));
    return { inv, removed };
  }

  it('keeps a WS-Discovery row and a SADP row apart while nothing ties them', () => {
    const { inv, removed } = twoRows();
    expect(inv.list().map((d) => d.id)).toEqual([
      'uuid:a1b2c3d4-0000-4000-8000-bcad28000001',
      'mac:bc:ad:28:00:00:01',
    ]);
    expect(removed).toEqual([]);
  });

  it('merges the two rows when a later reply names both keys; the MAC id survives', () => {
    const { inv, removed } = twoRows();
    const change = inv.addSighting(wsd({ mac: 'bc:ad:28:00:00:01' }, 2));
    expect(change.change).toBe('updated');
    expect(change.device.id).toBe('mac:bc:ad:28:00:00:01');
    expect(inv.size).toBe(1);
    expect(removed).toEqual([
      {
        change: 'removed',
        device: expect.objectContaining({ id: 'uuid:a1b2c3d4-0000-4000-8000-bcad28000001' }),
        mergedInto: 'mac:bc:ad:28:00:00:01',
      },
    ]);
    expect(change.device).toMatchObject({
      family: 'hikvision',
      serial: 'DS1',
      protocols: ['sadp', 'wsd'],
      interfaces: ['eth9', 'lo'],
      onvif: { endpoint: ENDPOINT },
      firstSeen: at(0).toISOString(),
      lastSeen: at(2).toISOString(),
    });
    expect(change.device.sightings.map((s) => s.protocol)).toEqual(['wsd', 'sadp', 'wsd']);
  });

  it('merges when an identity read gives the UUID row the serial SADP reported', () => {
    const { inv, removed } = twoRows();
    const change = inv.enrich(
      'uuid:a1b2c3d4-0000-4000-8000-bcad28000001',
      { serial: 'ds1', model: 'DS-2CD2032-I' },
      { identity: 'device', needsCredentials: false },
    );
    expect(change?.device).toMatchObject({
      id: 'mac:bc:ad:28:00:00:01',
      model: 'DS-2CD2032-I',
      identity: 'device',
    });
    expect(inv.size).toBe(1);
    expect(removed.map((r) => r.mergedInto)).toEqual(['mac:bc:ad:28:00:00:01']);
  });

  it('clears the IP conflict the two rows of one device had flagged against each other', () => {
    const { inv } = twoRows(); // both answered from 127.0.1.1
    expect(inv.list().every((d) => d.flags?.ipConflict)).toBe(true);
    const { device } = inv.addSighting(wsd({ serial: 'DS1' }, 2));
    expect(device.flags?.ipConflict).toBeUndefined();
    // A third device on the same address is still a real conflict.
    const other = inv.addSighting(sighting({ mac: '00:11:22:33:44:55' }));
    expect(other.device.flags?.ipConflict).toBe(true);
    expect(inv.get(device.id)?.flags?.ipConflict).toBe(true);
  });

  it('finds the survivor by the merged-away id, so a panel or a flow holding it keeps working', () => {
    const { inv } = twoRows();
    inv.addSighting(wsd({ serial: 'DS1' }, 2));
    const old = 'uuid:a1b2c3d4-0000-4000-8000-bcad28000001';
    expect(inv.resolve(old)).toBe('mac:bc:ad:28:00:00:01');
    expect(inv.get(old)?.id).toBe('mac:bc:ad:28:00:00:01');
    expect(inv.enrich(old, { firmware: 'V5.7.3' }, {})?.device.firmware).toBe('V5.7.3');
    expect(inv.resolve('serial:NOPE')).toBe('serial:NOPE');
  });

  it('never merges rows whose MACs differ, even when a reply ties them (cloned serials)', () => {
    const removed: InventoryRemoval[] = [];
    const inv = new Inventory({ onRemoved: (r) => removed.push(r) });
    inv.addSighting(sighting({ mac: '00:11:22:33:44:01', serial: 'CLONE' }));
    inv.addSighting(sighting({ mac: '00:11:22:33:44:02' }, { address: '127.0.1.2' }));
    inv.addSighting(
      sighting({ mac: '00:11:22:33:44:02', serial: 'CLONE' }, { address: '127.0.1.2' }),
    );
    expect(inv.size).toBe(2);
    expect(removed).toEqual([]);
  });

  it('folds three rows into one when one reply names all their keys', () => {
    const removed: InventoryRemoval[] = [];
    const inv = new Inventory({ onRemoved: (r) => removed.push(r) });
    inv.addSighting(sighting({ endpoint: 'urn:uuid:e1' }));
    inv.addSighting(sighting({ serial: 'S9' }, { protocol: 'dhip' }));
    inv.addSighting(sighting({ mac: '00:11:22:33:44:09' }, { protocol: 'xm' }));
    const { device } = inv.addSighting(
      sighting({ endpoint: 'urn:uuid:e1', serial: 'S9', mac: '00:11:22:33:44:09' }),
    );
    expect(inv.list().map((d) => d.id)).toEqual(['mac:00:11:22:33:44:09']);
    expect(device.protocols.sort()).toEqual(['dhip', 'wsd', 'xm']);
    expect(removed.map((r) => r.device.id).sort()).toEqual(['serial:S9', 'uuid:e1']);
  });
});
