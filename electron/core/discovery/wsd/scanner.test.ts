import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../../shared/dto';
import {
  collectSweep,
  fakeUdpNet,
  TEST_LO,
  testInterface,
  type FakeUdpFaults,
} from '../../../testing/fake-udp';
import { sweepLifecycleCases } from '../../../testing/sweep-cases';
import type { UdpOpener } from '../../net/udp';
import type { SweepOptions } from '../types';
import { decodeWsdMessage } from './codec';
import { WSD_MULTICAST_ADDRESS, WSD_PORT } from './namespaces';
import { SWEEP_MS, WSD_JITTER_MS, WSD_ROUNDS_MS } from '../timing';
import { quickEndpoint, WsdScanner } from './scanner';
import { FIXTURE_PROBE_ID, loadFixture, withRelatesTo, type FixtureName } from './test-support';

/** A simulated device on one interface: which fixture it answers with, and to which probe types. */
interface FakeDevice {
  iface: string;
  address: string;
  fixture: FixtureName | Buffer;
  answers?: string[];
  /** Reply with this RelatesTo instead of the probe's MessageID. */
  relatesTo?: string;
}

/** In-memory network: a Probe sent on an interface reaches the devices of that interface. */
function memoryNet(devices: FakeDevice[], faults: FakeUdpFaults = {}) {
  const net = fakeUdpNet((send, reply) => {
    const probe = decodeWsdMessage(send.data);
    if (probe.kind !== 'probe') throw new Error('scanner sent something other than a Probe');
    for (const d of devices.filter((x) => x.iface === send.iface.name)) {
      if (d.answers && !probe.types.some((t) => d.answers!.includes(t))) continue;
      const xml = typeof d.fixture === 'string' ? loadFixture(d.fixture) : d.fixture;
      const data = withRelatesTo(xml, d.relatesTo ?? probe.messageId ?? '');
      reply.toSender({ data, address: d.address, port: WSD_PORT });
    }
    return { iface: send.iface.name, port: send.port, address: send.address, probe };
  }, faults);
  return { opener: net.openSocket, sent: net.sent, openSockets: net.openCount };
}

const LO = TEST_LO;
const LAN = testInterface('eth0', '192.168.1.10');

function sweep(
  opener: UdpOpener,
  overrides: Partial<SweepOptions> = {},
  interfaces: NetInterface[] = [LAN],
) {
  const scanner = new WsdScanner({
    openSocket: opener,
    roundsAtMs: [0, 15, 30, 45, 60],
    jitterMs: 5,
  });
  // Replies land ~1 ms after each probe; the slack is for loaded CI machines.
  return collectSweep(scanner, { interfaces, durationMs: 300, ...overrides });
}

describe('WsdScanner with an in-memory transport', () => {
  sweepLifecycleCases({
    scanner: (net) => new WsdScanner({ openSocket: net.openSocket, roundsAtMs: [0, 15, 30] }),
    iface: LAN,
    firstRoundProbes: 2,
  });

  it('probes both types in the first round, then one type per round in turn, each with a fresh MessageID', async () => {
    const net = memoryNet([]);
    const { reports } = await sweep(net.opener);
    expect(reports).toEqual([
      { name: 'eth0', address: '192.168.1.10', ok: true, probesSent: 6, replies: 0 },
    ]);
    expect(net.sent.every((s) => s.port === WSD_PORT && s.address === WSD_MULTICAST_ADDRESS)).toBe(
      true,
    );
    const probes = net.sent.map((s) => s.probe).filter((p) => p.kind === 'probe');
    expect(probes.map((p) => p.types.join())).toEqual([
      'dn:NetworkVideoTransmitter',
      'tds:Device',
      'dn:NetworkVideoTransmitter',
      'tds:Device',
      'dn:NetworkVideoTransmitter',
      'tds:Device',
    ]);
    expect(new Set(probes.map((p) => p.messageId)).size).toBe(6);
    expect(probes.every((p) => /^urn:uuid:[0-9a-f-]{36}$/.test(p.messageId ?? ''))).toBe(true);
  });

  it('skips the decode of a reply that repeats a known endpoint (regression: 1,000-device bursts overflowed the socket)', () => {
    const once = withRelatesTo(
      loadFixture('probe-matches-mockup.xml').toString(),
      FIXTURE_PROBE_ID,
    );
    expect(quickEndpoint(once)).toMatch(/^(urn:)?uuid:/);
    expect(quickEndpoint(Buffer.from('<a>no address</a>'))).toBeNull();
    const two = '<a:EndpointReference><a:Address>x</a:Address></a:EndpointReference>';
    expect(quickEndpoint(Buffer.from(two + two))).toBeNull();
  });

  it('keeps the default sweep to seven Probes, each answerable before it ends (regression: 1,000-device bursts overflowed the socket)', () => {
    // Each Probe costs one ProbeMatches per device: seven for 1,000 devices is 7,000 datagrams.
    expect(2 + (WSD_ROUNDS_MS.length - 1)).toBe(7);
    const APP_MAX_DELAY_MS = 500; // onvif.md §1.2
    expect(WSD_ROUNDS_MS.at(-1)! + WSD_JITTER_MS + APP_MAX_DELAY_MS).toBeLessThanOrEqual(SWEEP_MS);
  });

  it('reports each endpoint once per interface although it answers all six probes', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '192.168.1.64', fixture: 'probe-matches-hikvision.xml' },
    ]);
    const { reports, sightings, warnings } = await sweep(net.opener);
    expect(warnings).toEqual([]);
    expect(reports[0]).toMatchObject({ ok: true, probesSent: 6, replies: 6 });
    expect(sightings).toHaveLength(1);
    expect(sightings[0]).toMatchObject({
      protocol: 'wsd',
      iface: LAN,
      address: '192.168.1.64',
      port: WSD_PORT,
      facts: {
        model: 'DS-2CD2143G2-I',
        vendor: 'Hikvision',
        xaddrs: ['http://192.168.1.64/onvif/device_service'],
      },
    });
    expect(sightings[0]!.raw.toString()).toContain('DS-2CD2143G2-I');
  });

  it('finds a device that answers only tds:Device probes', async () => {
    const net = memoryNet([
      {
        iface: 'eth0',
        address: '192.168.0.90',
        fixture: 'probe-matches-mockup.xml',
        answers: ['tds:Device'],
      },
    ]);
    const { sightings } = await sweep(net.opener);
    expect(sightings.map((s) => s.facts.model)).toEqual(['HD_PREDATOR']);
  });

  it('sweeps each interface with its own socket and report', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '192.168.1.64', fixture: 'probe-matches-hikvision.xml' },
      { iface: 'lo', address: '127.0.0.2', fixture: 'probe-matches-2009.xml' },
    ]);
    const { reports, sightings } = await sweep(net.opener, {}, [LAN, LO]);
    expect(reports.map((r) => [r.name, r.ok, r.probesSent])).toEqual([
      ['eth0', true, 6],
      ['lo', true, 6],
    ]);
    expect(sightings.map((s) => [s.iface.name, s.facts.model])).toEqual(
      expect.arrayContaining([
        ['eth0', 'DS-2CD2143G2-I'],
        ['lo', 'IPC-3MP'],
      ]),
    );
    expect(net.openSockets()).toBe(0);
  });

  it('turns bad replies into warnings with their bytes and keeps scanning', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '192.168.1.99', fixture: 'truncated-probe-matches.xml' },
      { iface: 'eth0', address: '192.168.1.98', fixture: 'fault.xml' },
      { iface: 'eth0', address: '192.168.1.97', fixture: Buffer.from([0, 1, 2, 0xff]) },
      { iface: 'eth0', address: '192.168.1.64', fixture: 'probe-matches-hikvision.xml' },
    ]);
    const { sightings, warnings } = await sweep(net.opener);
    expect(sightings).toHaveLength(1);
    const fault = warnings.find((w) => w.address === '192.168.1.98');
    expect(fault?.message).toContain('MatchingRuleNotSupported');
    expect(fault?.raw?.toString()).toContain('SOAP-ENV:Fault');
    expect(new Set(warnings.map((w) => w.address))).toEqual(
      new Set(['192.168.1.99', '192.168.1.98', '192.168.1.97']),
    );
    expect(warnings.every((w) => w.protocol === 'wsd' && w.iface === LAN && w.raw !== null)).toBe(
      true,
    );
  });

  it('refuses ProbeMatches that do not answer one of its own probes', async () => {
    const net = memoryNet([
      {
        iface: 'eth0',
        address: '192.168.1.64',
        fixture: 'probe-matches-hikvision.xml',
        relatesTo: 'urn:uuid:someone-else',
      },
    ]);
    const { sightings, warnings } = await sweep(net.opener);
    expect(sightings).toEqual([]);
    expect(warnings[0]?.message).toContain('not to a Probe of this sweep');
  });

  it('stays quiet about Windows WSD, Hello and Bye traffic', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '192.168.1.23', fixture: 'windows-wsd-probe-matches.xml' },
      { iface: 'eth0', address: '192.168.1.108', fixture: 'hello.xml' },
      { iface: 'eth0', address: '192.168.1.108', fixture: 'bye.xml' },
    ]);
    const { reports, sightings, warnings } = await sweep(net.opener);
    expect([sightings, warnings]).toEqual([[], []]);
    expect(reports[0]!.replies).toBeGreaterThanOrEqual(3);
  });

  it('reports an interface that cannot bind, and still sweeps the others', async () => {
    const net = memoryNet(
      [{ iface: 'lo', address: '127.0.0.2', fixture: 'probe-matches-2009.xml' }],
      { openFails: 'eth0' },
    );
    const { reports, sightings } = await sweep(net.opener, {}, [LAN, LO]);
    expect(reports[0]).toEqual({
      name: 'eth0',
      address: '192.168.1.10',
      ok: false,
      error: 'EADDRNOTAVAIL bind',
      probesSent: 0,
      replies: 0,
    });
    expect(reports[1]).toMatchObject({ ok: true, probesSent: 6 });
    expect(sightings).toHaveLength(1);
  });

  it('skips rounds that fall after the end of the sweep', async () => {
    const net = memoryNet([]);
    const { reports } = await sweep(net.opener, { durationMs: 10 });
    expect(reports[0]!.probesSent).toBe(2);
  });

  it('survives a consumer whose onSighting throws', async () => {
    const net = memoryNet([
      { iface: 'eth0', address: '192.168.1.64', fixture: 'probe-matches-hikvision.xml' },
    ]);
    const { warnings } = await sweep(net.opener, {
      onSighting: () => {
        throw new Error('consumer bug');
      },
    });
    expect(warnings.map((w) => w.message)).toEqual(['192.168.1.64: sighting handler failed']);
  });
});
