/**
 * The `NetWork.NetCommon` object and the 1531 search reply, shaped like the real XM530 reply in
 * xiongmai.md §6.1 (KostasEreksonas 1531 fixture): same keys, same types, same order, compact
 * JSON, then `\n\0` counted in the length.
 */
import { assumedLoginFacts, assumedOtherFunction, assumedSearchDeviceType } from './assumptions';
import { MSG, RET, XM_PORTS } from './constants';
import { encodeFrame, jsonPayload } from './frame';
import { ipToXmHex } from './sofia';
import type { XmDeviceState } from './state';

/** [C] Fixed values of the captured reply that the lab has no reason to vary. */
const BUILD_DATE = '2020-11-24 16:47:14';

/** The device's NetCommon as search (1531) and config get (1042) report it. */
export function netCommon(s: XmDeviceState): Record<string, unknown> {
  const d = s.device;
  return {
    BuildDate: BUILD_DATE,
    ChannelNum: assumedLoginFacts(d.kind).channels,
    DeviceType: assumedSearchDeviceType(d.kind),
    GateWay: ipToXmHex(s.gateway),
    HostIP: ipToXmHex(s.ip),
    HostName: s.hostName,
    HttpPort: d.ports.http,
    MAC: d.mac,
    MonMode: 'TCP',
    NetConnectState: 1,
    OtherFunction: assumedOtherFunction(s.ctx.now()),
    SN: d.serial,
    SSLPort: XM_PORTS.ssl,
    Submask: ipToXmHex(s.submask),
    TCPMaxConn: 10,
    TCPPort: d.ports.tcp,
    UDPPort: XM_PORTS.udp,
    UseHSDownLoad: false,
    Version: d.firmware,
  };
}

/** The whole 1531 datagram: header (version 1, session 0), compact JSON, `\n\0`. */
export function searchReply(s: XmDeviceState): Buffer {
  const body = { 'NetWork.NetCommon': netCommon(s), Ret: RET.ok, SessionID: '0x00000000' };
  return encodeFrame({ msgId: MSG.ipSearchReply }, jsonPayload(JSON.stringify(body)));
}

/** The 1533 reply to an IP set. */
export function ipSetReply(ret: number): Buffer {
  const body = { Name: '', Ret: ret, SessionID: '0x00000000' };
  return encodeFrame({ msgId: MSG.ipSetReply }, jsonPayload(JSON.stringify(body)));
}
