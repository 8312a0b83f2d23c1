/**
 * The DHIP discovery side of a whole Dahua fleet (dahua.md §3, §19). One shared listener on
 * 0.0.0.0:37810, joined to 239.255.255.251 on loopback only, reads multicast and broadcast
 * searches; each device address has its own socket on that port, which receives searches sent
 * straight to the device and sends every reply, so a reply leaves from the device's own IP and is
 * unicast back to the searcher's address and port, as real devices do.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { assertLoopback, isLoopbackV4 } from '../fleet/addressing';
import { buildNotifyDevInfo } from './device-info';
import type { DahuaDeviceState } from './device-state';
import { decodeDhip, encodeDhip } from './dhip-codec';
import { delay, garble, type RequestFate } from './fault-gate';
import { parseRpcRequest } from './rpc';

export const DHIP_GROUP = '239.255.255.251';
export const DHIP_PORT = 37810;

export interface DhipResponderOptions {
  devices: readonly DahuaDeviceState[];
  /** The only interface the group is joined on: loopback. */
  interfaceAddress: string;
  /** The fate of one request to a device (faults), decided by the runtime. */
  fate(device: DahuaDeviceState): RequestFate;
  /** Called once a device has answered a request that its faults say it reboots after. */
  reboot(device: DahuaDeviceState): void;
  onWarning(message: string): void;
}

export interface DhipStats {
  searches: number;
  ignored: number;
  foreign: number;
  replies: number;
}

/**
 * Where to answer a datagram from `source`, or null to stay silent: only this host. A multicast
 * sent from a 0.0.0.0-bound socket arrives with source 0.0.0.0 in the test namespace (the group
 * route has no preferred source); it can only have come from this host, so it is answered on
 * 127.0.0.1.
 */
function replyAddress(source: string): string | null {
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

/** The MAC a search asks for: top level (S15) or inside params (S13); '' for any device. */
function wantedMac(extra: Record<string, unknown>, params: Record<string, unknown> | null): string {
  const top = typeof extra.mac === 'string' ? extra.mac : '';
  const inner = typeof params?.mac === 'string' ? params.mac : '';
  return (top || inner).toLowerCase();
}

export class DhipResponder {
  readonly stats: DhipStats = { searches: 0, ignored: 0, foreign: 0, replies: 0 };
  private listener: Socket | undefined;
  private readonly sockets = new Map<string, Socket>();
  private stopping = false;

  private constructor(private readonly opts: DhipResponderOptions) {}

  /** Binds the shared listener and one socket per device address; closes all on failure. */
  static async start(opts: DhipResponderOptions): Promise<DhipResponder> {
    assertLoopback(opts.interfaceAddress, 'multicast interface');
    const r = new DhipResponder(opts);
    try {
      await r.bindAll();
    } catch (err) {
      await r.stop();
      throw err;
    }
    return r;
  }

  private async bindAll(): Promise<void> {
    const { devices, interfaceAddress, onWarning } = this.opts;
    // 0.0.0.0 so that broadcasts (127.255.255.255 in loopback runs) and the group both arrive;
    // replyAddress keeps anything from off the box unanswered.
    this.listener = await bindUdp('0.0.0.0', DHIP_PORT);
    this.listener.addMembership(DHIP_GROUP, interfaceAddress);
    this.listener.on('message', (m, r) => this.onDatagram(m, r, devices));
    this.listener.on('error', (err) => onWarning(`dhip listener: ${err.message}`));
    const byIp = new Map<string, DahuaDeviceState[]>();
    for (const d of devices) {
      assertLoopback(d.device.ip, 'device address');
      byIp.set(d.device.ip, [...(byIp.get(d.device.ip) ?? []), d]);
    }
    for (const [ip, group] of byIp) {
      const s = await bindUdp(ip, DHIP_PORT);
      s.on('message', (m, r) => this.onDatagram(m, r, group));
      s.on('error', (err) => onWarning(`dhip ${ip}: ${err.message}`));
      this.sockets.set(ip, s);
    }
  }

  private onDatagram(
    msg: Buffer,
    rinfo: RemoteInfo,
    candidates: readonly DahuaDeviceState[],
  ): void {
    if (this.stopping) return;
    const to = replyAddress(rinfo.address);
    if (to === null) {
      this.stats.foreign++;
      return;
    }
    const frame = decodeDhip(msg);
    const req = frame ? parseRpcRequest(frame.json) : null;
    if (!frame || !req || req.method !== 'DHDiscover.search') {
      this.stats.ignored++;
      return;
    }
    this.stats.searches++;
    const mac = wantedMac(req.extra, req.params);
    for (const device of candidates) {
      if (mac !== '' && mac !== device.device.mac.toLowerCase()) continue;
      const fate = this.opts.fate(device);
      if (fate.drop) continue;
      const id = req.id || frame.id;
      let reply = encodeDhip(buildNotifyDevInfo(device), 0, id);
      if (fate.malformed) reply = garble(reply);
      void delay(fate.delayMs).then(() => this.send(device, reply, to, rinfo.port, fate));
    }
  }

  private send(
    device: DahuaDeviceState,
    reply: Buffer,
    address: string,
    port: number,
    fate: RequestFate,
  ): void {
    const socket = this.sockets.get(device.device.ip);
    if (this.stopping || !socket) return;
    assertLoopback(address, 'destination');
    socket.send(reply, port, address, (err) => {
      if (err)
        this.opts.onWarning(`dhip ${device.device.ip} -> ${address}:${port}: ${err.message}`);
    });
    this.stats.replies++;
    if (fate.rebootAfter) this.opts.reboot(device);
  }

  /** Closes every socket; pending delayed replies are dropped. */
  async stop(): Promise<void> {
    this.stopping = true;
    const all = [...this.sockets.values(), ...(this.listener ? [this.listener] : [])];
    this.sockets.clear();
    this.listener = undefined;
    await Promise.all(all.map((s) => new Promise<void>((done) => s.close(() => done()))));
  }
}
