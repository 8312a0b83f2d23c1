import {
  isVerb,
  MAX_REQUEST_BYTES,
  VERB_INPUTS,
  type CustodianApi,
  type Envelope,
  type Verb,
} from '../../shared/contract';
import { CustodianError, toErrorPayload } from '../../shared/errors';

export interface DispatchMeta {
  transport: 'ipc' | 'websocket';
}

/** Bytes of JSON a value would take on the wire; unserializable input counts as too large. */
export function jsonSize(value: unknown): number {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * The one door into the engine for both transports: checks the verb, the size and the schema of
 * an untrusted payload, runs the verb, and answers with an Envelope. It never throws, so a bad
 * request can only ever produce a typed error, and changes nothing when it is refused.
 */
export async function dispatch(
  api: CustodianApi,
  verb: unknown,
  input: unknown,
  _meta: DispatchMeta,
): Promise<Envelope<unknown>> {
  try {
    if (!isVerb(verb)) {
      const shown = typeof verb === 'string' ? verb.slice(0, 64) : typeof verb;
      throw new CustodianError('UNKNOWN_VERB', shown);
    }
    const size = jsonSize(input);
    if (size > MAX_REQUEST_BYTES) {
      throw new CustodianError('PAYLOAD_TOO_LARGE', `${size} > ${MAX_REQUEST_BYTES} bytes`);
    }
    const parsed = VERB_INPUTS[verb].parse(input);
    if (!parsed.ok) {
      const first = parsed.issues[0];
      throw new CustodianError('INVALID_INPUT', first ? `${first.path} ${first.problem}` : verb);
    }
    const run = api[verb] as (input: unknown) => Promise<unknown>;
    const value = await run.call(api, parsed.value);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}

export type { Verb };
