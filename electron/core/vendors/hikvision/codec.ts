/**
 * Decoders for the read-only ISAPI replies (hikvision.md §10, §12, §13). Parsing is
 * namespace-agnostic (hikvision.com, isapi.org and psialliance namespaces all occur) and goes
 * through the hardened reader shared with the ONVIF client: size cap, no DTD, no entity expansion.
 * A reply that is not what was asked for throws DEVICE_BAD_REPLY.
 */
import { normalizeMac } from '../../discovery/wsd/facts';
import {
  attr,
  badReply,
  bool,
  child,
  int,
  isNode,
  parseXml,
  text,
  type XmlNode,
} from '../onvif/xml';
import { assumedActivateSupportVersion, assumedHikExternCapabilityFields } from './assumptions';

/** `GET /SDK/activateStatus`. */
export interface HikActivateStatus {
  activated: boolean;
  /** 3 selects "V3" activation on newer firmware [S]; null when absent. */
  supportVersion: number | null;
}

/** `GET /ISAPI/System/deviceInfo`. Strings as sent; null when absent. */
export interface HikDeviceInfo {
  deviceName: string | null;
  deviceID: string | null;
  model: string | null;
  serialNumber: string | null;
  /** `aa:bb:cc:dd:ee:ff`, or null when absent or not a MAC. */
  macAddress: string | null;
  firmwareVersion: string | null;
  firmwareReleasedDate: string | null;
  /** `V5.7.14 build 231028`: version and build joined as ONVIF and SADP facts write them. */
  firmware: string | null;
  /** `IPCamera`, `NVR`, `DVR` ... */
  deviceType: string | null;
  manufacturer: string | null;
}

export interface HikLengthLimit {
  min: number;
  max: number;
}

/** The parts of `GET /ISAPI/Security/capabilities` that matter for accounts and recovery. */
export interface HikSecurityCapabilities {
  /** Security questions can be configured (set-up side of question reset). */
  securityQuestions: boolean | null;
  /** A recovery e-mail can be bound: gates the QR + e-mailed code reset (ISAPI guide §5.2). */
  securityEmail: boolean | null;
  /** The GUID (key) file can be exported while logged in. */
  guidFileExport: boolean | null;
  /** `/ISAPI/Security/illegalLoginLock` exists (5 tries / 1800 s by default). */
  illegalLoginLock: boolean | null;
  userCheck: boolean | null;
  passwordLength: HikLengthLimit | null;
  answerLength: HikLengthLimit | null;
  /** security=1 field encryption versions offered (`securityVersion@opt`). */
  securityVersions: number[];
  keyIterateNum: number | null;
  isIrreversible: boolean | null;
  /** Used to derive the security=1 key; not a secret, but never logged either. */
  salt: string | null;
  /** Digest algorithms offered (`algorithmType@opt`), e.g. MD5, SHA256. */
  digestAlgorithms: string[];
  supportUserNums: number | null;
  ipcActivatePassword: boolean | null;
}

/** `GET /ISAPI/Security/extern/capabilities`: which reset methods the login page offers. */
export interface HikExternSecurityCapabilities {
  resetWithGuidFile: boolean | null;
  resetWithSecurityQuestions: boolean | null;
  resetWithSecurityEmail: boolean | null;
  resetWithHikConnectApp: boolean | null;
  /** ≥1: the admin must set at least this many reset methods after login. */
  minResetMethods: number | null;
}

/** The root element `name` of a reply, or DEVICE_BAD_REPLY naming what came instead. */
function rootOf(body: string | Uint8Array, name: string): XmlNode {
  const tree = parseXml(body);
  const root = child(tree, name);
  if (isNode(root)) return root;
  if (root !== undefined) return {}; // `<Name/>`: present, with nothing in it
  const got = Object.keys(tree).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  throw badReply(`expected <${name}>, got <${got ?? 'nothing'}>`);
}

function str(node: unknown, name: string): string | null {
  const t = text(child(node, name));
  return t ? t : null;
}

function limit(node: unknown): HikLengthLimit | null {
  const min = Number(attr(node, 'min'));
  const max = Number(attr(node, 'max'));
  return attr(node, 'min') !== null && Number.isInteger(min) && Number.isInteger(max) && min <= max
    ? { min, max }
    : null;
}

function list(value: string | null): string[] {
  return (value ?? '').split(/[,\s]+/).filter(Boolean);
}

/** `<ActivateStatus><Activated>true|false</Activated></ActivateStatus>`. */
export function decodeActivateStatus(body: string | Uint8Array): HikActivateStatus {
  const root = rootOf(body, 'ActivateStatus');
  const activated = bool(child(root, 'Activated'));
  if (activated === null) throw badReply('ActivateStatus without a true/false Activated');
  return { activated, supportVersion: assumedActivateSupportVersion(str(root, 'supportVersion')) };
}

/** `<DeviceInfo>`; every field optional, as firmware varies. */
export function decodeDeviceInfo(body: string | Uint8Array): HikDeviceInfo {
  const root = rootOf(body, 'DeviceInfo');
  const version = str(root, 'firmwareVersion');
  const build = str(root, 'firmwareReleasedDate');
  const mac = str(root, 'macAddress');
  return {
    deviceName: str(root, 'deviceName'),
    deviceID: str(root, 'deviceID'),
    model: str(root, 'model'),
    serialNumber: str(root, 'serialNumber'),
    macAddress: mac ? normalizeMac(mac) : null,
    firmwareVersion: version,
    firmwareReleasedDate: build,
    firmware: version ? (build ? `${version} ${build}` : version) : null,
    deviceType: str(root, 'deviceType'),
    manufacturer: str(root, 'manufacturer'),
  };
}

/** `<SecurityCap>`, alone or as `DeviceCap/SecurityCap` from /ISAPI/System/capabilities. */
export function decodeSecurityCapabilities(body: string | Uint8Array): HikSecurityCapabilities {
  const tree = parseXml(body);
  const root = child(tree, 'SecurityCap') ?? child(child(tree, 'DeviceCap'), 'SecurityCap');
  if (!isNode(root)) throw badReply('expected <SecurityCap>');
  const limits = child(root, 'SecurityLimits');
  const salt = str(root, 'salt');
  return {
    securityQuestions: bool(child(root, 'isSupportSecurityQuestionConfig')),
    securityEmail: bool(child(root, 'isSupportSecurityEmail')),
    guidFileExport: bool(child(root, 'isSupportGUIDFileDataExport')),
    illegalLoginLock: bool(child(root, 'issupIllegalLoginLock')),
    userCheck: bool(child(root, 'isSupportUserCheck')),
    passwordLength: limit(child(limits, 'LoginPasswordLenLimit')),
    answerLength: limit(child(limits, 'SecurityAnswerLenLimit')),
    securityVersions: list(attr(child(root, 'securityVersion'), 'opt'))
      .filter((v) => /^\d{1,3}$/.test(v))
      .map(Number),
    keyIterateNum: int(child(root, 'keyIterateNum')),
    isIrreversible: bool(child(root, 'isIrreversible')),
    salt: salt && /^[0-9A-Fa-f]{16,128}$/.test(salt) ? salt : null,
    digestAlgorithms: list(
      attr(
        child(child(child(root, 'WebCertificateCap'), 'SecurityAlgorithm'), 'algorithmType'),
        'opt',
      ),
    ),
    supportUserNums: int(child(root, 'supportUserNums')),
    ipcActivatePassword: bool(child(root, 'supportIpcActivatePassword')),
  };
}

/** Depth-first search for the first element `name` (bounded by the parser's nesting limit). */
function find(node: unknown, name: string): unknown {
  if (!isNode(node)) return undefined;
  if (Object.hasOwn(node, name)) return child(node, name);
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key === '#text') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      const hit = find(item, name);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

/** The extern (pre-login) reset capabilities; element placement is an assumption. */
export function decodeExternSecurityCapabilities(
  body: string | Uint8Array,
): HikExternSecurityCapabilities {
  const tree = parseXml(body);
  if (isNode(child(tree, 'ResponseStatus'))) throw badReply('ResponseStatus, not capabilities');
  const f = assumedHikExternCapabilityFields();
  return {
    resetWithGuidFile: bool(find(tree, f.resetWithGuidFile)),
    resetWithSecurityQuestions: bool(find(tree, f.resetWithSecurityQuestions)),
    resetWithSecurityEmail: bool(find(tree, f.resetWithSecurityEmail)),
    resetWithHikConnectApp: bool(find(tree, f.resetWithHikConnectApp)),
    minResetMethods: int(find(tree, f.minResetMethods)),
  };
}
