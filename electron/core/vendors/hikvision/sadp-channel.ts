/**
 * SADP commands to one device (hikvision.md §4, §4.1): a `<Probe>` addressed by `<MAC>`,
 * multicast to 239.255.255.250:37020 from a socket bound to the interface that saw the device,
 * and the `<ProbeMatch>` reply echoing our Uuid, taken from our ephemeral port (where the device
 * answers, §1). Each command is sent once: a command that carries a password or a code is an
 * attempt, and re-sending it could be counted twice by the device.
 */
import { randomUUID } from 'node:crypto';
import type { NetInterface } from '../../../shared/dto';
import { CustodianError } from '../../../shared/errors';
import { decodeSadpMessage, encodeInquiry, type SadpMatch } from '../../discovery/sadp/codec';
import { SADP_MULTICAST_ADDRESS, SADP_PORT } from '../../discovery/sadp/constants';
import { normalizeMac } from '../../discovery/wsd/facts';
import { openUdpSocket, type UdpDatagram, type UdpOpener } from '../../net/udp';
import { child, isNode, parseXml, text, type XmlNode } from '../onvif/xml';

/** SADP replies come within a second on a LAN; a busy NVR gets some slack. */
export const SADP_REPLY_TIMEOUT_MS = 3_000;

export interface SadpChannelOptions {
  iface: NetInterface;
  /** The device's MAC, any spelling. */
  mac: string;
  open?: UdpOpener;
  timeoutMs?: number;
  /** Every datagram sent, for diagnostics and tests (never logged: it may hold a password). */
  onSend?: (xml: string) => void;
}

/** One element of a command: a text field (escaped here) or raw XML built by the caller. */
export type SadpField = readonly [name: string, value: string] | { raw: string };

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The command Probe of the sadp.dll templates (§4): Uuid, MAC, Types, then the fields. */
export function encodeSadpCommand(
  uuid: string,
  mac: string,
  types: string,
  fields: readonly SadpField[],
): string {
  const body = fields.map((f) => ('raw' in f ? f.raw : `<${f[0]}>${esc(f[1])}</${f[0]}>`)).join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<Probe><Uuid>${uuid}</Uuid><MAC>${mac}</MAC><Types>${types}</Types>${body}</Probe>`
  );
}

/** A SADP conversation with one device over one socket; close it when done. */
export class SadpChannel {
  readonly #opts: SadpChannelOptions;
  readonly #mac: string;
  readonly #dashed: string;
  #waiters: ((d: UdpDatagram) => boolean)[] = [];
  #socket: Awaited<ReturnType<UdpOpener>> | null = null;

  constructor(opts: SadpChannelOptions) {
    const mac = normalizeMac(opts.mac);
    if (!mac) throw new CustodianError('INVALID_INPUT', 'SADP needs the device MAC');
    this.#opts = opts;
    this.#mac = mac;
    this.#dashed = mac.replace(/:/g, '-');
  }

  async #open() {
    this.#socket ??= await (this.#opts.open ?? openUdpSocket)({
      iface: this.#opts.iface,
      onMessage: (d) => {
        this.#waiters = this.#waiters.filter((w) => !w(d));
      },
      onWarning: () => undefined,
    });
    if (!this.#socket.ok) throw new CustodianError('DEVICE_UNREACHABLE', this.#socket.error);
    return this.#socket.socket;
  }

  /** Sends `data` once and resolves with the first datagram `accept` takes, or TIMEOUT. */
  async #exchange<T>(data: string, accept: (d: UdpDatagram) => T | null): Promise<T> {
    const socket = await this.#open();
    const timeoutMs = this.#opts.timeoutMs ?? SADP_REPLY_TIMEOUT_MS;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new CustodianError('TIMEOUT', `SADP reply from ${this.#dashed}`));
      }, timeoutMs);
      const waiter = (d: UdpDatagram): boolean => {
        const hit = accept(d);
        if (hit === null) return false;
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      this.#waiters.push(waiter);
      this.#opts.onSend?.(data);
      void socket.send(Buffer.from(data, 'utf8'), SADP_PORT, SADP_MULTICAST_ADDRESS).then((r) => {
        if (r.ok) return;
        clearTimeout(timer);
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new CustodianError('DEVICE_UNREACHABLE', r.error));
      });
    });
  }

  /** Runs one verb; resolves with the reply `<ProbeMatch>` (its `Result` is the caller's to read). */
  command(types: string, fields: readonly SadpField[] = []): Promise<XmlNode> {
    const uuid = randomUUID().toUpperCase();
    const xml = encodeSadpCommand(uuid, this.#dashed, types, fields);
    return this.#exchange(xml, (d) => {
      let root: unknown;
      try {
        root = child(parseXml(d.data, 16 * 1024), 'ProbeMatch');
      } catch {
        return null;
      }
      if (!isNode(root) || text(child(root, 'Uuid'))?.toUpperCase() !== uuid) return null;
      const mac = text(child(root, 'MAC'));
      if (mac && normalizeMac(mac) !== this.#mac) return null;
      // Firmware answers `activate ` with a trailing space (§4.1).
      return text(child(root, 'Types'))?.toLowerCase() === types.toLowerCase() ? root : null;
    });
  }

  /** A MAC-targeted inquiry; only this device's ProbeMatch is taken (others may answer too). */
  inquiry(): Promise<SadpMatch> {
    const xml = encodeInquiry({ uuid: randomUUID().toUpperCase(), mac: this.#dashed }).toString(
      'utf8',
    );
    return this.#exchange(xml, (d) => {
      const msg = decodeSadpMessage(d.data);
      return msg.kind === 'probeMatch' && msg.match.mac === this.#mac ? msg.match : null;
    });
  }

  async close(): Promise<void> {
    const s = this.#socket;
    this.#socket = null;
    this.#waiters = [];
    if (s?.ok) await s.socket.close();
  }
}

/** The reply's `Result`, as sent. */
export function sadpResult(reply: XmlNode): string | null {
  return text(child(reply, 'Result'));
}
