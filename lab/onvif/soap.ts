/**
 * SOAP 1.2 envelopes and faults for the device service. Fault codes follow Core: a Sender fault is
 * HTTP 400, a Receiver fault HTTP 500 (SOAP 1.2 HTTP binding), with ONVIF subcodes under `ter:`.
 */
import { NS } from './namespaces';
import { escapeXml } from './xml';

/** Wraps a response body in an envelope declaring every prefix the templates use. */
export function soapEnvelope(body: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<env:Envelope xmlns:env="${NS.soap}" xmlns:tds="${NS.tds}" xmlns:tt="${NS.tt}" xmlns:ter="${NS.ter}">` +
    `<env:Body>${body}</env:Body></env:Envelope>`
  );
}

/** A SOAP fault to answer with: `code` is Sender or Receiver, `subcodes` the `ter:` chain. */
export class SoapFault extends Error {
  override name = 'SoapFault';
  constructor(
    readonly code: 'Sender' | 'Receiver',
    readonly subcodes: readonly string[],
    readonly reason: string,
  ) {
    super(`${code}/${subcodes.join('/')}: ${reason}`);
  }

  get httpStatus(): number {
    return this.code === 'Sender' ? 400 : 500;
  }

  toXml(): string {
    const nest = (i: number): string =>
      i >= this.subcodes.length
        ? ''
        : `<env:Subcode><env:Value>ter:${this.subcodes[i]}</env:Value>${nest(i + 1)}</env:Subcode>`;
    return soapEnvelope(
      `<env:Fault><env:Code><env:Value>env:${this.code}</env:Value>${nest(0)}</env:Code>` +
        `<env:Reason><env:Text xml:lang="en">${escapeXml(this.reason)}</env:Text></env:Reason></env:Fault>`,
    );
  }
}

/** Core's answer to a request that failed authorization or used a bad UsernameToken. */
export function notAuthorized(reason = 'Sender not authorized'): SoapFault {
  return new SoapFault('Sender', ['NotAuthorized'], reason);
}

/** Core's answer to an operation the device does not implement. */
export function actionNotSupported(op: string): SoapFault {
  return new SoapFault('Receiver', ['ActionNotSupported'], `Optional action ${op} not implemented`);
}
