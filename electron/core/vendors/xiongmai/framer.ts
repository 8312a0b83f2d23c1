/**
 * Cuts a TCP byte stream into NETIP messages: TCP delivers frames split across reads and several
 * in one read, and control replies above 16 KiB arrive as numbered packets (xiongmai.md §2:
 * "Total packets" > 1, 0-based "Current packet"). Every length is capped before anything is
 * buffered, so a hostile or broken peer cannot make us hold more than the caps.
 */
import {
  XM_HEADER_BYTES,
  XM_MAX_PACKET_DATA,
  decodeXmHeader,
  type XmHeader,
} from '../../discovery/xm/netip';

/** One whole message: the first packet's header (dataLength = total payload) and the payload. */
export interface XmMessage {
  header: XmHeader;
  payload: Buffer;
}

export type XmReadResult = { ok: true; messages: XmMessage[] } | { ok: false; reason: string };

export interface XmFrameReaderOptions {
  /** Largest payload of one packet. Default `XM_MAX_PACKET_DATA` (64 KiB). */
  maxPacketBytes?: number;
  /** Largest reassembled message. Default 1 MiB: big configs, never a media stream. */
  maxMessageBytes?: number;
}

/**
 * Incremental reader. After it reports `ok: false` the stream has lost its framing: every later
 * `push` fails too, and the connection should be closed.
 */
export class XmFrameReader {
  readonly #maxPacket: number;
  readonly #maxMessage: number;
  #pending: Buffer = Buffer.alloc(0);
  #parts: { header: XmHeader; payloads: Buffer[]; bytes: number } | null = null;
  #failed: string | null = null;

  constructor(options: XmFrameReaderOptions = {}) {
    this.#maxPacket = options.maxPacketBytes ?? XM_MAX_PACKET_DATA;
    this.#maxMessage = options.maxMessageBytes ?? 1024 * 1024;
  }

  /** Adds received bytes; returns every message they complete, or why the stream is broken. */
  push(chunk: Buffer): XmReadResult {
    if (this.#failed) return { ok: false, reason: this.#failed };
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    const messages: XmMessage[] = [];
    while (this.#pending.length >= XM_HEADER_BYTES) {
      const head = decodeXmHeader(this.#pending, this.#maxPacket);
      if (!head.ok) return this.#fail(head.reason);
      const end = XM_HEADER_BYTES + head.header.dataLength;
      if (this.#pending.length < end) break;
      const payload = Buffer.from(this.#pending.subarray(XM_HEADER_BYTES, end));
      this.#pending = this.#pending.subarray(end);
      const done = this.#assemble(head.header, payload);
      if (typeof done === 'string') return this.#fail(done);
      if (done) messages.push(done);
    }
    return { ok: true, messages };
  }

  #assemble(header: XmHeader, payload: Buffer): XmMessage | null | string {
    if (header.totalPackets <= 1 && !this.#parts) return { header, payload };
    if (header.totalPackets <= 1)
      return `single packet ${header.messageId} inside a fragmented one`;
    const parts = this.#parts;
    const expected = parts ? parts.payloads.length : 0;
    if (header.currentPacket !== expected) {
      return `packet ${header.currentPacket} of ${header.totalPackets} where ${expected} was due`;
    }
    if (
      parts &&
      (parts.header.messageId !== header.messageId ||
        parts.header.totalPackets !== header.totalPackets)
    ) {
      return `fragments of message ${parts.header.messageId} interleaved with ${header.messageId}`;
    }
    const current = parts ?? { header, payloads: [], bytes: 0 };
    current.payloads.push(payload);
    current.bytes += payload.length;
    if (current.bytes > this.#maxMessage) {
      return `message ${header.messageId} over ${this.#maxMessage} bytes`;
    }
    if (header.currentPacket < header.totalPackets - 1) {
      this.#parts = current;
      return null;
    }
    this.#parts = null;
    const whole = Buffer.concat(current.payloads);
    return { header: { ...current.header, dataLength: whole.length }, payload: whole };
  }

  #fail(reason: string): XmReadResult {
    this.#failed = reason;
    this.#pending = Buffer.alloc(0);
    this.#parts = null;
    return { ok: false, reason };
  }
}
