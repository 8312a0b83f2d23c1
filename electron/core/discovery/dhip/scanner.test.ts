import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../../shared/dto';
import type { UdpOpenOptions, UdpOpener, UdpResult } from '../../net/udp';
import type { RawSighting, ScanWarning, SweepOptions } from '../types';
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
  const sent: { iface: string; port: number; address: string; broadcast: boolean }[] = [];
  let open = 0;
  const opener: UdpOpener = async (opts: UdpOpenOptions) => {
    if (faults.openFails === opts.iface.name) return { ok: false, error: 'EADDRNOTAVAIL bind' };
    open += 1;
    let closed = false;
    return {
      ok: true,
      socket: {
        localAddress: opts.iface.address,
        localPort: 50000,
        async send(data: Buffer, port: number, address: string): Promise<UdpResult> {
          if (faults.sendFails === opts.iface.name) return { ok: false, error: 'ENETUNREACH send' };
          if (decodeDhipMessage(data).kind !== 'search') throw new Error('not a DHIP search');
          sent.push({ iface: opts.iface.name, port, address, broadcast: !!opts.broadcast });
          for (const d of devices.filter((x) => x.iface === opts.iface.name)) {
            const reply = typeof d.reply === 'string' ? frameFixture(d.reply) : d.reply;
            setTimeout(
              () => !closed && opts.onMessage({ data: reply, address: d.address, port: DHIP_PORT }),
              1,
            );
          }
          return { ok: true };
        },
        async close() {
          if (!closed) open -= 1;
          closed = true;
        },
      },
    };
  };
  return { opener, sent, openSockets: () => open };
}

const LO: NetInterface = {
  name: 'lo',
  address: '127.0.0.1',
  netmask: '255.0.0.0',
  mac: null,
  internal: true,
};
const LAN: NetInterface = {
  name: 'eth0',
  address: '10.20.0.15',
  netmask: '255.255.255.0',
  mac: null,
  internal: false,
};

async function sweep(
  opener: UdpOpener,
  overrides: Partial<SweepOptions> = {},
  interfaces: NetInterface[] = [LAN],
) {
  const sightings: RawSighting[] = [];
  const warnings: ScanWarning[] = [];
  const scanner = new DhipScanner({ openSocket: opener, roundsAtMs: [0, 15, 30], jitterMs: 5 });
  const reports = await scanner.sweep({
    interfaces,
    durationMs: 300,
    signal: new AbortController().signal,
    onSighting: (s) => sightings.push(s),
    onWarning: (w) => warnings.push(w),
    ...overrides,
  });
  return { reports, sightings, warnings };
}

describe('DhipScanner with an in-memory transport', () => {
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

  it('reports an interface whose sends all fail', async () => {
    const net = memoryNet([], { sendFails: 'eth0' });
    const { reports } = await sweep(net.opener);
    expect(reports[0]).toMatchObject({ ok: false, error: 'ENETUNREACH send', probesSent: 0 });
    expect(net.openSockets()).toBe(0);
  });

  it('stops early on abort and closes its socket', async () => {
    const net = memoryNet([]);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 5);
    const started = Date.now();
    const { reports } = await sweep(net.opener, { signal: abort.signal, durationMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(reports[0]).toMatchObject({ ok: true, probesSent: 2 });
    expect(net.openSockets()).toBe(0);
  });

  it('does nothing when the signal is already aborted', async () => {
    const net = memoryNet([]);
    const { reports } = await sweep(net.opener, { signal: AbortSignal.abort() });
    expect(reports[0]).toMatchObject({ ok: true, probesSent: 0 });
    expect(net.sent).toEqual([]);
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
    const opener: UdpOpener = async (opts) => ({
      ok: true,
      socket: {
        localAddress: opts.iface.address,
        localPort: 50000,
        async send(): Promise<UdpResult> {
          const data = n++ === 0 ? good : cut;
          setTimeout(() => opts.onMessage({ data, address: '10.20.0.108', port: DHIP_PORT }), 1);
          return { ok: true };
        },
        async close() {},
      },
    });
    const { reports, sightings, warnings } = await sweep(opener);
    expect(warnings).toEqual([]);
    expect(sightings).toHaveLength(1);
    expect(reports[0]).toMatchObject({ ok: true, probesSent: 6, replies: 6 });
  });
});
