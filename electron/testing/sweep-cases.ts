/**
 * The sweep lifecycle every UDP scanner must honour, as shared test cases over the in-memory
 * network (fake-udp.ts): an interface whose sends fail is reported and its socket closed; an abort
 * ends the sweep at once and closes everything; an already-aborted sweep sends nothing.
 * Each scanner's test calls `sweepLifecycleCases` inside its describe block. Test-only.
 */
import { expect, it } from 'vitest';
import type { NetInterface } from '../shared/dto';
import type { ProtocolScanner } from '../core/discovery/types';
import { collectSweep, fakeUdpNet, type FakeUdpFaults, type FakeUdpNet } from './fake-udp';

export interface SweepLifecycleOptions {
  /** The scanner under test, on `net` (its sockets and listener), with short test rounds. */
  scanner(net: FakeUdpNet<unknown>): ProtocolScanner;
  iface: NetInterface;
  /** Datagrams the first round sends on one interface. */
  firstRoundProbes: number;
}

/** Registers the three lifecycle cases (call inside a `describe`). */
export function sweepLifecycleCases(o: SweepLifecycleOptions): void {
  const net = (faults: FakeUdpFaults = {}) => fakeUdpNet(() => null, faults);

  it('reports an interface whose sends all fail, and closes its sockets', async () => {
    const failing = net({ sendFails: o.iface.name });
    const { reports } = await collectSweep(o.scanner(failing), {
      interfaces: [o.iface],
      durationMs: 150,
    });
    expect(reports[0]).toMatchObject({
      ok: false,
      probesSent: 0,
      error: expect.stringContaining('ENETUNREACH'),
    });
    expect(failing.openCount()).toBe(0);
  });

  it('stops early on abort and closes its sockets', async () => {
    const quiet = net();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 5);
    const started = Date.now();
    const { reports } = await collectSweep(o.scanner(quiet), {
      interfaces: [o.iface],
      durationMs: 10_000,
      signal: abort.signal,
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(reports[0]).toMatchObject({ ok: true, probesSent: o.firstRoundProbes });
    expect(quiet.openCount()).toBe(0);
  });

  it('does nothing when the signal is already aborted', async () => {
    const idle = net();
    const { reports } = await collectSweep(o.scanner(idle), {
      interfaces: [o.iface],
      durationMs: 150,
      signal: AbortSignal.abort(),
    });
    const { name, address } = o.iface;
    expect(reports).toEqual([{ name, address, ok: true, probesSent: 0, replies: 0 }]);
    expect(idle.sent).toEqual([]);
    expect(idle.openCount()).toBe(0);
  });
}
