/**
 * SADP documents (hikvision.md §2-§4): parsing a `<Probe>` and building `<ProbeMatch>`, `<Hello>`
 * and command replies. The ProbeMatch carries exactly the elements of the V5.5.6 capture (§3.1 B),
 * in its order, including the firmware typo `flase`, so clients are tested against the real shape.
 */
import type { HikDeviceState } from './device-state';
import { attr, esc, list, parseXml, text } from './xml';

/** A parsed Probe: every flat child's text, plus what needs more than text. */
export interface SadpProbe {
  uuid: string;
  types: string;
  /** Target MAC in lower-case dash form, when the Probe carries one. */
  mac: string | undefined;
  fields: Record<string, string | undefined>;
  /** `<Password bSalt="true">` (§6.1.2). */
  salted: boolean;
  questions: { id: number; answer: string }[];
}

const FLAT = [
  'Password',
  'Code',
  'GUID',
  'MailBox',
  'SyncIPCPassword',
  'IPv4Address',
  'IPv4SubnetMask',
  'IPv4Gateway',
  'IPv6Address',
  'IPv6Gateway',
  'IPv6MaskLen',
  'DHCP',
  'HttpPort',
  'CommandPort',
] as const;

/** Reads a datagram as a Probe; null for anything else (the device stays silent). */
export function parseProbe(datagram: Buffer): SadpProbe | null {
  const doc = parseXml(datagram.toString('utf8'));
  if (!doc || doc.root !== 'Probe') return null;
  // Like the device responder: a Probe with a Uuid is answered, whatever else it carries (§2).
  const uuid = text(doc.node, 'Uuid');
  const types = text(doc.node, 'Types');
  if (!uuid || !types) return null;
  const fields: Record<string, string | undefined> = {};
  for (const f of FLAT) fields[f] = text(doc.node, f);
  const questions = list(doc.node, 'QuestionList', 'Question').map((q) => ({
    id: Number(text(q, 'ID') ?? NaN),
    answer: text(q, 'Answer') ?? '',
  }));
  return {
    uuid,
    types,
    mac: text(doc.node, 'MAC')?.toLowerCase().replace(/:/g, '-'),
    fields,
    salted: attr(doc.node, 'Password', 'bSalt') === 'true',
    questions,
  };
}

/** The device MAC as SADP writes it: lower-case, dash-separated (§3.2). */
export function sadpMac(mac: string): string {
  return mac.toLowerCase().replace(/:/g, '-');
}

/** `YYYY-MM-DD hh:mm:ss` (device clock; the lab's devices run on UTC). */
export function sadpTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** [I] DeviceType is an opaque model-class code; cameras reuse the capture's, recorders the lab's. */
function deviceType(s: HikDeviceState): number {
  return s.device.kind === 'recorder' ? 209430 : 142378;
}

/** `V5.7.14 build 231028` as SADP prints it: no space before "build" (§3.2). */
function softwareVersion(firmware: string): string {
  return firmware.replace(/\s+build/i, 'build');
}

function bool(v: boolean): string {
  return v ? 'true' : 'false';
}

/** The device fields shared by ProbeMatch and Hello, in capture order (§3.1 B). */
export function deviceFields(s: HikDeviceState): string {
  const d = s.device;
  const build = /build\s*(\d{6})/i.exec(d.firmware)?.[1] ?? '180326';
  const cameras = d.nvr?.cameras ?? 1;
  const lock = s.sadpLockView().locked || s.httpLockView().locked;
  const rows: [string, string | number][] = [
    ['DeviceType', deviceType(s)],
    ['DeviceDescription', d.model],
    ['DeviceSN', d.serial],
    ['CommandPort', d.ports.command],
    ['HttpPort', d.ports.http],
    ['MAC', sadpMac(d.mac)],
    ['IPv4Address', d.ip],
    ['IPv4SubnetMask', s.net.mask],
    ['IPv4Gateway', s.net.gateway],
    ['IPv6Address', s.net.ipv6],
    ['IPv6Gateway', s.net.ipv6Gateway],
    ['IPv6MaskLen', 64],
    ['DHCP', bool(s.net.dhcp)],
    ['AnalogChannelNum', 0],
    ['DigitalChannelNum', cameras],
    ['SoftwareVersion', softwareVersion(d.firmware)],
    ['DSPVersion', `V7.3 build ${build}`],
    ['BootTime', sadpTime(s.bootTime)],
    ['Encrypt', 'true'],
    ['ResetAbility', 'false'],
    ['DiskNumber', d.kind === 'recorder' ? 1 : 0],
    ['Activated', bool(s.activated)],
    ['PasswordResetAbility', 'true'],
    ['PasswordResetModeSecond', 'true'],
    ['SupportSecurityQuestion', 'true'],
    ['SupportHCPlatform', 'true'],
    // Real V5.5.6 firmware spells false this way; clients must cope.
    ['HCPlatformEnable', 'flase'],
    ['IsModifyVerificationCode', 'false'],
    ['Salt', s.salt.toLowerCase()],
    ['DeviceLock', bool(lock)],
  ];
  return rows.map(([k, v]) => `<${k}>${esc(v)}</${k}>\n`).join('');
}

const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The inquiry reply, echoing the probe's Uuid. */
export function buildProbeMatch(s: HikDeviceState, uuid: string): string {
  return `${DECL}<ProbeMatch><Uuid>${esc(uuid)}</Uuid>\n<Types>inquiry</Types>\n${deviceFields(s)}</ProbeMatch>\n`;
}

/** The unsolicited boot announcement: the same fields, no Uuid (§1). */
export function buildHello(s: HikDeviceState): string {
  return `${DECL}<Hello><Types>hello</Types>\n${deviceFields(s)}</Hello>\n`;
}

export type SadpResult = 'success' | 'failed' | 'denied';

/**
 * A command reply (§4.1): Uuid, MAC, Types, Result, then payload elements (already escaped XML).
 * `withDevice` appends every device field, as `update` replies do (§6).
 */
export function buildCommandReply(
  s: HikDeviceState,
  uuid: string,
  types: string,
  result: SadpResult,
  payload = '',
  withDevice = false,
): string {
  const mac = `<MAC>${sadpMac(s.device.mac)}</MAC>`;
  const tail = withDevice ? `\n${deviceFields(s)}` : '';
  return `${DECL}<ProbeMatch><Uuid>${esc(uuid)}</Uuid>${mac}<Types>${esc(types)}</Types><Result>${result}</Result>${payload}${tail}</ProbeMatch>\n`;
}
