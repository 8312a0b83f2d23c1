/**
 * The vendor fingerprints of manual add. Each asks one address one unauthenticated question that
 * changes nothing on the device and spends no login try: Hikvision `/SDK/activateStatus` (the
 * login page reads it before login), the first step of a Dahua login (the challenge, never a
 * hash), a TCP connect plus a unicast search to an XM device, and a unicast WS-Discovery Probe.
 */
import { randomUUID } from 'node:crypto';
import { DahuaRpcClient } from '../vendors/dahua/client';
import { HikvisionIsapiClient } from '../vendors/hikvision/client';
import { OnvifDeviceClient } from '../vendors/onvif/client';
import { XmConnection, XM_TCP_PORT } from '../vendors/xiongmai/connection';
import { askUdp } from './manual-udp';
import type { DeviceFacts } from './types';
import { decodeWsdMessage, encodeProbe, normalizeMessageId } from './wsd/codec';
import { factsFromMatch } from './wsd/facts';
import { WSD_MAX_MESSAGE_BYTES, WSD_PORT } from './wsd/namespaces';
import { factsFromXmSearch, normalizeXmMac } from './xm/facts';
import {
  XM_SEARCH_MAX_BYTES,
  XM_SEARCH_PORT,
  decodeXmSearchDatagram,
  encodeXmSearchRequest,
} from './xm/search';

/** Asks `address` one question within `timeoutMs`; null when it does not look like the family. */
export type Fingerprint = (address: string, timeoutMs: number) => Promise<DeviceFacts | null>;

export interface FingerprintOptions {
  /** The web port Hikvision ISAPI, Dahua RPC and ONVIF answer on. Default 80. */
  httpPort?: number;
  /** The XM NETIP port. Default 34567. */
  xmTcpPort?: number;
}

function origin(address: string, port: number): string {
  return port === 80 ? `http://${address}` : `http://${address}:${port}`;
}

/**
 * Hikvision: `/SDK/activateStatus` answers without auth before and after activation
 * (hikvision.md §10), so it tells the family and whether the device is factory-fresh. deviceInfo
 * is asked anonymously too, in case firmware serves it without auth; a real device answers 401,
 * and a request without credentials is no login attempt (no try is spent on a challenge).
 */
export function hikvisionFingerprint(options: FingerprintOptions = {}): Fingerprint {
  return async (address, timeoutMs) => {
    const baseUrl = origin(address, options.httpPort ?? 80);
    const client = new HikvisionIsapiClient({ baseUrl, timeoutMs });
    const status = await client.getActivateStatus().catch(() => null);
    if (!status) return null;
    const facts: DeviceFacts = {
      family: 'hikvision',
      account: status.activated ? 'active' : 'inactive',
      httpPort: options.httpPort ?? 80,
    };
    const info = await client.getDeviceInfo().catch(() => null);
    if (info) {
      if (info.model) facts.model = info.model;
      if (info.serialNumber) facts.serial = info.serialNumber;
      if (info.macAddress) facts.mac = info.macAddress;
      if (info.firmware) facts.firmware = info.firmware;
      if (info.manufacturer) facts.vendor = info.manufacturer;
    }
    return facts;
  };
}

/** Dahua: login step 1 with no password; the realm `Login to <serial>` names the device. */
export function dahuaFingerprint(options: FingerprintOptions = {}): Fingerprint {
  return async (address, timeoutMs) => {
    const baseUrl = origin(address, options.httpPort ?? 80);
    const found = await new DahuaRpcClient({ baseUrl, timeoutMs }).fingerprint().catch(() => null);
    if (!found || found.kind !== 'dahua') return null;
    const facts: DeviceFacts = { family: 'dahua', httpPort: options.httpPort ?? 80 };
    if (found.serial) facts.serial = found.serial;
    const mac = normalizeXmMac(found.mac); // the same colon/dash/bare spellings
    if (mac) facts.mac = mac;
    return facts;
  };
}

/**
 * Assumption [S] (oem-map.md §3, a single installer note): an open TCP 34567 means the Xiongmai
 * platform. Weak on its own, so the XM search facts replace it whenever the device answers.
 */
export function assumedXmFromOpenPort(port: number): DeviceFacts {
  return { family: 'xiongmai', tcpPort: port };
}

/**
 * Assumption [I]: a device answers a 1530 search sent unicast to its own address. xiongmai.md
 * §6.1 documents the search only as a broadcast, answered by a broadcast to 34569; the lab (doc
 * §13) and some firmware also answer the sender directly, which is the only reply an ephemeral
 * socket can hear. When a device stays silent, the TCP connect still names the family.
 */
export function assumedXmUnicastSearch(address: string): { address: string; port: number } {
  return { address, port: XM_SEARCH_PORT };
}

/** Xiongmai: a TCP connect to 34567 (closed at once) and a unicast 1530 search, in parallel. */
export function xiongmaiFingerprint(options: FingerprintOptions = {}): Fingerprint {
  return async (address, timeoutMs) => {
    const port = options.xmTcpPort ?? XM_TCP_PORT;
    const connect = XmConnection.open({ host: address, port, timeoutMs }).then(
      async (conn) => {
        await conn.close(); // nothing is sent: no login, no session
        return true;
      },
      () => false,
    );
    const target = assumedXmUnicastSearch(address);
    const search = askUdp({
      ...target,
      payload: encodeXmSearchRequest(),
      timeoutMs,
      maxDatagramBytes: XM_SEARCH_MAX_BYTES,
      accept: (d) => {
        const decoded = decodeXmSearchDatagram(d.data);
        return decoded.kind === 'reply' ? factsFromXmSearch(decoded.reply, d.address) : null;
      },
    });
    const [open, searched] = await Promise.all([connect, search]);
    if (searched) return { ...searched, ...(open ? { tcpPort: searched.tcpPort ?? port } : {}) };
    return open ? assumedXmFromOpenPort(port) : null;
  };
}

/**
 * A WS-Discovery Probe sent unicast to address:3702. ONVIF Core allows a directed Probe and the
 * device answers with a unicast ProbeMatches, which carries the endpoint, XAddrs and scopes.
 */
export function wsdUnicastFingerprint(
  newMessageId = () => `urn:uuid:${randomUUID()}`,
): Fingerprint {
  return async (address, timeoutMs) => {
    const messageId = newMessageId();
    const expected = normalizeMessageId(messageId);
    return askUdp({
      address,
      port: WSD_PORT,
      payload: encodeProbe({ messageId, types: ['dn:NetworkVideoTransmitter'] }),
      timeoutMs,
      maxDatagramBytes: WSD_MAX_MESSAGE_BYTES,
      accept: (d) => {
        const msg = decodeWsdMessage(d.data);
        if (msg.kind !== 'probeMatches' || msg.matches.length === 0) return null;
        if (msg.relatesTo === null || normalizeMessageId(msg.relatesTo) !== expected) return null;
        return factsFromMatch(msg.matches[0]!, d.address);
      },
    });
  };
}

/** ONVIF GetSystemDateAndTime is PRE_AUTH: any ONVIF device answers it without credentials. */
export function onvifClockFingerprint(options: FingerprintOptions = {}): Fingerprint {
  return async (address, timeoutMs) => {
    const xaddr = `${origin(address, options.httpPort ?? 80)}/onvif/device_service`;
    try {
      await new OnvifDeviceClient({ xaddr, timeoutMs }).getSystemDateAndTime();
      return { family: 'onvif', xaddrs: [xaddr] };
    } catch {
      return null; // refused, unreachable, not ONVIF: this fingerprint simply does not match
    }
  };
}

/**
 * Every fingerprint, most specific first: `probeAddress` keeps the first answer's value for each
 * fact, so a Hikvision box that also speaks ONVIF is recorded as `hikvision`, and the XAddrs the
 * device announced itself (WS-Discovery) win over the guessed `/onvif/device_service`.
 */
export function defaultFingerprints(options: FingerprintOptions = {}): Fingerprint[] {
  return [
    hikvisionFingerprint(options),
    dahuaFingerprint(options),
    xiongmaiFingerprint(options),
    wsdUnicastFingerprint(),
    onvifClockFingerprint(options),
  ];
}
