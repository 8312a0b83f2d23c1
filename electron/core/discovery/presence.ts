/**
 * Watch mode: which devices are online now. A device is `online` when the latest sweep saw it or
 * a WS-Discovery Hello announced it since; `offline` after `missedSweeps` sweeps in a row without
 * it (SADPTool drops a device after three missed 15 s refreshes, peers.md §1) or at once on a Bye.
 * The tracker keys devices with `keyOf`; the engine passes the inventory's device id, so a Hello
 * (endpoint only) and a SADP reply (MAC) of one box land on the same entry.
 */
import type { NetInterface } from '../../shared/dto';
import { loopbackOnlyFromEnv } from '../net/interfaces';
import type { UdpDatagram } from '../net/udp';
import { assumedInterfaceForResponse } from './mdns/assumptions';
import { openPresenceListener, type PresenceListener } from './presence-listener';
import {
  defaultPresenceKey,
  delay,
  type PresenceChange,
  type PresenceState,
  type PresenceTrackerOptions,
} from './presence-types';
import type { RawSighting } from './types';

import { decodeWsdMessage } from './wsd/codec';
import { factsFromMatch, normalizeEndpoint } from './wsd/facts';

export {
  defaultPresenceKey,
  sweepWithScanners,
  type PresenceChange,
  type PresenceState,
  type PresenceTrackerOptions,
} from './presence-types';

interface Entry {
  /** null: expected (known from before the watch) but not yet confirmed either way. */
  state: PresenceState | null;
  missed: number;
  /** Seen (sweep or Hello) since the current sweep began. */
  fresh: boolean;
}

/** Tracks presence from repeated sweeps plus a passive Hello/Bye listener. */
export class PresenceTracker {
  private readonly entries = new Map<string, Entry>();
  /** WS-Discovery endpoint -> key, so a Bye (endpoint only) finds its device. */
  private readonly endpoints = new Map<string, string>();
  private readonly listeners = new Set<(change: PresenceChange) => void>();
  private readonly keyOf: (s: RawSighting) => string;
  private readonly missedSweeps: number;
  private readonly now: () => Date;
  private running: {
    abort: AbortController;
    listener: PresenceListener | null;
    loop: Promise<void>;
  } | null = null;

  constructor(private readonly options: PresenceTrackerOptions) {
    this.keyOf = options.keyOf ?? defaultPresenceKey;
    this.missedSweeps = Math.max(1, options.missedSweeps ?? 2);
    this.now = options.now ?? (() => new Date());
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: (change: PresenceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every device seen since start, with its state. */
  states(): Map<string, PresenceState> {
    const known = [...this.entries].filter(
      (kv): kv is [string, Entry & { state: PresenceState }] => kv[1].state !== null,
    );
    return new Map(known.map(([k, e]) => [k, e.state]));
  }

  /**
   * Devices known from before the watch: each is reported online when next seen, or offline
   * after `missedSweeps` sweeps without it (else a box unplugged before the watch began would
   * never be reported).
   */
  expect(keys: Iterable<string>): void {
    for (const key of keys) {
      if (!this.entries.has(key)) this.entries.set(key, { state: null, missed: 0, fresh: false });
    }
  }

  get watching(): boolean {
    return this.running !== null;
  }

  /**
   * Opens the Hello/Bye listener and starts sweeping every `intervalMs` (the next sweep starts
   * that long after the previous one ended, so slow sweeps never overlap). A listener that cannot
   * bind is a warning: sweeps alone still track presence.
   */
  async start(interfaces: NetInterface[], intervalMs: number): Promise<void> {
    if (this.running) await this.stop();
    const abort = new AbortController();
    const listener = await (this.options.openListener ?? openPresenceListener)({
      interfaces,
      loopbackOnly: this.options.loopbackOnly ?? loopbackOnlyFromEnv(),
      onMessage: (d) => this.onDatagram(d, interfaces),
      onWarning: (m) => this.options.onWarning?.(m),
    }).catch((err: unknown) => {
      this.options.onWarning?.(`Hello/Bye listener off: ${String(err)}`);
      return null;
    });
    for (const f of listener?.failed ?? []) {
      this.options.onWarning?.(`Hello/Bye not heard on ${f.iface.name}: ${f.error}`);
    }
    const loop = this.sweepLoop(interfaces, intervalMs, abort.signal);
    this.running = { abort, listener, loop };
  }

  /** Stops sweeping and listening; resolves once the sweep in flight ended and the socket closed. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = null;
    running.abort.abort();
    await running.loop;
    await running.listener?.close();
  }

  /** Feeds one WS-Discovery datagram (exposed for in-memory tests and other transports). */
  onDatagram(d: UdpDatagram, interfaces: readonly NetInterface[]): void {
    const msg = decodeWsdMessage(d.data);
    if (msg.kind === 'hello') {
      const iface = assumedInterfaceForResponse(d.address, interfaces);
      if (!iface) return;
      const facts = factsFromMatch(msg.match, d.address);
      const sighting: RawSighting = {
        protocol: 'wsd',
        iface,
        address: d.address,
        port: d.port,
        at: this.now(),
        facts,
        raw: d.data,
      };
      this.seen(sighting, 'hello');
    } else if (msg.kind === 'bye') {
      const key = this.endpoints.get(normalizeEndpoint(msg.endpoint));
      if (key) this.set(key, 'offline', 'bye');
    }
  }

  private async sweepLoop(
    interfaces: NetInterface[],
    intervalMs: number,
    signal: AbortSignal,
  ): Promise<void> {
    while (!signal.aborted) {
      for (const e of this.entries.values()) e.fresh = false;
      const sightings = await this.options.sweep(interfaces, signal).catch((err: unknown) => {
        this.options.onWarning?.(`presence sweep failed: ${String(err)}`);
        return null;
      });
      // A stopped or failed sweep says nothing about who is gone.
      if (signal.aborted || sightings === null) {
        if (!signal.aborted) await delay(intervalMs, signal);
        continue;
      }
      for (const s of sightings) this.seen(s, 'sweep');
      for (const [key, e] of this.entries) {
        if (e.fresh) continue;
        e.missed += 1;
        if (e.state !== 'offline' && e.missed >= this.missedSweeps)
          this.set(key, 'offline', 'missed');
      }
      await delay(intervalMs, signal);
    }
  }

  private seen(sighting: RawSighting, reason: 'sweep' | 'hello'): void {
    const key = this.keyOf(sighting);
    if (sighting.facts.endpoint)
      this.endpoints.set(normalizeEndpoint(sighting.facts.endpoint), key);
    const entry = this.entries.get(key);
    if (entry) {
      entry.fresh = true;
      entry.missed = 0;
    }
    this.set(key, 'online', reason, sighting);
  }

  private set(
    key: string,
    state: PresenceState,
    reason: PresenceChange['reason'],
    sighting?: RawSighting,
  ): void {
    let entry = this.entries.get(key);
    const previous = entry?.state ?? null;
    if (!entry) {
      entry = { state, missed: 0, fresh: state === 'online' };
      this.entries.set(key, entry);
    }
    entry.state = state;
    if (previous === state) return;
    const change: PresenceChange = {
      key,
      state,
      previous,
      reason,
      at: this.now(),
      ...(sighting ? { sighting } : {}),
    };
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // a throwing subscriber must not stop the others or the loop
      }
    }
  }
}
