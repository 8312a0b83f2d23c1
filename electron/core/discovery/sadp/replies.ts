/**
 * What the SADP scanner does with each datagram: decode, attribute it to a sweep interface,
 * drop repeats, and hand out sightings or warnings. Kept apart from the socket timing in
 * scanner.ts so each file has one job.
 */
import type { InterfaceScanReport, NetInterface } from '../../../shared/dto';
import type { UdpDatagram } from '../../net/udp';
import { emptyReport, safely } from '../sweep-rounds';
import type { SweepOptions } from '../types';
import { decodeSadpMessage, type SadpMessage } from './codec';
import { SADP_MAX_MESSAGE_BYTES } from './constants';
import { factsFromSadp, sameSubnet } from './facts';
import { normalizeMac } from '../wsd/facts';

/** One interface of a sweep: its report and the devices it has already reported. */
export interface Lane {
  iface: NetInterface;
  report: InterfaceScanReport;
  seen: Set<string>;
}

/** The reply side of one sweep, shared by every interface's socket and the group listener. */
export class SadpReplies {
  /** Inquiry Uuid (upper case) -> the lane that sent it. */
  readonly #byUuid = new Map<string, Lane>();
  readonly #lanes: Lane[] = [];
  readonly #options: SweepOptions;
  readonly #now: () => Date;

  constructor(options: SweepOptions, now: () => Date) {
    this.#options = options;
    this.#now = now;
  }

  addLane(iface: NetInterface): Lane {
    const lane: Lane = {
      iface,
      report: emptyReport(iface),
      seen: new Set(),
    };
    this.#lanes.push(lane);
    return lane;
  }

  /** Remembers which lane sent an inquiry, so a multicast answer echoing it finds its way home. */
  sent(lane: Lane, uuid: string): void {
    this.#byUuid.set(uuid.toUpperCase(), lane);
  }

  warn(lane: Lane | null, message: string, raw: Buffer | null, address: string | null): void {
    const iface = lane?.iface ?? null;
    const at = this.#now();
    safely(() => this.#options.onWarning({ protocol: 'sadp', iface, address, message, raw, at }));
  }

  /** A datagram on a lane's own socket: whatever it is, it was sent to us. */
  onUnicast(lane: Lane, d: UdpDatagram): void {
    lane.report.replies += 1;
    // Every device answers every inquiry of the sweep (rounds x destinations): recognizing a
    // repeat without the XML decode keeps the socket drained during a 1,000-device burst.
    const mac = quickSadpMac(d.data);
    if (mac !== null && lane.seen.has(mac)) return;
    this.#handle(lane, d, decode(d));
  }

  /**
   * A datagram on the shared group socket. Our own looped-back inquiries, other tools' probes
   * and command replies are normal traffic there and are dropped silently.
   */
  onGroup(d: UdpDatagram): void {
    const mac = quickSadpMac(d.data);
    if (mac !== null && this.#lanes.every((l) => l.seen.has(mac))) return;
    const msg = decode(d);
    if (msg.kind !== 'probeMatch' && msg.kind !== 'hello' && msg.kind !== 'invalid') return;
    const lane = this.#laneFor(msg, d.address);
    if (!lane) {
      const what = msg.kind === 'invalid' ? msg.reason : 'cannot tell which interface heard it';
      return this.warn(null, `${d.address}: ${what}`, d.data, d.address);
    }
    lane.report.replies += 1;
    this.#handle(lane, d, msg);
  }

  /** The echoed Uuid first; then the interface whose subnet holds the sender; then the only one. */
  #laneFor(msg: SadpMessage, address: string): Lane | null {
    const uuid = msg.kind === 'probeMatch' ? msg.match.uuid?.toUpperCase() : undefined;
    const byUuid = uuid === undefined ? undefined : this.#byUuid.get(uuid);
    if (byUuid) return byUuid;
    const bySubnet = this.#lanes.find((l) => sameSubnet(address, l.iface.address, l.iface.netmask));
    if (bySubnet) return bySubnet;
    return this.#lanes.length === 1 ? this.#lanes[0]! : null;
  }

  #handle(lane: Lane, d: UdpDatagram, msg: SadpMessage): void {
    if (msg.kind === 'invalid')
      return this.warn(lane, `${d.address}: ${msg.reason}`, d.data, d.address);
    if (msg.kind !== 'probeMatch' && msg.kind !== 'hello') return;
    const { match } = msg;
    // The same device answers every round, on every path (unicast, group, broadcast copies).
    const key = match.mac ?? `sn:${match.serial ?? ''}`;
    if (lane.seen.has(key)) return;
    lane.seen.add(key);
    const sighting = {
      protocol: 'sadp' as const,
      iface: lane.iface,
      address: d.address,
      port: d.port,
      at: this.#now(),
      facts: factsFromSadp(match, d.address),
      raw: d.data,
    };
    if (!safely(() => this.#options.onSighting(sighting))) {
      this.warn(lane, `${d.address}: sighting handler failed`, d.data, d.address);
    }
  }
}

const MAC_ELEMENT = /<MAC>\s*([^<\s]+)\s*<\/MAC>/g;

/**
 * The MAC of a message that holds exactly one `<MAC>` element, normalized as the decoder does,
 * found without parsing the XML; null when there is none, more than one, or it is not a MAC
 * (those take the full decode). Only used to recognize a device already reported.
 */
export function quickSadpMac(data: Buffer): string | null {
  const text = data.toString('latin1', 0, Math.min(data.length, SADP_MAX_MESSAGE_BYTES));
  const found = [...text.matchAll(MAC_ELEMENT)];
  return found.length === 1 ? normalizeMac(found[0]![1]!) : null;
}

function decode(d: UdpDatagram): SadpMessage {
  return decodeSadpMessage(d.data, { maxBytes: SADP_MAX_MESSAGE_BYTES });
}
