/** A WebSocket stand-in for the bridge tests: records what was sent, lets a test play the host. */
import type { WebSocketLike } from '../bridge/ws-bridge';

export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];

  static reset(): void {
    FakeWebSocket.instances = [];
  }

  static get last(): FakeWebSocket {
    const ws = FakeWebSocket.instances.at(-1);
    if (!ws) throw new Error('no FakeWebSocket was created');
    return ws;
  }

  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readonly sent: string[] = [];
  closed = false;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  send(data: string): void {
    if (this.closed) throw new Error('send on a closed FakeWebSocket');
    this.sent.push(data);
  }

  close(): void {
    this.closed = true;
  }

  /** The requests sent so far, parsed. */
  get requests(): { id: number; verb: string; input?: unknown }[] {
    return this.sent.map((s) => JSON.parse(s) as { id: number; verb: string; input?: unknown });
  }

  serverOpen(): void {
    this.onopen?.({});
  }

  serverSend(message: unknown): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  /** The host went away (or refused the upgrade: browsers report both as 1006). */
  serverDrop(code = 1006): void {
    this.closed = true;
    this.onerror?.({});
    this.onclose?.({ code });
  }
}
