/**
 * The "Recoverable?" audit of one device. The contract's Device does not carry it yet: this reads
 * the field proposed for it (`Device.recovery`), so the column fills in as soon as the engine sends
 * it, and says "not known" until then rather than guessing from anything else.
 */
import type { Device } from '../contract';

/** Proposed for electron/shared/dto.ts Device: null where the device did not say. */
export interface RecoveryAudit {
  emailBound: boolean | null;
  questionsSet: boolean | null;
  keyExported: boolean | null;
}

export const AUDIT_PARTS = ['emailBound', 'questionsSet', 'keyExported'] as const;
export type AuditPart = (typeof AUDIT_PARTS)[number];

export type Recoverable = 'yes' | 'no' | 'unknown';

function isTri(value: unknown): value is boolean | null | undefined {
  return value === null || value === undefined || typeof value === 'boolean';
}

/** The audit, when the device carries one in the proposed shape; otherwise null. */
export function recoveryAudit(device: Device): RecoveryAudit | null {
  const raw = (device as Device & { recovery?: unknown }).recovery;
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (!AUDIT_PARTS.every((k) => isTri(r[k]))) return null;
  return {
    emailBound: (r.emailBound as boolean | null | undefined) ?? null,
    questionsSet: (r.questionsSet as boolean | null | undefined) ?? null,
    keyExported: (r.keyExported as boolean | null | undefined) ?? null,
  };
}

/** Yes when at least one way back is set up, no when every part is known to be missing. */
export function recoverable(audit: RecoveryAudit | null): Recoverable {
  if (!audit) return 'unknown';
  const parts = AUDIT_PARTS.map((k) => audit[k]);
  if (parts.includes(true)) return 'yes';
  return parts.every((p) => p === false) ? 'no' : 'unknown';
}
