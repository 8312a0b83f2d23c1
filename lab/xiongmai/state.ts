/**
 * A running XM device: its identity, the address it currently answers on, its network settings
 * as NetCommon reports them, and its account. The runtime's sockets read from it; the NETIP and
 * search handlers change it.
 */
import type { FamilyContext } from '../families/types';
import { assumedHostName } from './assumptions';
import { XmAccount } from './account';
import type { XmLabDevice } from './device';

export class XmDeviceState {
  readonly account: XmAccount;
  /** Where the device answers; an IP set (1532) inside 127.0.0.0/8 moves it. */
  ip: string;
  /** Loopback is a /8 and the client's interface is its only "gateway". */
  submask = '255.0.0.0';
  gateway = '127.0.0.1';
  hostName: string;
  /** SetLanguage (1650) picks the language questions come back in; the lab has English only. */
  language = 'English';
  private nextSession = 1;

  constructor(
    readonly device: XmLabDevice,
    readonly ctx: FamilyContext,
  ) {
    this.ip = device.ip;
    this.hostName = assumedHostName(device.kind, device.mac);
    this.account = new XmAccount(device, ctx);
  }

  get id(): string {
    return this.device.id;
  }

  /** A new session id for a successful login; ids count up like the captured replies. */
  newSession(): number {
    const s = this.nextSession;
    this.nextSession = (this.nextSession % 0x7fffffff) + 1;
    return s;
  }
}
