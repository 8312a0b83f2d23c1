import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../../shared/dto';
import { collectSweep, fakeUdpNet, TEST_LO, testInterface } from '../../../testing/fake-udp';
import { sweepLifecycleCases } from '../../../testing/sweep-cases';
import type { UdpOpener } from '../../net/udp';
import type { SweepOptions } from '../types';
import { decodeDhipMessage } from './codec';
import { DHIP_MULTICAST_ADDRESS, DHIP_PORT } from './constants';
import { DhipScanner, quickDhipMac } from './scanner';
import { frameBody, frameFixture, type FixtureName } from './test-support';

/** A simulated device on one interface, answering every search with its fixture. */
interface FakeDevice {
  iface: string;
  address: string;
  reply: FixtureName | Buffer;
}

/** In-memory network: a search sent on an interface reaches the devices of that interface. */
function memoryNet(devices: FakeDevice[], faults: { openFails?: string; sendFails?: string } = {}) {
  const net = fakeUdpNet(({ iface, data, port, address, broadcast }, reply) => {
    if (decodeDhipMessage(data).kind !== 'search') throw new Error('not a DHIP search');
    for (const d of devices.filter((x) => x.iface === iface.name)) {
      const answer = typeof d.reply === 'string' ? frameFixture(d.reply) : d.reply;
      reply.toSender({ data: answer, address: d.address, port: DHIP_PORT });
    }
    return { iface: iface.name, port, address, broadcast };
  }, faults);
  return { opener: net.openSocket, sent: net.sent, openSockets: net.openCount };
}

const LO = TEST_LO;
const LAN = testInterface('eth0', '10.20.0.15');

function sweep(
  opener: UdpOpener,
  overrides: Partial<SweepOptions> = {},
  interfaces: NetInterface[] = [LAN],
) {
  const scanner = new DhipScanner({ openSocket: opener, roundsAtMs: [0, 15, 30], jitterMs: 5 });
  return collectSweep(scanner, { interfaces, durationMs: 300, ...overrides });
}

describe('DhipScanner with an in-memory transport', () => {
  sweepLifecycleCases({
    scanner: (net) => new DhipScanner({ openSocket: net.openSocket, roundsAtMs: [0, 15, 30] }),
    iface: LAN,
    firstRoundProbes: 2,
  });

  it('sends each round to the multicast group and the subnet broadcast on 37810', async () => {
    const net = memoryNet([]);
    const { reports } = await sweep(net.opener);
    expect(reports).toEqual([
      { name: 'eth0', address: '10.20.0.15', ok: true, probesSent: 6, replies: 0 },
    ]);
    expect(net.sent.map((s) => s.address)).toEqual(
      Array(3).fill([DHIP_MULTICAST_ADDRESS, '10.20.0.255']).flat(),
    );
    expect(net.sent.every((s) => s.port === DHIP_PORT && s.broadcast)).toBe(true);
    expect(net.sent.some((s) => s.address === '255.255.255.255')).toBe(false);
  });

  it('reports a device once per interface although it answers all six probes', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '192.168.1.108', reply: 'notify-uninitialized.json' },
    ]);
    const { reports, sightings, warnings } = await sweep(net.opener);
    expect(warnings).toEqual([]);
    expect(reports[0]).toMatchObject({ ok: true, probesSent: 6, replies: 6 });
    expect(sightings).toHaveLength(1);
    expect(sightings[0]).toMatchObject({
      protocol: 'dhip',
      iface: LAN,
      address: '192.168.1.108',
      port: DHIP_PORT,
      facts: { family: 'dahua', account: 'inactive', model: 'IPC-HFW2431S-S-S2' },
    });
    expect(decodeDhipMessage(sightings[0]!.raw).kind).toBe('devInfo');
  });

  it('sweeps each interface with its own socket and report', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '10.20.0.64', reply: 'notify-lorex-w461asc.json' },
      { iface: 'eth0', address: '10.20.0.65', reply: 'notify-vto2000a.json' },
      { iface: 'lo', address: '127.0.0.2', reply: 'notify-bcs-general.json' },
    ]);
    const { reports, sightings } = await sweep(net.opener, {}, [LAN, LO]);
    expect(reports.map((r) => [r.name, r.ok, r.probesSent, r.replies])).toEqual([
      ['eth0', true, 6, 12],
      ['lo', true, 6, 6],
    ]);
    expect(sightings.map((s) => [s.iface.name, s.facts.model]).sort()).toEqual([
      ['eth0', 'VTO2000A'],
      ['eth0', 'W461ASC'],
      ['lo', 'BCS-TIP3401IR-E-V'],
    ]);
    expect(net.sent.filter((s) => s.iface === 'lo').map((s) => s.address)).toContain(
      '127.255.255.255',
    );
    expect(net.openSockets()).toBe(0);
  });

  it('turns bad replies into warnings with their bytes and keeps scanning', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '10.20.0.97', reply: Buffer.from([0xff]) },
      { iface: 'eth0', address: '10.20.0.98', reply: Buffer.from('{"method":"x"}') },
      { iface: 'eth0', address: '10.20.0.64', reply: 'notify-lorex-w461asc.json' },
    ]);
    const { sightings, warnings } = await sweep(net.opener);
    expect(sightings).toHaveLength(1);
    expect(new Set(warnings.map((w) => w.address))).toEqual(new Set(['10.20.0.97', '10.20.0.98']));
    expect(warnings.every((w) => w.protocol === 'dhip' && w.raw !== null)).toBe(true);
    expect(warnings.find((w) => w.address === '10.20.0.97')?.message).toContain('too short');
  });

  it('stays quiet about other clients’ searches', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '10.20.0.40', reply: frameBody('{"method":"DHDiscover.search"}') },
    ]);
    const { sightings, warnings, reports } = await sweep(net.opener);
    expect([sightings, warnings]).toEqual([[], []]);
    expect(reports[0]!.replies).toBe(6);
  });

  it('reports an interface that cannot bind, and still sweeps the others', async () => {
    const net = memoryNet([{ iface: 'lo', address: '127.0.0.2', reply: 'notify-vto2000a.json' }], {
      openFails: 'eth0',
    });
    const { reports, sightings } = await sweep(net.opener, {}, [LAN, LO]);
    expect(reports[0]).toMatchObject({ ok: false, error: 'EADDRNOTAVAIL bind', probesSent: 0 });
    expect(reports[1]).toMatchObject({ ok: true, probesSent: 6 });
    expect(sightings).toHaveLength(1);
  });

  it('survives a consumer whose onSighting throws', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '10.20.0.64', reply: 'notify-lorex-w461asc.json' },
    ]);
    const { warnings } = await sweep(net.opener, {
      onSighting: () => {
        throw new Error('consumer bug');
      },
    });
    expect(warnings.map((w) => w.message)).toEqual(['10.20.0.64: sighting handler failed']);
  });
});

describe('DhipScanner under a 1,000-device burst', () => {
  it('skips the decode of a reply that repeats a known MAC (regression: 1,000-device bursts overflowed the socket)', async () => {
    const good = frameFixture('notify-ipc-hdw5421s.json');
    expect(quickDhipMac(good)).toBe('4c:11:bf:c2:0b:9d');
    expect(quickDhipMac(frameBody('{"method":"DHDiscover.search","params":{"mac":""}}'))).toBe(
      null,
    );
    const nested = '{"mac":"4c:11:bf:c2:0b:9d","x":{"mac":"4c:11:bf:c2:0b:9e"}}';
    expect(quickDhipMac(frameBody(nested))).toBeNull();
    // Every later answer is cut short after the MAC: decoded, each would be a warning.
    const text = good.toString('latin1');
    const cut = good.subarray(0, text.indexOf('"mac"') + 30);
    let n = 0;
    const net = fakeUdpNet(({ port }, reply) => {
      const data = n++ === 0 ? good : cut;
      reply.toSender({ data, address: '10.20.0.108', port: DHIP_PORT });
      return port;
    });
    const { reports, sightings, warnings } = await sweep(net.openSocket);
    expect(warnings).toEqual([]);
    expect(sightings).toHaveLength(1);
    expect(reports[0]).toMatchObject({ ok: true, probesSent: 6, replies: 6 });
  });
});
