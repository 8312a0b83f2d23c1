/**
 * IP set (msg 1532, xiongmai.md §6.2): a broadcast carrying the target's `DvrMac`, the admin
 * Sofia hash and the new HostIP/Submask/GateWay in XM hex. The lab only ever moves a device
 * inside 127.0.0.0/8; any other address is refused with 208.
 */
import { isLoopbackV4 } from '../fleet/addressing';
import { assumedIpSetCountsAsLoginFailure, assumedUnknownUserRet } from './assumptions';
import { RET } from './constants';
import { xmHexToIp } from './sofia';
import type { XmDeviceState } from './state';

export interface IpSetOutcome {
  ret: number;
  /** Set when the device must now answer on another address. */
  moveTo?: string;
  /** Why it was refused, for the lab's warnings (never echoes the password). */
  warning?: string;
}

/** True when the request names this device (MAC compared without regard to case). */
export function ipSetTargets(s: XmDeviceState, body: Record<string, unknown>): boolean {
  return typeof body.DvrMac === 'string' && body.DvrMac.toLowerCase() === s.device.mac;
}

/** Checks the credentials, validates the addresses, and applies mask and gateway. */
export function applyIpSet(s: XmDeviceState, body: Record<string, unknown>): IpSetOutcome {
  const user = body.Username ?? body.UserName;
  if (user !== 'admin') return { ret: assumedUnknownUserRet() };
  const hash = typeof body.Password === 'string' ? body.Password : '';
  const ret = assumedIpSetCountsAsLoginFailure()
    ? s.account.attempt(hash)
    : hash === s.account.passwordHash
      ? RET.ok
      : RET.wrongPassword;
  if (ret !== RET.ok) return { ret };
  const ip = xmHexToIp(body.HostIP);
  const mask = xmHexToIp(body.Submask);
  const gateway = xmHexToIp(body.GateWay);
  if (!ip || !mask || !gateway) return { ret: RET.illegalInput };
  if (!isLoopbackV4(ip) || ip === '127.0.0.1' || ip.endsWith('.255') || ip.endsWith('.0')) {
    return { ret: RET.illegalInput, warning: `${s.id}: IP set to ${ip} refused, loopback only` };
  }
  s.submask = mask;
  s.gateway = gateway;
  if (typeof body.HostName === 'string' && body.HostName !== '') s.hostName = body.HostName;
  return ip === s.ip ? { ret: RET.ok } : { ret: RET.ok, moveTo: ip };
}
