import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../../shared/dto';
import { collectSweep, fakeUdpNet, testInterface } from '../../../testing/fake-udp';
import { sweepLifecycleCases } from '../../../testing/sweep-cases';
import type { SweepOptions } from '../types';
import { SADP_MULTICAST_ADDRESS, SADP_PORT } from './constants';
import { SadpScanner, type SadpScannerOptions } from './scanner';
import { quickSadpMac } from './replies';
import { memoryNet } from './test-net';
import { loadFixture, withField } from './test-support';

const LAN = testInterface('eth0', '192.168.1.10');
const WIFI = testInterface('wlan0', '10.0.0.5');

function sweep(
  net: ReturnType<typeof memoryNet>,
  overrides: Partial<SweepOptions> = {},
  interfaces: NetInterface[] = [LAN],
  scannerOptions: SadpScannerOptions = {},
) {
  const scanner = new SadpScanner({
    openSocket: net.opener,
    openGroupListener: net.openGroup,
    roundsAtMs: [0, 15, 30],
    jitterMs: 5,
    ...scannerOptions,
  });
  // Replies land ~1 ms after each inquiry; the slack is for loaded CI machines.
  return collectSweep(scanner, { interfaces, durationMs: 150, ...overrides });
}

describe('SadpScanner with an in-memory transport', () => {
  sweepLifecycleCases({
    scanner: (net) =>
      new SadpScanner({
        openSocket: net.openSocket,
        openGroupListener: net.openListener,
        roundsAtMs: [0, 15, 30],
      }),
    iface: LAN,
    firstRoundProbes: 3,
  });

  it('sends three rounds to the group, the subnet broadcast and the limited broadcast', async () => {
    const net = memoryNet([]);
    const { reports } = await sweep(net);
    expect(reports).toEqual([
      { name: 'eth0', address: '192.168.1.10', ok: true, probesSent: 9, replies: 0 },
    ]);
    expect(net.sent.every((s) => s.port === SADP_PORT)).toBe(true);
    expect(net.sent.map((s) => s.address)).toEqual(
      Array(3).fill([SADP_MULTICAST_ADDRESS, '192.168.1.255', '255.255.255.255']).flat(),
    );
    const uuids = [...new Set(net.sent.map((s) => s.uuid))];
    expect(uuids).toHaveLength(3); // one fresh Uuid per round, shared by its three copies
    expect(uuids.every((u) => /^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/.test(u ?? ''))).toBe(
      true,
    );
  });

  it('skips the limited broadcast on loopback and sends inquiry_v32 when asked', async () => {
    const net = memoryNet([]);
    const lo = testInterface('lo', '127.0.40.1', '255.0.0.0');
    await sweep(net, {}, [lo], { roundsAtMs: [0], inquiryTypes: ['inquiry', 'inquiry_v32'] });
    expect(net.sent.map((s) => s.address)).toEqual([
      SADP_MULTICAST_ADDRESS,
      '127.255.255.255',
      SADP_MULTICAST_ADDRESS,
      '127.255.255.255',
    ]);
  });

  it('reports each device once per interface with hikvision facts', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '192.168.1.112', reply: 'probe-match-ds-2cd2320d-i.xml' },
    ]);
    const { reports, sightings, warnings } = await sweep(net);
    expect(warnings).toEqual([]);
    expect(reports[0]).toMatchObject({ ok: true, probesSent: 9, replies: 3 });
    expect(sightings).toHaveLength(1);
    expect(sightings[0]).toMatchObject({
      protocol: 'sadp',
      iface: LAN,
      address: '192.168.1.112',
      port: SADP_PORT,
      facts: { family: 'hikvision', mac: '44:47:cc:37:ce:81', account: 'active' },
    });
    expect(sightings[0]!.raw.toString()).toContain('DS-2CD2320D-I');
  });

  it('hears replies multicast to the group and gives them to the interface that asked', async () => {
    const net = memoryNet([
      // On a foreign subnet, and answering by multicast: only the echoed Uuid says who asked.
      {
        iface: 'wlan0',
        address: '192.0.0.60',
        reply: 'probe-match-ds-kh6210-l.xml',
        viaGroup: true,
      },
      { iface: 'eth0', address: '192.168.1.112', reply: 'probe-match-ds-2cd2320d-i.xml' },
    ]);
    const { reports, sightings, warnings } = await sweep(net, {}, [LAN, WIFI]);
    expect(warnings).toEqual([]);
    expect(sightings.map((s) => [s.iface.name, s.address]).sort()).toEqual([
      ['eth0', '192.168.1.112'],
      ['wlan0', '192.0.0.60'],
    ]);
    expect(reports.map((r) => r.replies)).toEqual([3, 3]);
    expect(net.openSockets()).toBe(0);
  });

  it('places a group reply that does not echo our Uuid by the sender subnet', async () => {
    const net = memoryNet([
      {
        iface: 'eth0',
        address: '192.168.1.64',
        reply: 'probe-match-ds-2cd2432f-iw.xml',
        viaGroup: true,
        uuid: 'FC25924E-AFE2-49E6-ACC9-F84A6859054D',
      },
    ]);
    const { sightings } = await sweep(net, {}, [WIFI, LAN]);
    expect(sightings.map((s) => s.iface.name)).toEqual(['eth0']);
  });

  it('warns about a group reply no interface can claim, with its bytes', async () => {
    const net = memoryNet([
      {
        iface: 'eth0',
        address: '192.0.0.60',
        reply: 'probe-match-ds-kh6210-l.xml',
        viaGroup: true,
        uuid: 'FC25924E-AFE2-49E6-ACC9-F84A6859054D',
      },
    ]);
    const { sightings, warnings } = await sweep(net, {}, [LAN, WIFI]);
    expect(sightings).toEqual([]);
    expect(warnings[0]).toMatchObject({ iface: null, address: '192.0.0.60' });
    expect(warnings[0]!.message).toContain('cannot tell which interface');
    expect(warnings[0]!.raw?.toString()).toContain('DS-KH6210-L');
  });

  it('accepts a boot-time Hello and stays quiet about probes and command replies on the group', async () => {
    const net = memoryNet([]);
    const scanning = sweep(net);
    await new Promise((r) => setTimeout(r, 20));
    const from = (data: Buffer, address: string) => ({ data, address, port: SADP_PORT });
    net.group(from(loadFixture('hello-inactive.xml'), '192.168.1.77'));
    net.group(from(loadFixture('inquiry-multiline.xml'), '192.168.1.10'));
    net.group(from(loadFixture('activate-reply.xml'), '192.168.1.78'));
    const { sightings, warnings, reports } = await scanning;
    expect(warnings).toEqual([]);
    expect(sightings.map((s) => s.facts.account)).toEqual(['inactive']);
    expect(reports[0]!.replies).toBe(1);
  });

  it('turns bad replies into warnings with their bytes and keeps scanning', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '192.168.1.99', reply: 'truncated-probe-match.xml' },
      { iface: 'eth0', address: '192.168.1.97', reply: Buffer.from([0, 1, 2, 0xff]) },
      { iface: 'eth0', address: '192.168.1.112', reply: 'probe-match-ds-2cd2320d-i.xml' },
    ]);
    const { sightings, warnings } = await sweep(net);
    expect(sightings).toHaveLength(1);
    expect(new Set(warnings.map((w) => w.address))).toEqual(
      new Set(['192.168.1.99', '192.168.1.97']),
    );
    expect(warnings.every((w) => w.protocol === 'sadp' && w.iface === LAN && w.raw !== null)).toBe(
      true,
    );
  });

  it('tells apart two devices by MAC even when they share an address', async () => {
    const second = withField(
      loadFixture('probe-match-ds-2cd2320d-i.xml'),
      'MAC',
      '44-47-cc-00-00-01',
    );
    const net = memoryNet([
      { iface: 'eth0', address: '192.168.1.112', reply: 'probe-match-ds-2cd2320d-i.xml' },
      { iface: 'eth0', address: '192.168.1.112', reply: second },
    ]);
    const { sightings } = await sweep(net);
    expect(sightings.map((s) => s.facts.mac).sort()).toEqual([
      '44:47:cc:00:00:01',
      '44:47:cc:37:ce:81',
    ]);
  });

  it('keeps scanning without the group listener, and says so once', async () => {
    const net = memoryNet(
      [{ iface: 'eth0', address: '192.168.1.112', reply: 'probe-match-ds-2cd2320d-i.xml' }],
      { groupFails: true },
    );
    const { sightings, warnings } = await sweep(net);
    expect(sightings).toHaveLength(1);
    expect(warnings.map((w) => w.message)).toEqual([
      'SADP group listener unavailable (EADDRINUSE 37020): only unicast replies are heard',
    ]);
  });

  it('reports an interface that cannot bind, and one whose sends all fail', async () => {
    const net = memoryNet([], { openFails: 'eth0', sendFails: 'wlan0' });
    const { reports } = await sweep(net, {}, [LAN, WIFI]);
    expect(reports[0]).toEqual({
      name: 'eth0',
      address: '192.168.1.10',
      ok: false,
      error: 'EADDRNOTAVAIL bind',
      probesSent: 0,
      replies: 0,
    });
    expect(reports[1]).toMatchObject({ ok: false, probesSent: 0 });
    expect(reports[1]!.error).toContain('ENETUNREACH');
    expect(net.openSockets()).toBe(0);
  });

  it('survives a consumer whose onSighting throws', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '192.168.1.112', reply: 'probe-match-ds-2cd2320d-i.xml' },
    ]);
    const { warnings } = await sweep(net, {
      onSighting: () => {
        throw new Error('consumer bug');
      },
    });
    expect(warnings.map((w) => w.message)).toEqual(['192.168.1.112: sighting handler failed']);
  });
});

describe('SadpScanner under a 1,000-device burst', () => {
  it('skips the decode of a reply that repeats a known MAC (regression: 1,000-device bursts overflowed the socket)', async () => {
    const good = loadFixture('probe-match-ds-2cd2320d-i.xml');
    expect(quickSadpMac(good)).toBe('44:47:cc:37:ce:81');
    expect(quickSadpMac(loadFixture('inquiry-sadptool.xml'))).toBeNull();
    const two = '<MAC>44-47-cc-37-ce-81</MAC><MAC>44-47-cc-37-ce-82</MAC>';
    expect(quickSadpMac(Buffer.from(two))).toBeNull();
    // Every later answer is cut short after the MAC: decoded, each would be a warning.
    const cut = good.subarray(0, good.indexOf('</MAC>') + 6);
    let n = 0;
    const net = fakeUdpNet(({ port }, reply) => {
      const data = n++ === 0 ? good : cut;
      reply.toSender({ data, address: '192.168.1.112', port: SADP_PORT });
      return port;
    });
    const scanner = new SadpScanner({
      openSocket: net.openSocket,
      openGroupListener: null,
      roundsAtMs: [0, 15, 30],
      jitterMs: 5,
    });
    const { reports, sightings, warnings } = await collectSweep(scanner, {
      interfaces: [LAN],
      durationMs: 150,
    });
    expect(warnings).toEqual([]);
    expect(sightings).toHaveLength(1);
    expect(reports[0]).toMatchObject({ ok: true, probesSent: 9, replies: 9 });
  });
});
