/**
 * SADP on UDP 37020 for a whole fleet. One shared listener (0.0.0.0:37020, joined to the group on
 * 127.0.0.1 only) reads every multicast and broadcast Probe; each device address owns a socket
 * bound to it on 37020, so replies and Hellos leave from the device's own IP. Replies go unicast to
 * the probe's source ip:port, which is what clients on an ephemeral port rely on (§1). Devices do
 * not take SADP on their unicast address, so those sockets only send.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { assertLoopback, isLoopbackV4 } from '../fleet/addressing';
import type { HikDeviceState } from './device-state';
import { handleSadpCommand } from './sadp-commands';
import { buildHello, buildProbeMatch, parseProbe, sadpMac } from './sadp-messages';
import { SADP_GROUP, SADP_PORT } from './types';
import { MAX_XML_BYTES } from './xml';

/** Command replies remembered per (MAC, Uuid): the same command sent to the group and to the broadcast address runs once. */
const RECENT_COMMANDS = 256;

/** Where to answer, or null to stay silent: only this host (0.0.0.0 is how Linux labels our own multicast here). */
function replyAddress(source: string): string | null {
  if (source === '0.0.0.0') return '127.0.0.1';
  return isLoopbackV4(source) ? source : null;
}

function bindUdp(address: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: 'udp4', reuseAddr: true });
    s.once('error', reject);
    s.bind({ address, port: SADP_PORT, exclusive: false }, () => {
      s.off('error', reject);
      resolve(s);
    });
  });
}

/** Garbles a reply the way a `malformed` fault asks: cut mid-document. */
function corrupt(xml: string): string {
  return xml.slice(0, Math.max(1, Math.floor(xml.length / 2)));
}

export class SadpResponder {
  private listener: Socket | undefined;
  private readonly sockets = new Map<string, Socket>();
  private readonly byMac = new Map<string, HikDeviceState>();
  private readonly recent = new Map<string, string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopping = false;

  private constructor(
    private readonly devices: readonly HikDeviceState[],
    private readonly iface: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** Binds the listener and the device sockets, then sends each device's boot Hello. */
  static async start(
    devices: readonly HikDeviceState[],
    iface: string,
    warn: (message: string) => void,
  ): Promise<SadpResponder> {
    const r = new SadpResponder(devices, iface, warn);
    assertLoopback(iface, 'multicast interface');
    try {
      await r.bindAll();
    } catch (err) {
      await r.stop();
      throw err;
    }
    await Promise.all(devices.map((d) => r.hello(d)));
    return r;
  }

  private async bindAll(): Promise<void> {
    // 0.0.0.0 because a group address cannot be bound everywhere; replyAddress keeps off-box senders unanswered.
    this.listener = await bindUdp('0.0.0.0');
    this.listener.addMembership(SADP_GROUP, this.iface);
    this.listener.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo));
    this.listener.on('error', (err) => this.warn(`sadp listener: ${err.message}`));
    for (const d of this.devices) {
      assertLoopback(d.device.ip, 'device address');
      this.byMac.set(sadpMac(d.device.mac), d);
    }
    const ips = [...new Set(this.devices.map((d) => d.device.ip))];
    await Promise.all(
      ips.map(async (ip) => {
        const s = await bindUdp(ip);
        s.setMulticastInterface(this.iface);
        s.setMulticastTTL(1);
        s.setMulticastLoopback(true);
        s.on('error', (err) => this.warn(`sadp ${ip}: ${err.message}`));
        this.sockets.set(ip, s);
      }),
    );
  }

  private onDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.stopping || msg.length > MAX_XML_BYTES) return;
    const to = replyAddress(rinfo.address);
    const probe = to === null ? null : parseProbe(msg);
    if (!probe || to === null) return;
    const target = { address: to, port: rinfo.port };
    if (probe.types === 'inquiry' || probe.types === 'inquiry_v32') {
      for (const d of this.devices) this.answer(d, target, () => buildProbeMatch(d, probe.uuid));
      return;
    }
    // Commands name their device by MAC; every other device ignores them (§4).
    const d = probe.mac === undefined ? undefined : this.byMac.get(probe.mac);
    if (!d) return;
    const key = `${probe.mac}|${probe.uuid}|${probe.types}`;
    this.answer(d, target, () => {
      const cached = this.recent.get(key);
      if (cached !== undefined) return cached;
      const reply = handleSadpCommand(d, probe);
      if (reply !== null) this.remember(key, reply);
      return reply;
    });
  }

  private remember(key: string, reply: string): void {
    this.recent.set(key, reply);
    if (this.recent.size > RECENT_COMMANDS) this.recent.delete(this.recent.keys().next().value!);
  }

  /** Applies the device's faults around building and sending one reply. */
  private answer(
    d: HikDeviceState,
    to: { address: string; port: number },
    build: () => string | null,
  ): void {
    const f = d.faults();
    if (f.packetLoss > 0 && Math.random() < f.packetLoss) return;
    const xml = build();
    // The reply was built on the old boot; the device goes down right after answering.
    if (d.countRequest()) d.reboot();
    if (xml === null) return;
    const out = f.malformed ? corrupt(xml) : xml;
    if (f.latencyMs <= 0) return void this.send(d, out, to.address, to.port);
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.send(d, out, to.address, to.port);
    }, f.latencyMs);
    this.timers.add(t);
  }

  private send(d: HikDeviceState, xml: string, address: string, port: number): Promise<void> {
    const socket = this.sockets.get(d.device.ip);
    if (!socket || this.stopping) return Promise.resolve();
    if (address !== SADP_GROUP) assertLoopback(address, 'destination');
    return new Promise((resolve) => {
      socket.send(xml, port, address, (err) => {
        if (err) this.warn(`sadp ${d.device.ip} -> ${address}:${port}: ${err.message}`);
        resolve();
      });
    });
  }

  /** The unsolicited boot announcement, multicast from the device's address (§1). */
  hello(d: HikDeviceState): Promise<void> {
    return this.send(d, buildHello(d), SADP_GROUP, SADP_PORT);
  }

  /** Closes every socket; pending delayed replies are dropped. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const all = [...this.sockets.values(), ...(this.listener ? [this.listener] : [])];
    this.sockets.clear();
    this.listener = undefined;
    await Promise.all(all.map((s) => new Promise<void>((done) => s.close(() => done()))));
  }
}
