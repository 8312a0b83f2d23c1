import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../../shared/dto';
import { collectSweep, TEST_LO, testInterface } from '../../../testing/fake-udp';
import type { MdnsServiceInfo } from './facts';
import type { MdnsOpener } from './pinned-bonjour';
import { MdnsScanner } from './scanner';

const lo = TEST_LO;
const lan = testInterface('eth0', '10.1.1.2');

const advert = (over: Partial<MdnsServiceInfo> = {}): MdnsServiceInfo => ({
  name: 'Generic IPC 82CFD0',
  type: 'http',
  port: 80,
  host: 'lab.local',
  addresses: ['127.0.120.5'],
  txt: { macaddress: '024C4182CFD0', vendor: 'Generic', model: 'IPC-T480' },
  referer: '127.0.0.1',
  ...over,
});

/** An opener whose browsers answer every query of `type` with the adverts given for it. */
function memory(adverts: MdnsServiceInfo[]) {
  const opened: string[] = [];
  const queries: string[] = [];
  let closed = 0;
  const open: MdnsOpener = async (iface, { loopbackOnly }) => {
    if (loopbackOnly && !iface.address.startsWith('127.')) {
      return { ok: false, error: `NON_LOOPBACK_REFUSED ${iface.name} ${iface.address}` };
    }
    opened.push(iface.address);
    return {
      ok: true,
      browsing: {
        find(type, onUp) {
          const ask = () => {
            queries.push(`${iface.address} ${type}`);
            for (const a of adverts) if (a.type === type) queueMicrotask(() => onUp(a));
          };
          ask();
          return { update: ask, stop: () => {} };
        },
        close: async () => void closed++,
      },
    };
  };
  return { open, opened, queries, closed: () => closed };
}

function sweep(scanner: MdnsScanner, interfaces: NetInterface[], durationMs = 60) {
  return collectSweep(scanner, { interfaces, durationMs });
}

describe('MdnsScanner (in-memory browsers)', () => {
  it('reports one sighting per advert at the service address, repeating queries', async () => {
    const m = memory([advert(), advert({ type: 'ipp', txt: {} }), advert({ txt: { path: '/' } })]);
    const scanner = new MdnsScanner({
      openBrowsing: m.open,
      roundsAtMs: [0, 20],
      loopbackOnly: true,
    });
    const { sightings, reports, warnings } = await sweep(scanner, [lo]);
    expect(warnings).toEqual([]);
    expect(sightings).toHaveLength(1);
    expect(sightings[0]).toMatchObject({
      protocol: 'mdns',
      address: '127.0.120.5',
      port: 80,
      facts: { mac: '02:4c:41:82:cf:d0', vendor: 'Generic', model: 'IPC-T480' },
    });
    expect(JSON.parse(sightings[0]!.raw.toString())).toMatchObject({ name: 'Generic IPC 82CFD0' });
    expect(reports).toEqual([
      { name: 'lo', address: '127.0.0.1', ok: true, probesSent: 8, replies: 4 },
    ]);
    expect(m.queries.filter((q) => q.endsWith(' http'))).toHaveLength(2);
    expect(m.closed()).toBe(1);
  });

  it('refuses a non-loopback interface in a loopback-only run, opening nothing there', async () => {
    const m = memory([advert()]);
    const scanner = new MdnsScanner({ openBrowsing: m.open, loopbackOnly: true });
    const { reports, sightings } = await sweep(scanner, [lan, lo]);
    expect(reports[0]).toMatchObject({ ok: false, error: 'NON_LOOPBACK_REFUSED eth0 10.1.1.2' });
    expect(m.opened).toEqual(['127.0.0.1']);
    expect(sightings).toHaveLength(1);
  });

  it('drops adverts from off loopback in a loopback-only run', async () => {
    const far = advert({ addresses: ['10.1.1.9'], referer: '10.1.1.9' });
    const scanner = new MdnsScanner({ openBrowsing: memory([far]).open, loopbackOnly: true });
    expect((await sweep(scanner, [lo])).sightings).toEqual([]);
  });

  it('reports a response once, on the interface it belongs to', async () => {
    const onLan = advert({ addresses: ['10.1.1.9'], referer: '10.1.1.9' });
    const scanner = new MdnsScanner({ openBrowsing: memory([onLan]).open, loopbackOnly: false });
    const { sightings } = await sweep(scanner, [lo, lan]);
    expect(sightings.map((s) => s.iface.name)).toEqual(['eth0']);
  });

  it('ends at once on abort and closes every browser', async () => {
    const m = memory([]);
    const scanner = new MdnsScanner({ openBrowsing: m.open, loopbackOnly: true });
    const abort = new AbortController();
    const started = Date.now();
    const running = scanner.sweep({
      interfaces: [lo],
      durationMs: 10_000,
      signal: abort.signal,
      onSighting: () => {},
      onWarning: () => {},
    });
    setTimeout(() => abort.abort(), 20);
    await running;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(m.closed()).toBe(1);
  });
});
