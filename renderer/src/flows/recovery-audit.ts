/**
 * The "Recoverable?" audit of one device, from `Device.recovery` as the engine fills it: null parts
 * are "not known", never guessed from anything else.
 */
import type { Device, RecoveryAudit } from '../contract';

export type { RecoveryAudit };

export const AUDIT_PARTS = ['emailBound', 'questionsSet', 'keyExported'] as const;
export type AuditPart = (typeof AUDIT_PARTS)[number];

export type Recoverable = 'yes' | 'no' | 'unknown';

function isTri(value: unknown): value is boolean | null | undefined {
  return value === null || value === undefined || typeof value === 'boolean';
}

/**
 * The device's audit, or null when it has none. A part that is not a boolean (an engine of another
 * version over the WebSocket host) makes the whole audit unknown rather than half-read.
 */
export function recoveryAudit(device: Device): RecoveryAudit | null {
  const r = device.recovery;
  if (!r || typeof r !== 'object' || !AUDIT_PARTS.every((k) => isTri(r[k]))) return null;
  return {
    emailBound: r.emailBound ?? null,
    questionsSet: r.questionsSet ?? null,
    keyExported: r.keyExported ?? null,
  };
}

/** Yes when at least one way back is set up, no when every part is known to be missing. */
export function recoverable(audit: RecoveryAudit | null): Recoverable {
  if (!audit) return 'unknown';
  const parts = AUDIT_PARTS.map((k) => audit[k]);
  if (parts.includes(true)) return 'yes';
  return parts.every((p) => p === false) ? 'no' : 'unknown';
}
