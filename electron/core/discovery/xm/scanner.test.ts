import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../../shared/dto';
import { collectSweep, fakeUdpNet, TEST_LO, testInterface } from '../../../testing/fake-udp';
import { sweepLifecycleCases } from '../../../testing/sweep-cases';
import type { UdpDatagram } from '../../net/udp';
import type { SweepOptions } from '../types';
import { decodeXmSearchDatagram, XM_SEARCH_PORT } from './search';
import { XmScanner, xmSearchTargets } from './scanner';
import { xmReplyBody, xmSearchReplyFrame } from './test-support';

/** A simulated device: where it sits, what it answers and how (to the sender's port or 34569). */
interface FakeDevice {
  iface: string;
  address: string;
  reply: Buffer;
  via?: 'unicast' | 'broadcast' | 'both';
}

const LO = TEST_LO;
const LAN = testInterface('eth0', '192.168.1.10');
const WIFI = testInterface('wlan0', '10.0.0.20');

function device(iface: string, address: string, mac: string, via?: FakeDevice['via']): FakeDevice {
  const body = xmReplyBody('search-reply-icsee.json', {
    hostIp: address,
    mac,
    serial: `sn-${mac}`,
  });
  return { iface, address, reply: xmSearchReplyFrame(body), via };
}

/** In-memory network: a search sent on an interface reaches that interface's devices. */
function memoryNet(
  devices: FakeDevice[],
  faults: { listenerFails?: boolean; sendFails?: string } = {},
) {
  const listenerFails = faults.listenerFails ? 'EADDRINUSE bind 0.0.0.0:34569' : undefined;
  const net = fakeUdpNet(
    ({ iface, data, port, address }, reply) => {
      // The broadcast also reaches our own listener, as it does on a real network.
      reply.toListener({ data, address: iface.address, port: 50000 });
      for (const d of devices.filter((x) => x.iface === iface.name)) {
        const dg: UdpDatagram = { data: d.reply, address: d.address, port: XM_SEARCH_PORT };
        const via = d.via ?? 'broadcast';
        if (via !== 'broadcast') reply.toSender(dg);
        if (via !== 'unicast') reply.toListener(dg);
      }
      return { iface: iface.name, port, address, kind: decodeXmSearchDatagram(data).kind };
    },
    { sendFails: faults.sendFails, listenerFails },
  );
  return net;
}

function sweep(
  net: ReturnType<typeof memoryNet>,
  interfaces: NetInterface[] = [LAN],
  overrides: Partial<SweepOptions> = {},
  loopbackOnly = false,
) {
  const scanner = new XmScanner({
    openSocket: net.openSocket,
    openListener: net.openListener,
    roundsAtMs: [0, 15, 30],
    jitterMs: 5,
    loopbackOnly,
  });
  return collectSweep(scanner, { interfaces, durationMs: 250, ...overrides });
}

describe('XmScanner with an in-memory transport', () => {
  sweepLifecycleCases({
    scanner: (net) =>
      new XmScanner({
        openSocket: net.openSocket,
        openListener: net.openListener,
        roundsAtMs: [0, 15, 30],
        loopbackOnly: false,
      }),
    iface: LAN,
    firstRoundProbes: 2,
  });

  it('sends the 1530 search 3 times to the limited and the subnet broadcast on UDP 34569', async () => {
    const net = memoryNet([]);
    const { reports, warnings } = await sweep(net);
    expect(warnings).toEqual([]);
    expect(reports).toEqual([
      { name: 'eth0', address: '192.168.1.10', ok: true, probesSent: 6, replies: 0 },
    ]);
    expect(net.sent.every((s) => s.port === XM_SEARCH_PORT && s.kind === 'request')).toBe(true);
    expect(net.sent.map((s) => s.address).sort()).toEqual([
      ...Array(3).fill('192.168.1.255'),
      ...Array(3).fill('255.255.255.255'),
    ]);
  });

  it('uses only the subnet broadcast in loopback runs', () => {
    expect(xmSearchTargets(LO, true)).toEqual(['127.255.255.255']);
    expect(xmSearchTargets({ ...LAN, netmask: '255.255.255.255' }, false)).toEqual([
      '255.255.255.255',
    ]);
  });

  it('hears broadcast replies on the 34569 listener and reports each device once', async () => {
    const net = memoryNet([device('eth0', '192.168.1.103', 'dc:29:19:e2:74:3c', 'both')]);
    const { reports, sightings, warnings } = await sweep(net);
    expect(warnings).toEqual([]);
    expect(reports[0]).toMatchObject({ ok: true, probesSent: 6, replies: 12 });
    expect(sightings).toHaveLength(1);
    expect(sightings[0]).toMatchObject({
      protocol: 'xm',
      iface: LAN,
      address: '192.168.1.103',
      port: XM_SEARCH_PORT,
      facts: { family: 'xiongmai', vendor: 'Xiongmai', mac: 'dc:29:19:e2:74:3c' },
    });
    expect(decodeXmSearchDatagram(sightings[0]!.raw).kind).toBe('reply');
    expect(net.openCount()).toBe(0);
  });

  it('also finds firmware that answers the sender port only', async () => {
    const net = memoryNet([device('eth0', '192.168.1.104', 'dc:29:19:00:00:04', 'unicast')]);
    const { sightings } = await sweep(net);
    expect(sightings.map((s) => s.facts.mac)).toEqual(['dc:29:19:00:00:04']);
  });

  it('attributes listener replies to the interface whose subnet holds the source', async () => {
    const net = memoryNet([
      device('eth0', '192.168.1.103', 'dc:29:19:00:00:01'),
      device('wlan0', '10.0.0.77', 'dc:29:19:00:00:02'),
    ]);
    const { reports, sightings } = await sweep(net, [LAN, WIFI]);
    expect(reports.map((r) => [r.name, r.ok, r.probesSent])).toEqual([
      ['eth0', true, 6],
      ['wlan0', true, 6],
    ]);
    expect(sightings.map((s) => [s.iface.name, s.address]).sort()).toEqual([
      ['eth0', '192.168.1.103'],
      ['wlan0', '10.0.0.77'],
    ]);
  });

  it('still reports a device left on a foreign subnet', async () => {
    const net = memoryNet([device('eth0', '192.168.0.5', 'dc:29:19:00:00:05')]);
    const { sightings } = await sweep(net, [LAN, WIFI]);
    expect(sightings.map((s) => [s.iface.name, s.address])).toEqual([['eth0', '192.168.0.5']]);
  });

  it('turns bad replies into warnings with their bytes and keeps scanning', async () => {
    const good = device('eth0', '192.168.1.103', 'dc:29:19:00:00:01');
    const bad = {
      ...good,
      address: '192.168.1.99',
      reply: xmSearchReplyFrame('{"NetWork.NetCommon":'),
    };
    const { sightings, warnings } = await sweep(memoryNet([bad, good]));
    expect(sightings).toHaveLength(1);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.address === '192.168.1.99' && w.iface === LAN && w.raw)).toBe(
      true,
    );
    expect(warnings[0]!.message).toContain('not JSON');
  });

  it('reports a listener it could not bind, and keeps unicast replies', async () => {
    const net = memoryNet([device('eth0', '192.168.1.104', 'dc:29:19:00:00:04', 'unicast')], {
      listenerFails: true,
    });
    const { reports, sightings, warnings } = await sweep(net);
    expect(sightings).toHaveLength(1);
    expect(reports[0]).toMatchObject({ ok: true, error: expect.stringContaining('EADDRINUSE') });
    expect(warnings.map((w) => [w.iface, w.message])).toEqual([
      [null, expect.stringContaining('vendor tool')],
    ]);
  });

  it('fails an interface whose sends all fail, without touching the others', async () => {
    const net = memoryNet([], { sendFails: 'wlan0' });
    const { reports } = await sweep(net, [LAN, WIFI]);
    expect(reports[1]).toMatchObject({ ok: false, probesSent: 0, error: 'ENETUNREACH send' });
    expect(reports[0]).toMatchObject({ ok: true, probesSent: 6 });
  });

  it('drops non-loopback sources in a loopback run', async () => {
    const net = memoryNet([
      device('lo', '127.0.60.5', 'dc:29:19:00:00:05'),
      device('lo', '192.168.1.50', 'dc:29:19:00:00:06'),
    ]);
    const { sightings } = await sweep(net, [LO], {}, true);
    expect(sightings.map((s) => s.address)).toEqual(['127.0.60.5']);
  });
});

describe('XmScanner under a 1,000-device burst', () => {
  it('skips the decode of a reply it already handled (regression: 1,000-device bursts overflowed the socket)', async () => {
    // A broken reply repeated on both paths in every round: decoded each time, it would warn six
    // times; recognized by its bytes, it is decoded (and reported) once, and still counted.
    const broken = xmSearchReplyFrame('{"NetWork.NetCommon": {"MAC": "dc:29:19:00:00:0b"');
    const net = memoryNet([
      device('eth0', '192.168.1.103', 'dc:29:19:e2:74:3c', 'both'),
      { iface: 'eth0', address: '192.168.1.111', reply: broken, via: 'both' },
    ]);
    const { reports, sightings, warnings } = await sweep(net);
    expect(sightings).toHaveLength(1);
    expect(warnings.map((w) => w.address)).toEqual(['192.168.1.111']);
    expect(reports[0]).toMatchObject({ ok: true, probesSent: 6, replies: 24 });
  });
});
