import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../shared/dto';
import type { UdpDatagram } from '../net/udp';
import type { PresenceListenerOpener } from './presence-listener';
import { PresenceTracker, sweepWithScanners, type PresenceChange } from './presence';
import type { DeviceFacts, RawSighting } from './types';
import { loadFixture } from './wsd/test-support';

const lo: NetInterface = {
  name: 'lo',
  address: '127.0.0.1',
  netmask: '255.0.0.0',
  mac: null,
  internal: true,
};
const ENDPOINT = 'urn:uuid:e3b0c442-98fc-1c14-9afb-3c8e5a0b1d2f';

function sighting(address: string, facts: DeviceFacts): RawSighting {
  return {
    protocol: 'sadp',
    iface: lo,
    address,
    port: 37020,
    at: new Date(),
    facts,
    raw: Buffer.alloc(0),
  };
}

/** A tracker over gated sweeps: each sweep waits until `next()` hands it the next scripted result. */
function harness(script: RawSighting[][], missedSweeps?: number) {
  let deliver: (d: UdpDatagram) => void = () => {};
  let closed = false;
  const open: PresenceListenerOpener = async (o) => {
    deliver = o.onMessage;
    return { failed: [], close: async () => void (closed = true) };
  };
  let pending: ((seen: RawSighting[]) => void) | null = null;
  let step = 0;
  const tracker = new PresenceTracker({
    openListener: open,
    missedSweeps,
    keyOf: (s) => (s.facts.endpoint ? 'cam-1' : (s.facts.mac ?? s.address)),
    sweep: (_i, signal) =>
      new Promise<RawSighting[]>((resolve) => {
        pending = resolve;
        signal.addEventListener('abort', () => resolve([]), { once: true });
      }),
  });
  const changes: PresenceChange[] = [];
  tracker.onChange((c) => changes.push(c));
  const settle = () => new Promise<void>((r) => setTimeout(r, 5));
  return {
    tracker,
    changes,
    send: (d: UdpDatagram) => deliver(d),
    async next() {
      while (!pending) await settle();
      const release = pending as (seen: RawSighting[]) => void;
      pending = null;
      release(script[step++] ?? []);
      await settle();
    },
    closed: () => closed,
  };
}

const cam = sighting('127.0.122.5', { mac: 'aa:bb:cc:00:00:01', endpoint: ENDPOINT });
const other = sighting('127.0.122.6', { mac: 'aa:bb:cc:00:00:02' });

describe('PresenceTracker (in-memory transport)', () => {
  it('marks devices online from a sweep and offline after two missed sweeps', async () => {
    const h = harness([[cam, other], [other], [other]]);
    await h.tracker.start([lo], 1);
    for (let i = 0; i < 3; i++) await h.next();
    await h.tracker.stop();
    expect(h.changes.map((c) => [c.key, c.state, c.reason])).toEqual([
      ['cam-1', 'online', 'sweep'],
      ['aa:bb:cc:00:00:02', 'online', 'sweep'],
      ['cam-1', 'offline', 'missed'],
    ]);
    expect(h.changes[2]!.previous).toBe('online');
    expect(h.closed()).toBe(true);
  });

  it('honours missedSweeps and brings a device back when it is seen again', async () => {
    const h = harness([[other], [], [other]], 1);
    await h.tracker.start([lo], 1);
    for (let i = 0; i < 3; i++) await h.next();
    await h.tracker.stop();
    expect(h.changes.map((c) => `${c.state}:${c.reason}`)).toEqual([
      'online:sweep',
      'offline:missed',
      'online:sweep',
    ]);
  });

  it('puts a device online on Hello and offline on Bye, between sweeps', async () => {
    const h = harness([]);
    await h.tracker.start([lo], 60_000);
    h.send({ data: loadFixture('hello.xml'), address: '127.0.122.5', port: 3702 });
    h.send({ data: loadFixture('hello.xml'), address: '127.0.122.5', port: 3702 }); // no change
    h.send({ data: loadFixture('bye.xml'), address: '127.0.122.5', port: 3702 });
    h.send({ data: Buffer.from('<not xml'), address: '127.0.122.5', port: 3702 });
    await h.tracker.stop();
    expect(h.changes.map((c) => [c.key, c.state, c.reason])).toEqual([
      ['cam-1', 'online', 'hello'],
      ['cam-1', 'offline', 'bye'],
    ]);
    expect(h.changes[0]!.sighting).toMatchObject({
      protocol: 'wsd',
      address: '127.0.122.5',
      facts: { endpoint: ENDPOINT },
    });
  });

  it('a Hello during the sweep counts as seen; a failed sweep counts as nothing', async () => {
    let calls = 0;
    const tracker = new PresenceTracker({
      openListener: async () => ({ failed: [], close: async () => {} }),
      sweep: async () => {
        calls++;
        if (calls === 1) return [other];
        throw new Error('socket gone');
      },
      onWarning: () => {},
    });
    const changes: PresenceChange[] = [];
    tracker.onChange((c) => changes.push(c));
    await tracker.start([lo], 1);
    await new Promise((r) => setTimeout(r, 50));
    await tracker.stop();
    expect(calls).toBeGreaterThan(3);
    expect(changes.map((c) => c.state)).toEqual(['online']);
    expect(tracker.watching).toBe(false);
  });
});

describe('sweepWithScanners', () => {
  it('runs every scanner and collects their sightings; a failing scanner is a warning', async () => {
    const warnings: string[] = [];
    const sweep = sweepWithScanners(
      [
        {
          protocol: 'sadp',
          sweep: async (o) => {
            o.onSighting(other);
            return [];
          },
        },
        { protocol: 'xm', sweep: async () => Promise.reject(new Error('bind')) },
      ],
      10,
      (m) => warnings.push(m),
    );
    expect(await sweep([lo], new AbortController().signal)).toEqual([other]);
    expect(warnings).toEqual(['xm sweep failed: Error: bind']);
  });
});
