/**
 * The live state of one simulated ONVIF device, shared by its discovery responder and its device
 * service: account state and users (which CreateUsers/SetUser change), discovery metadata version
 * and application sequence, and the UsernameToken nonce replay cache.
 */
import type { LabUser, OnvifAccountState, OnvifLabDevice } from '../fleet/spec';
import { deviceScopes } from './scopes';
import { NonceCache } from './nonce-cache';

export class OnvifDeviceState {
  readonly device: OnvifLabDevice;
  state: OnvifAccountState;
  users: LabUser[];
  /** Bumped whenever discovery metadata (the scopes) changes, as WS-Discovery asks. */
  metadataVersion = 1;
  /** WS-Discovery AppSequence: InstanceId changes per start, MessageNumber per message sent. */
  readonly instanceId: number;
  private messageNumber = 0;
  readonly nonces = new NonceCache();
  /** Called after the account state changed (the responder re-announces with a Hello). */
  onStateChange: ((state: OnvifDeviceState) => void) | undefined;

  constructor(device: OnvifLabDevice, instanceId: number) {
    this.device = device;
    this.state = device.account.state;
    this.users = device.account.users.map((u) => ({ ...u }));
    this.instanceId = instanceId;
  }

  /** The device service URL announced in XAddrs. */
  get xaddr(): string {
    return `http://${this.device.ip}:${this.device.ports.http}/onvif/device_service`;
  }

  get scopes(): string[] {
    return deviceScopes(this.device, this.state);
  }

  nextMessageNumber(): number {
    return ++this.messageNumber;
  }

  findUser(username: string): LabUser | undefined {
    return this.users.find((u) => u.username === username);
  }

  /**
   * Profile Q: leaving factory default once an Administrator has a non-empty password. One way
   * only; going back needs SetSystemFactoryDefault, which the lab does not simulate yet.
   */
  settleAccountState(): void {
    if (this.state !== 'factoryDefault') return;
    if (!this.users.some((u) => u.level === 'Administrator' && u.password !== '')) return;
    this.state = 'operational';
    this.metadataVersion++;
    this.onStateChange?.(this);
  }
}
