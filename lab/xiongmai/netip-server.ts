/**
 * One device's NETIP control port (TCP 34567) on the device's own loopback address. Requests are
 * handled as they arrive, so state changes in order; replies leave in order after any injected
 * latency. A reboot or an IP change drops every connection, as on the real box.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { assertLoopback } from '../fleet/addressing';
import { assumedLoginFacts } from './assumptions';
import type { FaultGate } from './faults';
import { FrameReader } from './frame';
import { dispatchNetip } from './netip-dispatch';
import type { NetipConnection } from './session';
import type { XmDeviceState } from './state';

/** TCPMaxConn in the captured NetCommon. */
const MAX_CONNECTIONS = 10;
/** A session without keep-alives for three intervals is dropped (clients send one per interval). */
const IDLE_INTERVALS = 3;

export class NetipServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly state: XmDeviceState,
    private readonly gate: FaultGate,
    private readonly warn: (message: string) => void,
  ) {}

  /** Listens on the device's address and `ports.tcp`; port 0 picks one and writes it back. */
  static async start(
    state: XmDeviceState,
    gate: FaultGate,
    warn: (message: string) => void,
  ): Promise<NetipServer> {
    const n = new NetipServer(state, gate, warn);
    await n.listen(state.ip);
    return n;
  }

  /** Closes the listener and every connection, then listens on `ip` (an IP set moved the device). */
  async moveTo(ip: string): Promise<void> {
    await this.close();
    await this.listen(ip);
  }

  /** Ends every open connection (reboot): pending replies flush, then the socket goes. */
  dropConnections(): void {
    for (const s of this.sockets) {
      s.end();
      setTimeout(() => s.destroy(), 200).unref();
    }
  }

  /** Stops listening and destroys every connection. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(ip: string): Promise<void> {
    assertLoopback(ip, 'device address');
    const server = createServer((socket) => this.onConnection(socket));
    server.maxConnections = MAX_CONNECTIONS;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: ip, port: this.state.device.ports.tcp, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', (err) => this.warn(`netip ${this.state.id}: ${err.message}`));
        const addr = server.address();
        if (addr && typeof addr === 'object') this.state.device.ports.tcp = addr.port;
        this.server = server;
        resolve();
      });
    });
  }

  private onConnection(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const idle = assumedLoginFacts(this.state.device.kind).aliveInterval * IDLE_INTERVALS * 1000;
    socket.setTimeout(idle, () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const conn: NetipConnection = { session: null, resetGranted: false };
    const reader = new FrameReader();
    let queue = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      const frames = reader.push(chunk);
      if (frames === 'corrupt') {
        this.warn(`netip ${this.state.id}: unframed bytes from a client, closing`);
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        if (!this.gate.admit()) continue;
        const out = this.gate.corrupt(dispatchNetip(this.state, conn, frame), 'stream');
        const delay = this.gate.latencyMs();
        queue = queue
          .then(() => (delay > 0 ? new Promise((r) => setTimeout(r, delay)) : undefined))
          .then(() => {
            if (!socket.destroyed && socket.writable) socket.write(out);
            this.gate.countRequest();
          });
      }
    });
  }
}
