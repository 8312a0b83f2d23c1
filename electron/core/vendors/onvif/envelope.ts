/**
 * SOAP envelope reading shared by every decoder: the Body, and a Fault in SOAP 1.2 or 1.1 form.
 */
import { CustodianError } from '../../../shared/errors';
import type { SoapFault } from './errors';
import { at, badReply, child, isNode, parseXml, text } from './xml';
import type { XmlNode } from './xml';

/** A parsed reply: its Body, and the Fault inside it if there is one. */
export interface SoapEnvelope {
  body: XmlNode;
  fault: SoapFault | null;
}
export type SoapInput = string | Uint8Array | SoapEnvelope;

/** Runs a decoder so that only CustodianErrors escape. */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CustodianError) throw err;
    // No cause attached: a parser message can quote the reply, and replies can carry secrets.
    throw badReply('undecodable reply');
  }
}

/** Parses a SOAP 1.2 (or 1.1) envelope and pulls out its Body and Fault. */
export function parseEnvelope(input: string | Uint8Array, maxBytes?: number): SoapEnvelope {
  return guard(() => {
    const env = child(parseXml(input, maxBytes), 'Envelope');
    if (!isNode(env)) throw badReply('not a SOAP envelope');
    const body = child(env, 'Body');
    if (body === undefined) throw badReply('no SOAP Body');
    const node = isNode(body) ? body : {};
    return { body: node, fault: readFault(node) };
  });
}

function readFault(body: XmlNode): SoapFault | null {
  const fault = child(body, 'Fault');
  if (fault === undefined) return null;
  const code = child(fault, 'Code');
  if (code === undefined) {
    return {
      code: text(child(fault, 'faultcode')) ?? '',
      subcodes: [],
      reason: text(child(fault, 'faultstring')) ?? '',
    };
  }
  const subcodes: string[] = [];
  // Bounded: the nesting cap already limits depth, this keeps the loop obviously finite.
  for (let sub = child(code, 'Subcode'), n = 0; sub !== undefined && n < 16; n++) {
    const value = text(child(sub, 'Value'));
    if (value) subcodes.push(value);
    sub = child(sub, 'Subcode');
  }
  return {
    code: text(child(code, 'Value')) ?? '',
    subcodes,
    reason: text(at(fault, 'Reason', 'Text')) ?? '',
  };
}

/** Parses raw input, or passes an already parsed envelope through. */
export function envelopeOf(input: SoapInput): SoapEnvelope {
  return typeof input === 'string' || input instanceof Uint8Array ? parseEnvelope(input) : input;
}

/** The SOAP Fault in a reply, or null when the reply is not a fault. */
export function decodeFault(input: SoapInput): SoapFault | null {
  return guard(() => envelopeOf(input).fault);
}
