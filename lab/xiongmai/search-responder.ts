/**
 * The UDP 34569 side of a whole XM fleet (xiongmai.md §6): one shared listener on 0.0.0.0:34569
 * hears broadcast searches (1530) and IP sets (1532); each address a device answers on has its own
 * socket bound to it, so replies leave from the device's IP exactly as on a LAN. Replies go out the
 * way devices send them: broadcast to port 34569, plus directly to the sender (assumptions.ts).
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { assertLoopback, isLoopbackV4 } from '../fleet/addressing';
import { assumedReplyTargets } from './assumptions';
import { MSG, XM_PORTS } from './constants';
import type { FaultGate } from './faults';
import { decodeDatagram, parseJsonPayload } from './frame';
import { applyIpSet, ipSetTargets } from './ip-set';
import { ipSetReply, searchReply } from './net-common';
import type { XmDeviceState } from './state';

/** The limited broadcast of a loopback-only run (scripts/in-netns.sh routes it to lo). */
export const LOOPBACK_BROADCAST = '127.255.255.255';

export interface SearchResponderOptions {
  states: readonly XmDeviceState[];
  gate(id: string): FaultGate;
  warn(message: string): void;
  /** A 1532 succeeded with a new address: move the device's TCP side too. */
  onMoved(state: XmDeviceState): Promise<void>;
}

function bindUdp(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: 'udp4', reuseAddr: true });
    s.once('error', reject);
    s.bind({ address, port, exclusive: false }, () => {
      s.off('error', reject);
      s.setBroadcast(true);
      resolve(s);
    });
  });
}

/** Only this host is answered; a datagram from 0.0.0.0 (no source route) came from here too. */
function localSender(rinfo: RemoteInfo): { address: string; port: number } | null {
  if (rinfo.address === '0.0.0.0') return { address: '127.0.0.1', port: rinfo.port };
  return isLoopbackV4(rinfo.address) ? { address: rinfo.address, port: rinfo.port } : null;
}

export class SearchResponder {
  private listener: Socket | undefined;
  private readonly sockets = new Map<string, Socket>();
  private stopping = false;

  private constructor(private readonly opts: SearchResponderOptions) {}

  /** Binds the shared listener and one socket per device address. */
  static async start(opts: SearchResponderOptions): Promise<SearchResponder> {
    const r = new SearchResponder(opts);
    try {
      // 0.0.0.0 so broadcasts arrive; the source check keeps anything from off the box unanswered.
      r.listener = await bindUdp('0.0.0.0', XM_PORTS.search);
      r.listener.on('message', (m, ri) => r.onDatagram(m, ri, null));
      r.listener.on('error', (err) => opts.warn(`xm search listener: ${err.message}`));
      for (const ip of new Set(opts.states.map((s) => s.ip))) await r.bindDevice(ip);
    } catch (err) {
      await r.stop();
      throw err;
    }
    return r;
  }

  /** After a device moved: bind its new address, release the old one once nobody uses it. */
  async rebind(oldIp: string, newIp: string): Promise<void> {
    if (!this.sockets.has(newIp)) await this.bindDevice(newIp);
    if (!this.opts.states.some((s) => s.ip === oldIp)) {
      const old = this.sockets.get(oldIp);
      this.sockets.delete(oldIp);
      if (old) await new Promise<void>((r) => old.close(() => r()));
    }
  }

  /** Closes every socket. */
  async stop(): Promise<void> {
    this.stopping = true;
    const all = [...this.sockets.values(), ...(this.listener ? [this.listener] : [])];
    this.sockets.clear();
    this.listener = undefined;
    await Promise.all(all.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }

  private async bindDevice(ip: string): Promise<void> {
    assertLoopback(ip, 'device address');
    const s = await bindUdp(ip, XM_PORTS.search);
    // A search sent straight to the address is answered by the devices on it alone.
    s.on('message', (m, ri) => this.onDatagram(m, ri, ip));
    s.on('error', (err) => this.opts.warn(`xm search ${ip}: ${err.message}`));
    this.sockets.set(ip, s);
  }

  private onDatagram(msg: Buffer, rinfo: RemoteInfo, directedTo: string | null): void {
    if (this.stopping) return;
    const sender = localSender(rinfo);
    const frame = decodeDatagram(msg);
    // Our own 1531/1533 broadcasts come back here too: only requests are answered.
    if (!sender || !frame) return;
    const candidates = this.opts.states.filter((s) => directedTo === null || s.ip === directedTo);
    if (frame.msgId === MSG.ipSearch) {
      for (const s of candidates) this.answer(s, sender, () => searchReply(s));
    } else if (frame.msgId === MSG.ipSet) {
      const body = parseJsonPayload(frame.payload);
      if (!body) return;
      for (const s of candidates) if (ipSetTargets(s, body)) this.ipSet(s, sender, body);
    }
  }

  private ipSet(
    s: XmDeviceState,
    sender: { address: string; port: number },
    body: Record<string, unknown>,
  ): void {
    // A lost request must not reach the account: check loss before the password is tried.
    if (!this.opts.gate(s.id).admit()) return;
    const outcome = applyIpSet(s, body);
    if (outcome.warning) this.opts.warn(outcome.warning);
    const from = s.ip;
    this.answer(s, sender, () => ipSetReply(outcome.ret), true)
      .then(async () => {
        if (!outcome.moveTo || this.stopping) return;
        s.ip = outcome.moveTo;
        await this.rebind(from, s.ip);
        await this.opts.onMoved(s);
      })
      .catch((err: Error) => this.opts.warn(`xm ${s.id}: move failed: ${err.message}`));
  }

  /** Sends one reply from the device's socket to every target, honouring its faults. */
  private async answer(
    s: XmDeviceState,
    sender: { address: string; port: number },
    build: () => Buffer,
    admitted = false,
  ): Promise<void> {
    const gate = this.opts.gate(s.id);
    if (!admitted && !gate.admit()) return;
    const from = s.ip;
    const bytes = gate.corrupt(build(), 'datagram');
    const delay = gate.latencyMs();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const socket = this.sockets.get(from);
    if (!socket || this.stopping) return;
    for (const to of assumedReplyTargets(sender, LOOPBACK_BROADCAST, XM_PORTS.search)) {
      assertLoopback(to.address, 'destination');
      await new Promise<void>((resolve) =>
        socket.send(bytes, to.port, to.address, (err) => {
          if (err) this.opts.warn(`xm ${from} -> ${to.address}:${to.port}: ${err.message}`);
          resolve();
        }),
      );
    }
    gate.countRequest();
  }
}
