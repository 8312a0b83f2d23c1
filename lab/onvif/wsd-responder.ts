/**
 * The WS-Discovery target side for a whole fleet in one process. One shared listener on
 * 0.0.0.0:3702 joined to 239.255.255.250 on 127.0.0.1 only reads every multicast Probe; each
 * device owns a socket bound to its own address and port 3702, so its ProbeMatches, Hello and Bye
 * leave from the device's IP exactly as on a LAN. Nothing runs while idle: replies are scheduled
 * per probe in a few coarse time buckets (random 0..APP_MAX_DELAY ms each, as Core asks so that
 * many devices do not answer in one burst).
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { DeviceFaults } from '../families/types';
import { assertLoopback, isLoopbackV4 } from '../fleet/addressing';
import type { OnvifDeviceState } from './device-state';
import { WSD_GROUP, WSD_PORT } from './namespaces';
import {
  buildBye,
  buildHello,
  buildProbeMatches,
  parseProbe,
  probeMatchesDevice,
} from './wsd-messages';

/** WS-Discovery APP_MAX_DELAY: a target delays its ProbeMatch randomly by up to this. */
export const APP_MAX_DELAY_MS = 500;
/** Replies due within the same bucket share one timer. */
const BUCKET_MS = 10;
/** Pending replies beyond this are dropped (a probe flood must not exhaust memory). */
const MAX_PENDING = 50_000;
/** Recent probe MessageIDs: a repeated probe (same id, UDP repeat) is answered once. */
const RECENT_IDS = 512;

export interface WsdResponderOptions {
  devices: readonly OnvifDeviceState[];
  /** The interface the group is joined on and announcements leave from. */
  interfaceAddress?: string;
  maxDelayMs?: number;
  onWarning?: (message: string) => void;
  /** Run-time faults per device id: packet loss and latency apply to probe replies. */
  faults?: (deviceId: string) => DeviceFaults;
}

export interface WsdStats {
  probes: number;
  ignored: number;
  foreign: number;
  replies: number;
}

type Job = { device: OnvifDeviceState; relatesTo: string; to: { address: string; port: number } };

/**
 * Where to answer a datagram from, or null to stay silent. Only this host is ever answered. Linux
 * gives a multicast datagram from a socket bound to 0.0.0.0 the source 0.0.0.0 when the route to
 * the group has no preferred source (as in the test namespace); such a datagram can only have come
 * from this host, so it is answered on 127.0.0.1, where that socket also receives.
 */
export function localReplyAddress(source: string): string | null {
  if (source === '0.0.0.0') return '127.0.0.1';
  return isLoopbackV4(source) ? source : null;
}

function bindUdp(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: 'udp4', reuseAddr: true });
    s.once('error', reject);
    s.bind({ address, port, exclusive: false }, () => {
      s.off('error', reject);
      resolve(s);
    });
  });
}

export class WsdResponder {
  readonly stats: WsdStats = { probes: 0, ignored: 0, foreign: 0, replies: 0 };
  private readonly devices: readonly OnvifDeviceState[];
  private readonly iface: string;
  private readonly maxDelay: number;
  private readonly warn: (message: string) => void;
  private readonly faults: WsdResponderOptions['faults'];
  private listener: Socket | undefined;
  private readonly sockets = new Map<string, Socket>();
  private readonly buckets = new Map<number, { timer: NodeJS.Timeout; jobs: Job[] }>();
  private pending = 0;
  private readonly recentIds = new Set<string>();
  private stopping = false;

  private constructor(opts: WsdResponderOptions) {
    this.devices = opts.devices;
    this.iface = opts.interfaceAddress ?? '127.0.0.1';
    this.maxDelay = opts.maxDelayMs ?? APP_MAX_DELAY_MS;
    this.warn = opts.onWarning ?? (() => {});
    this.faults = opts.faults;
  }

  /** Binds the listener and every device socket, then announces each device with a Hello. */
  static async start(opts: WsdResponderOptions): Promise<WsdResponder> {
    const r = new WsdResponder(opts);
    assertLoopback(r.iface, 'multicast interface');
    try {
      await r.bindAll();
    } catch (err) {
      await r.closeSockets();
      throw err;
    }
    await Promise.all(r.devices.map((d) => r.announce(d, buildHello(d))));
    for (const d of r.devices) d.onStateChange = (dev) => void r.announce(dev, buildHello(dev));
    return r;
  }

  private async bindAll(): Promise<void> {
    // 0.0.0.0 because Windows cannot bind a group address; the source check in onDatagram keeps
    // anything that reaches this port from off the box unanswered.
    this.listener = await bindUdp('0.0.0.0', WSD_PORT);
    this.listener.addMembership(WSD_GROUP, this.iface);
    this.listener.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo, this.devices));
    this.listener.on('error', (err) => this.warn(`wsd listener: ${err.message}`));
    const byIp = new Map<string, OnvifDeviceState[]>();
    for (const d of this.devices) {
      assertLoopback(d.device.ip, 'device address');
      byIp.set(d.device.ip, [...(byIp.get(d.device.ip) ?? []), d]);
    }
    await Promise.all(
      [...byIp].map(async ([ip, group]) => {
        const s = await bindUdp(ip, WSD_PORT);
        s.setMulticastInterface(this.iface);
        s.setMulticastTTL(1);
        s.setMulticastLoopback(true);
        // A probe sent straight to the device's address (directed probe) is answered by it alone.
        s.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo, group));
        s.on('error', (err) => this.warn(`wsd ${ip}: ${err.message}`));
        this.sockets.set(ip, s);
      }),
    );
  }

  private onDatagram(
    msg: Buffer,
    rinfo: RemoteInfo,
    candidates: readonly OnvifDeviceState[],
  ): void {
    if (this.stopping) return;
    const replyTo = localReplyAddress(rinfo.address);
    if (replyTo === null) {
      this.stats.foreign++;
      return;
    }
    const probe = parseProbe(msg);
    if (!probe) {
      this.stats.ignored++;
      return;
    }
    this.stats.probes++;
    if (this.recentIds.has(probe.messageId)) return;
    this.recentIds.add(probe.messageId);
    if (this.recentIds.size > RECENT_IDS)
      this.recentIds.delete(this.recentIds.values().next().value!);
    for (const device of candidates) {
      if (!probeMatchesDevice(probe, device)) continue;
      const f = this.faults?.(device.device.id);
      if (f && f.packetLoss > 0 && Math.random() < f.packetLoss) continue;
      if (this.pending >= MAX_PENDING) {
        this.warn('wsd: too many pending replies, dropping the rest of a probe');
        return;
      }
      const to = { address: replyTo, port: rinfo.port };
      const delay = Math.random() * this.maxDelay + (f?.latencyMs ?? 0);
      this.schedule({ device, relatesTo: probe.messageId, to }, delay);
    }
  }

  private schedule(job: Job, delayMs: number): void {
    const due = Math.ceil((Date.now() + delayMs) / BUCKET_MS) * BUCKET_MS;
    let bucket = this.buckets.get(due);
    if (!bucket) {
      const timer = setTimeout(() => this.flush(due), Math.max(0, due - Date.now()));
      bucket = { timer, jobs: [] };
      this.buckets.set(due, bucket);
    }
    bucket.jobs.push(job);
    this.pending++;
  }

  private flush(due: number): void {
    const bucket = this.buckets.get(due);
    this.buckets.delete(due);
    if (!bucket) return;
    this.pending -= bucket.jobs.length;
    for (const { device, relatesTo, to } of bucket.jobs) {
      this.send(device, buildProbeMatches(device, relatesTo), to.address, to.port);
      this.stats.replies++;
    }
  }

  private send(
    device: OnvifDeviceState,
    xml: string,
    address: string,
    port: number,
  ): Promise<void> {
    const socket = this.sockets.get(device.device.ip);
    if (!socket) return Promise.resolve();
    if (address !== WSD_GROUP) assertLoopback(address, 'destination');
    return new Promise((resolve) => {
      socket.send(xml, port, address, (err) => {
        if (err) this.warn(`wsd ${device.device.ip} -> ${address}:${port}: ${err.message}`);
        resolve();
      });
    });
  }

  private announce(device: OnvifDeviceState, xml: string): Promise<void> {
    return this.send(device, xml, WSD_GROUP, WSD_PORT);
  }

  /** Drops pending replies, sends Bye for every device, closes every socket. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const { timer } of this.buckets.values()) clearTimeout(timer);
    this.buckets.clear();
    this.pending = 0;
    for (const d of this.devices) d.onStateChange = undefined;
    await Promise.all(this.devices.map((d) => this.announce(d, buildBye(d))));
    await this.closeSockets();
  }

  private async closeSockets(): Promise<void> {
    const all = [...this.sockets.values(), ...(this.listener ? [this.listener] : [])];
    this.sockets.clear();
    this.listener = undefined;
    await Promise.all(all.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
