/**
 * One TCP connection to an XM device's NETIP port (34567): frames out, whole messages in, one
 * request at a time. Devices answer request id + 1 and do not echo anything we could match a late
 * reply on, so a request that times out closes the connection instead of leaving it out of step.
 */
import net from 'node:net';
import { CustodianError } from '../../../shared/errors';
import { decodeXmJson, encodeXmFrame, encodeXmJson, type XmHeader } from '../../discovery/xm/netip';
import { isLoopbackAddress, loopbackOnlyFromEnv } from '../../net/interfaces';
import { XmProtocolError } from './errors';
import { XmFrameReader, type XmFrameReaderOptions, type XmMessage } from './framer';

/** The NETIP control port. */
export const XM_TCP_PORT = 34567;

export interface XmConnectionOptions extends XmFrameReaderOptions {
  host: string;
  /** Default 34567. */
  port?: number;
  /** Bound on connecting and on each request. Default 5000 ms. */
  timeoutMs?: number;
  /** Refuse any non-127.x host. Default: CUSTODIAN_LOOPBACK_ONLY. */
  loopbackOnly?: boolean;
}

/** A reply: its header and its JSON body. */
export interface XmReply {
  header: XmHeader;
  body: Record<string, unknown>;
}

interface Pending {
  expect: number;
  resolve(message: XmMessage): void;
  reject(err: CustodianError): void;
}

/** A connected NETIP stream. Create with `XmConnection.open`. */
export class XmConnection {
  readonly #socket: net.Socket;
  readonly #reader: XmFrameReader;
  readonly #timeoutMs: number;
  readonly #label: string;
  #sequence = 0;
  #pending: Pending | null = null;
  #chain: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(socket: net.Socket, options: XmConnectionOptions, timeoutMs: number) {
    this.#socket = socket;
    this.#reader = new XmFrameReader(options);
    this.#timeoutMs = timeoutMs;
    this.#label = `${options.host}:${options.port ?? XM_TCP_PORT}`;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', () => this.#shutdown(this.#gone('connection error')));
    socket.on('close', () => this.#shutdown(this.#gone('connection closed')));
  }

  /** Connects; throws NON_LOOPBACK_REFUSED, DEVICE_UNREACHABLE or TIMEOUT. */
  static open(options: XmConnectionOptions): Promise<XmConnection> {
    const port = options.port ?? XM_TCP_PORT;
    const timeoutMs = options.timeoutMs ?? 5000;
    if ((options.loopbackOnly ?? loopbackOnlyFromEnv()) && !isLoopbackAddress(options.host)) {
      return Promise.reject(new CustodianError('NON_LOOPBACK_REFUSED', options.host));
    }
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: options.host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new CustodianError('TIMEOUT', `XM connect ${options.host}:${port}`));
      }, timeoutMs);
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        const why = err.code ?? 'error';
        reject(new CustodianError('DEVICE_UNREACHABLE', `XM ${options.host}:${port} ${why}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        resolve(new XmConnection(socket, options, timeoutMs));
      });
    });
  }

  /** True once the socket is gone; every later request fails at once. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Sends `body` as message `messageId` and resolves with the `messageId + 1` reply. Requests
   * queue behind each other. Other messages the device pushes meanwhile (alarms) are skipped.
   */
  request(messageId: number, body: unknown, sessionId: number): Promise<XmReply> {
    const run = this.#chain.then(() => this.#exchange(messageId, body, sessionId));
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Closes the socket; idempotent. */
  close(): Promise<void> {
    this.#shutdown(this.#gone('connection closed'));
    return new Promise((resolve) => {
      if (this.#socket.destroyed) return resolve();
      this.#socket.once('close', () => resolve());
    });
  }

  async #exchange(messageId: number, body: unknown, sessionId: number): Promise<XmReply> {
    if (this.#closed) throw this.#gone('connection closed');
    const frame = encodeXmFrame(
      { messageId, sessionId, sequence: this.#sequence++ },
      encodeXmJson(body),
    );
    const message = await new Promise<XmMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A late reply would be taken for the next request's: drop the connection instead.
        this.#shutdown(new CustodianError('TIMEOUT', `XM ${messageId} to ${this.#label}`));
      }, this.#timeoutMs);
      this.#pending = {
        expect: messageId + 1,
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.#socket.write(frame);
    });
    const json = decodeXmJson(message.payload);
    if (!json.ok) throw new XmProtocolError(`reply ${message.header.messageId}: ${json.reason}`);
    return { header: message.header, body: json.body };
  }

  #onData(chunk: Buffer): void {
    const read = this.#reader.push(chunk);
    if (!read.ok) return this.#shutdown(new XmProtocolError(read.reason));
    for (const message of read.messages) {
      const pending = this.#pending;
      if (!pending || message.header.messageId !== pending.expect) continue;
      this.#pending = null;
      pending.resolve(message);
    }
  }

  #gone(why: string): CustodianError {
    return new CustodianError('DEVICE_UNREACHABLE', `XM ${this.#label} ${why}`);
  }

  #shutdown(err: CustodianError): void {
    this.#closed = true;
    const pending = this.#pending;
    this.#pending = null;
    pending?.reject(err);
    if (!this.#socket.destroyed) this.#socket.destroy();
  }
}
