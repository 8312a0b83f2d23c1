/**
 * The API contract, written once: every verb with its input schema and result type, and every
 * event with its payload type. The engine implements it; Electron IPC and the WebSocket host carry
 * it; the preload and the renderer's bridge are typed from it. Channel names are `domain:verb`.
 */
import type { Diagnostics } from './diagnostics';
import type { DeviceCapabilities, FlowView } from './flows';
import type { AppInfo, Device, NetInterface, RangeProgress, ScanProgress } from './dto';
import {
  array,
  bool,
  int,
  literal,
  none,
  object,
  optional,
  str,
  type Infer,
  type Schema,
} from './schema';

const deviceId = str({ min: 1, max: 200 });
const flowId = str({ min: 1, max: 64 });
/** Device passwords: printable, bounded (the policy check says more, with reasons). */
const password = str({ min: 1, max: 64 });
const username = str({ min: 1, max: 32 });
const email = str({ min: 3, max: 254, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/ });
const answer = object({ id: int({ min: 0, max: 1000 }), answer: str({ min: 1, max: 128 }) });
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/**
 * The most addresses one manual-add range may expand to (a /22, or four /24 subnets), so a typo
 * such as `/16` does not turn a manual add into a sweep of somebody's network.
 */
export const MAX_RANGE_ADDRESSES = 1024;
/** The characters a range may hold; expandRange() judges the rest. */
const RANGE = /^\s*[\d.]+\s*(?:-\s*[\d.]+|\/\d{1,2})?\s*$/;
/** An interface name (`eth0`, `Wi-Fi`) or an IPv4 address. */
const interfaceRef = str({ min: 1, max: 64 });

export const VERB_INPUTS = {
  'app:info': none(),
  'net:interfaces': none(),
  'discovery:start': object({
    interfaces: optional(array(interfaceRef, { max: 64 })),
    durationMs: optional(int({ min: 500, max: 60_000 })),
    /** Keep sweeping until `discovery:stop`, tracking which devices are online. */
    watch: optional(bool()),
    /** Watch only: pause between sweeps (default WATCH_INTERVAL_MS in the engine). */
    intervalMs: optional(int({ min: 1_000, max: 600_000 })),
  }),
  'discovery:stop': none(),
  'discovery:status': none(),
  'devices:list': none(),
  'device:get': object({ id: deviceId }),
  'discovery:diagnostics': none(),
  /** Probe one typed-in IPv4 address by unicast (for devices multicast cannot reach). */
  'device:addManual': object({ address: str({ min: 7, max: 15, pattern: IPV4 }) }),
  /**
   * Probes every address of a range by unicast: `a.b.c.d`, `a.b.c.d-e.f.g.h`, `a.b.c.d-h` or a
   * CIDR block, at most 1,024 addresses (the engine expands and bounds it). One range at a time;
   * progress on `device:rangeProgress`; `device:cancelRange` ends it early.
   */
  'device:addRange': object({ range: str({ min: 7, max: 40, pattern: RANGE }) }),
  'device:cancelRange': none(),
  'device:capabilities': object({ id: deviceId }),
  /**
   * Checks credentials once and keeps them in the vault when they work. Refused without
   * `confirmLastAttempt` when the device says one try is left.
   */
  'device:login': object({
    id: deviceId,
    username,
    password,
    confirmLastAttempt: optional(bool()),
  }),
  'device:forget': object({ id: deviceId }),
  /**
   * Changes the stored account's password on the device: the vault's password is the current
   * one, the new one is checked against the device's policy first and stored only once the device
   * accepted it. Refused without `confirmLastAttempt` when the device says one try is left.
   */
  'device:changePassword': object({
    id: deviceId,
    newPassword: password,
    confirmLastAttempt: optional(bool()),
  }),
  /** Activates factory-fresh devices with one password (a batch stops a device at its first failure). */
  'flow:activate': object({
    deviceIds: array(deviceId, { max: 256 }),
    password,
    email: optional(email),
  }),
  'flow:setupRecovery': object({
    deviceId,
    email: optional(email),
    questions: optional(array(answer, { max: 5 })),
    exportKey: optional(bool()),
  }),
  'flow:recover': object({ deviceId, method: literal('questions', 'qr', 'keyFile', 'support') }),
  'flow:submit': object({
    flowId,
    answers: optional(array(answer, { max: 5 })),
    code: optional(str({ min: 1, max: 64 })),
    keyFileBase64: optional(str({ min: 4, max: 48_000 })),
    newPassword: optional(password),
    confirmLastAttempt: optional(bool()),
  }),
  'flow:cancel': object({ flowId }),
  'flow:get': object({ flowId }),
  'flows:list': none(),
} satisfies Record<string, Schema<unknown>>;

export type Verb = keyof typeof VERB_INPUTS;
export type VerbInput<V extends Verb> = Infer<(typeof VERB_INPUTS)[V]>;

/** What a range probe found: the devices that answered, and whether it ran to the end. */
export interface RangeResult {
  rangeId: string;
  total: number;
  probed: number;
  answered: number;
  cancelled: boolean;
  devices: Device[];
}

export interface VerbResults {
  'app:info': AppInfo;
  'net:interfaces': NetInterface[];
  'discovery:start': { scanId: string };
  'discovery:stop': { stopped: boolean };
  'discovery:status': ScanProgress | null;
  'devices:list': Device[];
  'device:get': Device;
  'discovery:diagnostics': Diagnostics;
  /** The device found at the address, or null when nothing answered there. */
  'device:addManual': Device | null;
  'device:addRange': RangeResult;
  'device:cancelRange': { cancelled: boolean };
  'device:capabilities': DeviceCapabilities;
  'device:login': { ok: true };
  'device:forget': { forgotten: boolean };
  'device:changePassword': { ok: true };
  'flow:activate': FlowView;
  'flow:setupRecovery': FlowView;
  'flow:recover': FlowView;
  'flow:submit': FlowView;
  'flow:cancel': FlowView;
  'flow:get': FlowView;
  'flows:list': FlowView[];
}
export type VerbResult<V extends Verb> = VerbResults[V];

export interface EventPayloads {
  'discovery:progress': ScanProgress;
  'devices:changed':
    | { change: 'added' | 'updated'; device: Device }
    /** Two rows proved to be one device: this one is gone, folded into the row `mergedInto`. */
    | { change: 'removed'; device: Device; mergedInto?: string };
  'flow:changed': FlowView;
  'device:rangeProgress': RangeProgress;
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: readonly EventName[] = [
  'discovery:progress',
  'devices:changed',
  'flow:changed',
  'device:rangeProgress',
];

export const VERBS = Object.keys(VERB_INPUTS) as Verb[];

export function isVerb(value: unknown): value is Verb {
  return typeof value === 'string' && Object.hasOwn(VERB_INPUTS, value);
}

/** Largest request either transport accepts, in bytes of JSON. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** The API as the engine implements it and as the renderer sees it (async everywhere). */
export type CustodianApi = {
  [V in Verb]: (input: VerbInput<V>) => Promise<VerbResult<V>>;
};

export type EventListener<E extends EventName> = (payload: EventPayloads[E]) => void;

/** Something that emits contract events (the engine, or a transport's client side). */
export interface EventSource {
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}

/** What a transport returns for one call: never a thrown error across the boundary. */
export type Envelope<T> =
  { ok: true; value: T } | { ok: false; error: import('./errors').ApiErrorPayload };
