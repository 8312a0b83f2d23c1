/**
 * What follows an inventory merge in the engine: two rows proved to be one device, so whatever the
 * engine keeps under the absorbed row's id (stored credentials, what the lockout guard knows of
 * its tries) moves to the survivor, and verbs that still name the old id (a panel opened before
 * the merge, a flow started on it) act on the survivor.
 */
import type { FlowVerbs } from './engine-flows';
import type { AttemptCounter, LockoutGuard } from './flows/lockout-guard';
import type { Vault } from './store/vault';

const COUNTERS: readonly AttemptCounter[] = ['login', 'recovery'];

/**
 * Moves the absorbed id's records to the survivor. The survivor's own credentials win (both were
 * proven on the same device; its row is the one the person sees); the absorbed copy is then
 * dropped, so no secret stays under an id that no row carries. Never throws: a locked vault keeps
 * its records where they are.
 */
export async function moveDeviceRecords(
  deps: { vault: Vault; guard: LockoutGuard },
  from: string,
  to: string,
): Promise<void> {
  for (const counter of COUNTERS) {
    const theirs = deps.guard.knowledge(from, counter);
    const ours = deps.guard.knowledge(to, counter);
    const known = (k: typeof ours) => k.attemptsLeft !== null || k.lockedUntil !== null;
    if (known(theirs) && !known(ours)) deps.guard.observe(to, theirs, counter);
    deps.guard.reset(from, counter);
  }
  if (!deps.vault.configured) return;
  try {
    if (!(await deps.vault.has(from))) return;
    if (!(await deps.vault.has(to))) {
      const credentials = await deps.vault.get(from);
      if (credentials) await deps.vault.set(to, credentials);
    }
    await deps.vault.delete(from);
  } catch {
    // VAULT_LOCKED or unavailable: the record stays under the old id, which verbs still resolve.
  }
}

/** The flow and account verbs with every device id in their input resolved through merges. */
export function withResolvedIds(verbs: FlowVerbs, resolve: (id: string) => string): FlowVerbs {
  const fix = <T>(input: T): T => {
    if (typeof input !== 'object' || input === null) return input; // verbs without input
    const i = input as T & Partial<{ id: string; deviceId: string; deviceIds: string[] }>;
    return {
      ...input,
      ...(typeof i.id === 'string' ? { id: resolve(i.id) } : {}),
      ...(typeof i.deviceId === 'string' ? { deviceId: resolve(i.deviceId) } : {}),
      ...(Array.isArray(i.deviceIds) ? { deviceIds: i.deviceIds.map(resolve) } : {}),
    };
  };
  const out = {} as Record<string, unknown>;
  for (const [verb, run] of Object.entries(verbs) as [string, (input: unknown) => unknown][]) {
    out[verb] = (input: unknown) => run(fix(input));
  }
  return out as FlowVerbs;
}
