import { EventEmitter } from 'node:events';
import type { EventListener, EventName, EventPayloads, EventSource } from '../shared/contract';

/** A typed emitter for contract events; a listener that throws cannot break the engine. */
export class ContractEvents implements EventSource {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per window or socket: a busy host can exceed Node's default warning level.
    this.emitter.setMaxListeners(0);
  }

  on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    const safe = (payload: EventPayloads[E]) => {
      try {
        listener(payload);
      } catch (err) {
        console.error(
          `[custodian] ${event} listener failed:`,
          err instanceof Error ? err.message : err,
        );
      }
    };
    this.emitter.on(event, safe);
    return () => this.emitter.off(event, safe);
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    this.emitter.emit(event, payload);
  }
}
