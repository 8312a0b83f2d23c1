/**
 * The account state presets give vendor-family devices. Factory-fresh means each family's own
 * first state: Hikvision `inactive`, Dahua uninitialized, XM admin with the empty password.
 * Devices with a password get the lab admin password, a lab mailbox and, where the row asks,
 * security questions whose answers are lab fixtures like the password (never real secrets).
 */
import { QUESTION_DELIVERY } from '../xiongmai/constants';
import { PREDEFINED_QUESTIONS } from '../dahua/questions';
import { ASSUMED_QUESTIONS } from '../hikvision/assumptions';
import type { ModelTemplate } from './models';
import {
  LAB_ADMIN_PASSWORD,
  type DahuaDeviceSpec,
  type DeviceSpec,
  type SpecIdentity,
} from './spec';

/** The answer presets give security question `n` (1-based); a lab fixture, not a secret. */
export function labSecurityAnswer(n: number): string {
  return `lab-answer-${n}`;
}

/** What a preset row decided for one device. */
export interface VendorAccountChoice {
  fresh: boolean;
  email: string | null;
  questions: boolean;
}

/** Three questions: Hikvision asks for 3 of its 15; XM has 4 slots and Dahua a list, so 3 fits all. */
function picks(texts: readonly string[], first: number): { question: string; answer: string }[] {
  return [0, 1, 2].map((i) => ({ question: texts[first + i]!, answer: labSecurityAnswer(i + 1) }));
}

/** The spec of a vendor-family device from its identity and account choice. */
export function vendorDeviceSpec(
  t: ModelTemplate,
  identity: Omit<SpecIdentity, 'ip'>,
  c: VendorAccountChoice,
): DeviceSpec {
  const email = c.email ?? undefined;
  switch (t.family) {
    case 'hikvision':
      return {
        ...identity,
        family: 'hikvision',
        account: c.fresh
          ? { state: 'inactive' }
          : {
              state: 'active',
              adminPassword: LAB_ADMIN_PASSWORD,
              email,
              questions: c.questions
                ? picks(ASSUMED_QUESTIONS, 0).map((q, i) => ({ id: i + 1, ...q }))
                : undefined,
              // A recorder's first-login wizard asks for the GUID export (hikvision.md §19).
              guidExported: t.kind === 'recorder',
            },
        ...(t.kind === 'recorder' ? { nvr: { cameras: t.nvrCameras ?? 0 } } : {}),
      };
    case 'dahua':
      return {
        ...identity,
        family: 'dahua',
        account: c.fresh
          ? { initialized: false }
          : {
              initialized: true,
              adminPassword: LAB_ADMIN_PASSWORD,
              email,
              questions: c.questions ? picks(PREDEFINED_QUESTIONS, 1) : undefined,
            },
        ...(t.kind === 'recorder' ? { nvr: { cameras: [] } } : {}),
      };
    case 'xiongmai':
      return {
        ...identity,
        family: 'xiongmai',
        // XM has no activation: '' is how every unit leaves the factory (xiongmai.md §5).
        account: c.fresh
          ? { adminPassword: '' }
          : {
              adminPassword: LAB_ADMIN_PASSWORD,
              email,
              // Slot 0 of QuestionDelivery is the "Please select" prompt, not a question.
              questions: c.questions ? picks(QUESTION_DELIVERY, 1) : undefined,
            },
      };
    default:
      throw new Error(`template ${t.key}: family ${t.family} is not a vendor family`);
  }
}

/**
 * Puts each Dahua camera on the channels of the first Dahua recorder before it in the fleet that
 * has room (`limit` cameras each), with the lab admin password the recorder stored when it added
 * it. A camera that is factory-fresh now stays on the list: it was reset after the recorder added
 * it, so a password sync reports it as not reached, as a real recorder would.
 */
export function linkDahuaRecorders(devices: DeviceSpec[], limit: (d: DeviceSpec) => number): void {
  const recorders: DahuaDeviceSpec[] = [];
  for (const d of devices) {
    if (d.family !== 'dahua') continue;
    if (d.kind === 'recorder') {
      recorders.push(d);
      continue;
    }
    const host = recorders.find((r) => r.nvr && r.nvr.cameras.length < limit(r));
    host?.nvr?.cameras.push({ serial: d.serial, password: LAB_ADMIN_PASSWORD });
  }
}
