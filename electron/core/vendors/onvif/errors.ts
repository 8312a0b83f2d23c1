/**
 * ONVIF-specific failures, as subclasses of the shared error so transports and the renderer still
 * see a stable code.
 */
import { CustodianError } from '../../../shared/errors';

/** A SOAP Fault, as the device sent it. Values keep their prefixes (`ter:NotAuthorized`). */
export interface SoapFault {
  /** env:Code/env:Value, e.g. `env:Sender`; SOAP 1.1 `faultcode`. */
  code: string;
  /** Each nested env:Subcode/env:Value, outermost first. */
  subcodes: string[];
  /** The first env:Reason/env:Text; SOAP 1.1 `faultstring`. */
  reason: string;
}

/**
 * The device refused the credentials Custodian sent (digest answered, or a UsernameToken): one
 * login try was spent. Never retried.
 */
export class OnvifAuthFailedError extends CustodianError {
  readonly mechanism: 'digest' | 'usernameToken';

  constructor(mechanism: 'digest' | 'usernameToken', options?: { cause?: unknown }) {
    super('DEVICE_AUTH_FAILED', 'rejected', options);
    this.name = 'OnvifAuthFailedError';
    this.mechanism = mechanism;
  }
}

/** The device answered with a SOAP Fault other than an authentication refusal. */
export class OnvifFaultError extends CustodianError {
  readonly fault: SoapFault;

  constructor(fault: SoapFault) {
    const what = fault.subcodes.at(-1) ?? fault.code;
    super('DEVICE_BAD_REPLY', `SOAP fault ${what}`.slice(0, 200));
    this.name = 'OnvifFaultError';
    this.fault = fault;
  }
}

/** The local part of a QName value: `ter:NotAuthorized` -> `NotAuthorized`. */
export function localName(qname: string): string {
  return qname.slice(qname.lastIndexOf(':') + 1);
}

/**
 * ONVIF Core's "not authorised" fault (env:Sender / ter:NotAuthorized). SOAP 1.1 devices have no
 * subcodes and put it in faultcode, so the code is checked too.
 */
export function isNotAuthorizedFault(fault: SoapFault): boolean {
  return [fault.code, ...fault.subcodes].some((s) => localName(s) === 'NotAuthorized');
}
