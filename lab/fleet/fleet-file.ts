/**
 * The `--fleet path.json` format: `{ "name"?: string, "devices": DeviceSpec[] }`. Each device's
 * `family` picks its schema; checked with the contract's runtime schema (unknown keys refused)
 * and then for the things a schema cannot see: duplicate identities and addresses outside
 * loopback. Errors name the file and the field.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  array,
  int,
  literal,
  object,
  optional,
  str,
  type Schema,
} from '../../electron/shared/schema';
import { isLoopbackV4 } from './addressing';
import { isMac } from './identity';
import { isPresetName, presetFleet } from './presets';
import {
  dahuaPart,
  emailSchema,
  hikvisionPart,
  vendorSpecProblem,
  xiongmaiPart,
} from './vendor-schemas';
import {
  LAB_FAMILIES,
  USER_LEVELS,
  type DeviceSpec,
  type Fleet,
  type LabFamily,
  type OnvifSpecPart,
} from './spec';

const text = (max: number) => str({ min: 1, max });
const userSchema = object({
  username: text(32),
  password: str({ max: 64 }),
  level: literal(...USER_LEVELS),
});
/** Fields every family's devices have. */
const identity = {
  id: str({ min: 1, max: 64, pattern: /^[A-Za-z0-9._-]+$/ }),
  vendor: text(64),
  manufacturer: text(64),
  model: text(64),
  kind: literal('camera', 'recorder'),
  serial: text(64),
  mac: str({ max: 17, pattern: /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/ }),
  firmware: text(64),
  hardwareId: text(64),
  ip: optional(str({ max: 15, pattern: /^\d{1,3}(\.\d{1,3}){3}$/ })),
};
/** The ONVIF side of onvif and herospeed devices. */
const onvifPart = {
  ports: optional(object({ http: optional(int({ min: 0, max: 65535 })) })),
  endpoint: optional(str({ max: 64, pattern: /^urn:uuid:[0-9a-f-]{36}$/ })),
  account: object({
    state: literal('factoryDefault', 'operational'),
    users: array(userSchema, { max: 32 }),
  }),
  scopes: optional(
    array(str({ min: 1, max: 256, pattern: /^onvif:\/\/www\.onvif\.org\/\S+$/ }), { max: 32 }),
  ),
};
/** One schema per family (the `family` key itself is checked before). */
const FAMILY_SCHEMAS: {
  [F in LabFamily]: Schema<Omit<Extract<DeviceSpec, { family: F }>, 'family'>>;
} = {
  onvif: object({ ...identity, ...onvifPart }),
  herospeed: object({ ...identity, ...onvifPart, recoveryEmail: optional(nullable(emailSchema)) }),
  hikvision: object({ ...identity, ...hikvisionPart }),
  dahua: object({ ...identity, ...dahuaPart }),
  xiongmai: object({ ...identity, ...xiongmaiPart }),
};
const familySchema = literal(...LAB_FAMILIES);

/** A device: its `family` picks the schema for the rest. */
const deviceSchema: Schema<DeviceSpec> = {
  kind: 'device',
  parse(v, p = '') {
    const fam = familySchema.parse((v as { family?: unknown } | null)?.family, `${p}.family`);
    if (!fam.ok) return fam;
    const { family: _family, ...rest } = v as Record<string, unknown>;
    const r = FAMILY_SCHEMAS[fam.value].parse(rest, p);
    return r.ok ? { ok: true, value: { family: fam.value, ...r.value } as DeviceSpec } : r;
  },
};

/** `null` or the inner value (the contract schema has no nullable). */
function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    kind: `nullable ${inner.kind}`,
    parse: (v, p = '') => (v === null ? { ok: true, value: null } : inner.parse(v, p)),
  };
}
const fleetSchema = object({
  name: optional(text(64)),
  devices: array(deviceSchema, { max: 5000 }),
});

/** Thrown for a fleet file that cannot be used; the message says where and why. */
export class FleetFileError extends Error {
  override name = 'FleetFileError';
}

/** Validates parsed JSON as a fleet; `source` names it in error messages. */
export function parseFleet(json: unknown, source: string): Fleet {
  const r = fleetSchema.parse(json);
  if (!r.ok) {
    const issue = r.issues[0]!;
    throw new FleetFileError(`${source}: ${issue.path} ${issue.problem}`);
  }
  const devices = r.value.devices;
  if (devices.length === 0) throw new FleetFileError(`${source}: devices is empty`);
  const seen = new Map<string, string>();
  devices.forEach((d, i) => {
    const at = `${source}: devices[${i}]`;
    if (!isMac(d.mac)) throw new FleetFileError(`${at}.mac is not a MAC address`);
    if (d.ip !== undefined && !isLoopbackV4(d.ip))
      throw new FleetFileError(
        `${at}.ip ${d.ip} is outside 127.0.0.0/8; the lab only uses loopback`,
      );
    const keys = [`id ${d.id}`, `mac ${d.mac}`, `serial ${d.serial}`];
    const onvif = d.family === 'onvif' || d.family === 'herospeed' ? d : null;
    if (onvif?.endpoint) keys.push(`endpoint ${onvif.endpoint}`);
    if (d.ip) keys.push(`address ${d.ip}:${httpPortOf(d) ?? 'default'}`);
    for (const key of keys) {
      const prev = seen.get(key);
      if (prev) throw new FleetFileError(`${at} repeats ${key} of ${prev}`);
      seen.set(key, `devices[${i}]`);
    }
    if (onvif) checkOnvifAccount(onvif, at);
    const problem = vendorSpecProblem(d);
    if (problem) throw new FleetFileError(`${at}.${problem}`);
  });
  return { name: r.value.name ?? basename(source, '.json'), devices };
}

/** The HTTP port a spec fixes, if any (every family so far serves HTTP). */
function httpPortOf(d: DeviceSpec): number | undefined {
  const ports = d.ports as { http?: number } | undefined;
  return ports?.http;
}

/** Profile Q: unique user names, and an operational device has an admin with a password. */
function checkOnvifAccount(d: OnvifSpecPart, at: string): void {
  const names = new Set<string>();
  for (const u of d.account.users) {
    if (names.has(u.username)) throw new FleetFileError(`${at} lists user ${u.username} twice`);
    names.add(u.username);
  }
  if (
    d.account.state === 'operational' &&
    !d.account.users.some((u) => u.level === 'Administrator' && u.password)
  )
    throw new FleetFileError(`${at} is operational but has no Administrator with a password`);
}

/** Reads and validates a fleet file. */
export function loadFleetFile(path: string): Fleet {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new FleetFileError(`${path}: ${(err as Error).message}`);
  }
  return parseFleet(json, path);
}

/** `--fleet` argument: a preset name, else a path to a fleet file. */
export function loadFleet(ref: string): Fleet {
  return isPresetName(ref) ? presetFleet(ref) : loadFleetFile(ref);
}
