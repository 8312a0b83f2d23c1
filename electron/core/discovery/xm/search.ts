/**
 * XM LAN search on UDP 34569 (xiongmai.md §6.1): the 1530 request is a bare header; the 1531 reply
 * carries `NetWork.NetCommon`. `decodeXmSearchDatagram` classifies anything that arrives on the
 * search port and never throws, because one bad datagram must not end a scan.
 */
import {
  XM_HEADER_BYTES,
  XM_MSG,
  decodeXmHeader,
  decodeXmJson,
  encodeXmFrame,
  type XmHeader,
} from './netip';

/** UDP port of the search, for both the request and the broadcast replies. */
export const XM_SEARCH_PORT = 34569;
/** A real reply is about 600 bytes; anything past this is not a search reply. */
export const XM_SEARCH_MAX_BYTES = 8 * 1024;

/**
 * The 1530 request: header only, version 0, length 0. Byte-identical to the probe go2rtc sends
 * (`ff00000000000000000000000000fa0500000000`, doc §6.1).
 */
export function encodeXmSearchRequest(): Buffer {
  return encodeXmFrame({ messageId: XM_MSG.IPSEARCH_REQ, version: 0 });
}

/** One 1531 reply, its `NetWork.NetCommon` fields typed; absent or mistyped fields are null. */
export interface XmSearchReply {
  header: XmHeader;
  /** `Ret` (100 on success); null when the reply has none. */
  ret: number | null;
  hostName: string | null;
  /** Dotted quads, decoded from the u32 little-endian hex strings (`0x6701A8C0` = 192.168.1.103). */
  hostIp: string | null;
  submask: string | null;
  gateway: string | null;
  /** As sent (`dc:29:19:e2:74:3c`); facts normalise it. Older DVRs send none. */
  mac: string | null;
  serial: string | null;
  tcpPort: number | null;
  httpPort: number | null;
  sslPort: number | null;
  udpPort: number | null;
  channelNum: number | null;
  /** An integer in search replies (1 older IPC, 24 ICSee IPC); its table is not public. */
  deviceType: number | string | null;
  /** Firmware, `V5.00.R02.00030747.10010.349f17.0000000`. */
  version: string | null;
  buildDate: string | null;
  /** Every NetCommon field as sent, for diagnostics and later IP_SET (1532), which echoes them. */
  netCommon: Record<string, unknown>;
}

/** What a datagram on the search port turned out to be. */
export type XmSearchDatagram =
  | { kind: 'reply'; reply: XmSearchReply }
  /** A 1530 search: ours echoed back by the broadcast, or another client's. */
  | { kind: 'request' }
  /** Well-formed NETIP that is not a search reply (IP_SET 1532/1533 traffic). */
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string };

/**
 * `0x6701A8C0` -> `192.168.1.103`: the value is a u32 whose little-endian bytes are the address
 * (doc §6.1). A dotted quad is taken as is, in case firmware sends one. Else null.
 */
export function xmHexToIp(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    return text.split('.').every((o) => Number(o) <= 255) ? text : null;
  }
  const m = /^0x([0-9a-f]{1,8})$/i.exec(text);
  if (!m) return null;
  const n = Number.parseInt(m[1]!, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.');
}

/** `192.168.1.103` -> `0x6701A8C0`, the form IP_SET (1532) sends; null for a non-IPv4 string. */
export function ipToXmHex(ip: string): string | null {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    return null;
  }
  const n = (parts[0]! | (parts[1]! << 8) | (parts[2]! << 16) | (parts[3]! << 24)) >>> 0;
  return `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) ? v : null;

/** Classifies one datagram from the search port. `maxBytes` defaults to `XM_SEARCH_MAX_BYTES`. */
export function decodeXmSearchDatagram(
  data: Buffer,
  maxBytes = XM_SEARCH_MAX_BYTES,
): XmSearchDatagram {
  if (data.length > maxBytes) {
    return { kind: 'invalid', reason: `${data.length}-byte datagram over ${maxBytes}` };
  }
  const head = decodeXmHeader(data, maxBytes);
  if (!head.ok) return { kind: 'invalid', reason: head.reason };
  const { header } = head;
  if (header.messageId === XM_MSG.IPSEARCH_REQ) return { kind: 'request' };
  if (header.messageId !== XM_MSG.IPSEARCH_RSP) {
    return { kind: 'ignored', reason: `message ${header.messageId}` };
  }
  const available = data.length - XM_HEADER_BYTES;
  if (header.dataLength > available) {
    return {
      kind: 'invalid',
      reason: `truncated: ${available} of ${header.dataLength} body bytes`,
    };
  }
  // The body is bounded by the declared length; padding after it is ignored.
  const json = decodeXmJson(data.subarray(XM_HEADER_BYTES, XM_HEADER_BYTES + header.dataLength));
  if (!json.ok) return { kind: 'invalid', reason: json.reason };
  const ret = json.body.Ret === undefined ? null : int(json.body.Ret);
  if (ret !== null && ret !== 100) return { kind: 'invalid', reason: `search reply Ret ${ret}` };
  const nc = json.body['NetWork.NetCommon'];
  if (nc === null || typeof nc !== 'object' || Array.isArray(nc)) {
    return { kind: 'invalid', reason: 'no NetWork.NetCommon object' };
  }
  const netCommon = nc as Record<string, unknown>;
  const deviceType = netCommon.DeviceType;
  return {
    kind: 'reply',
    reply: {
      header,
      ret,
      hostName: str(netCommon.HostName),
      hostIp: xmHexToIp(netCommon.HostIP),
      submask: xmHexToIp(netCommon.Submask),
      gateway: xmHexToIp(netCommon.GateWay),
      mac: str(netCommon.MAC),
      serial: str(netCommon.SN),
      tcpPort: int(netCommon.TCPPort),
      httpPort: int(netCommon.HttpPort),
      sslPort: int(netCommon.SSLPort),
      udpPort: int(netCommon.UDPPort),
      channelNum: int(netCommon.ChannelNum),
      deviceType: typeof deviceType === 'string' ? deviceType : int(deviceType),
      version: str(netCommon.Version),
      buildDate: str(netCommon.BuildDate),
      netCommon,
    },
  };
}
