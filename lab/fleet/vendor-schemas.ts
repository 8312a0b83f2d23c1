/**
 * Fleet-file schemas of the vendor families (Hikvision, Dahua, Xiongmai): the fields of each
 * runtime's device type past the shared identity, and the account rules a schema cannot state
 * (an active device has a password, a factory-fresh one has nothing bound yet).
 */
import {
  array,
  bool,
  int,
  literal,
  object,
  optional,
  str,
  type Schema,
} from '../../electron/shared/schema';
import type { DeviceSpec } from './spec';

const port = () => int({ min: 0, max: 65535 });
const secret = () => str({ max: 64 });
const text = (max: number) => str({ min: 1, max });
/** The same rule the fleet file uses for the Herospeed recovery e-mail. */
export const emailSchema = str({ min: 3, max: 254, pattern: /^[^\s@<>"]+@[^\s@<>"]+$/ });

/** A port the protocol fixes (SADP is always 37020): any other number is refused. */
function fixed<const N extends number>(n: N): Schema<N> {
  return {
    kind: `port ${n}`,
    parse: (v, p = '') =>
      v === n
        ? { ok: true, value: n }
        : { ok: false, issues: [{ path: p, problem: `must be ${n}` }] },
  };
}

const questionAnswer = object({ question: text(128), answer: text(64) });

/** Hikvision: ISAPI on `http`; SADP and the advertised SDK port are fixed (hikvision.md §1). */
export const hikvisionPart = {
  ports: optional(
    object({
      http: optional(port()),
      sadp: optional(fixed(37020)),
      command: optional(fixed(8000)),
    }),
  ),
  account: object({
    state: literal('inactive', 'active'),
    adminPassword: optional(secret()),
    email: optional(emailSchema),
    questions: optional(
      array(object({ id: int({ min: 1, max: 15 }), question: text(128), answer: text(64) }), {
        max: 3,
      }),
    ),
    guidExported: optional(bool()),
  }),
  nvr: optional(object({ cameras: int({ min: 0, max: 256 }) })),
};

/** Dahua and its OEM lines: HTTP, DHIP 37810 and the DVRIP port discovery reports. */
export const dahuaPart = {
  ports: optional(
    object({ http: optional(port()), dhip: optional(port()), tcp: optional(port()) }),
  ),
  account: object({
    initialized: bool(),
    adminPassword: optional(secret()),
    email: optional(emailSchema),
    phone: optional(str({ min: 3, max: 32, pattern: /^\+?[0-9 -]+$/ })),
    questions: optional(array(questionAnswer, { max: 6 })),
  }),
  nvr: optional(
    object({
      cameras: array(
        object({
          ip: optional(str({ max: 15, pattern: /^\d{1,3}(\.\d{1,3}){3}$/ })),
          serial: text(64),
          password: secret(),
        }),
        { max: 64 },
      ),
    }),
  ),
};

/** Xiongmai/XMEye: NETIP on `tcp`, the 34569 search, the web port the search reply names. */
export const xiongmaiPart = {
  ports: optional(
    object({ tcp: optional(port()), search: optional(port()), http: optional(port()) }),
  ),
  account: object({
    // '' is the factory state (xiongmai.md §5), so an empty password is valid here.
    adminPassword: secret(),
    questions: optional(array(questionAnswer, { max: 4 })),
    // The XM web UI caps the e-mail at 40 characters (xiongmai.md §8).
    email: optional(str({ min: 3, max: 40, pattern: /^\w+[\w\-.]*@[\w\-.]+\.\w+$/ })),
  }),
};

/** The account and recorder rules of a vendor device; returns the problem, or null when it is fine. */
export function vendorSpecProblem(d: DeviceSpec): string | null {
  switch (d.family) {
    case 'hikvision': {
      const a = d.account;
      if (a.state === 'active' && !a.adminPassword)
        return 'account is active but has no adminPassword';
      if (a.state === 'inactive' && (a.adminPassword || a.email || a.questions?.length))
        return 'account is inactive (factory-fresh) yet has a password, e-mail or questions';
      return d.nvr && d.kind !== 'recorder' ? 'nvr is only for a recorder' : null;
    }
    case 'dahua': {
      const a = d.account;
      if (a.initialized && !a.adminPassword)
        return 'account is initialized but has no adminPassword';
      if (!a.initialized && (a.adminPassword || a.email || a.phone || a.questions?.length))
        return 'account is uninitialized yet has a password, contact or questions';
      return d.nvr && d.kind !== 'recorder' ? 'nvr is only for a recorder' : null;
    }
    case 'xiongmai':
      return d.account.adminPassword === '' && (d.account.email || d.account.questions?.length)
        ? 'account has the factory-empty password yet has an e-mail or questions'
        : null;
    default:
      return null;
  }
}
