/**
 * XM-specific failures, as subclasses of the shared error so transports and the renderer still see
 * a stable code. None of them ever carries a password or its Sofia hash.
 */
import { CustodianError } from '../../../shared/errors';
import { xmRetText } from './codes';

/** The device answered a command with a `Ret` other than 100. */
export class XmRetError extends CustodianError {
  readonly ret: number;
  readonly messageId: number;

  constructor(messageId: number, ret: number) {
    // 105/202: the session is gone (expired, or the device rebooted): log in again.
    const code = ret === 105 || ret === 202 ? 'DEVICE_AUTH_REQUIRED' : 'DEVICE_BAD_REPLY';
    super(code, `XM ${messageId}: Ret ${ret} ${xmRetText(ret)}`);
    this.name = 'XmRetError';
    this.ret = ret;
    this.messageId = messageId;
  }
}

/** The byte stream or a reply body could not be read; the connection is closed after it. */
export class XmProtocolError extends CustodianError {
  constructor(reason: string) {
    super('DEVICE_BAD_REPLY', `XM: ${reason}`.slice(0, 200));
    this.name = 'XmProtocolError';
  }
}
