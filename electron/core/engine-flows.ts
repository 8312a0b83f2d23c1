/**
 * The account and flow half of the engine: builds the vault, the audit log, the lockout guard
 * and the flow manager over `<dataDir>`, and implements the account and flow verbs on them.
 */
import path from 'node:path';
import type { CustodianApi } from '../shared/contract';
import type { Device, RecoveryAudit } from '../shared/dto';
import { accountVerbs } from './engine-accounts';
import { moveDeviceRecords } from './engine-merge';
import type { ContractEvents } from './events';
import { startActivation } from './flows/activate-flow';
import type { FlowDeps } from './flows/flow-deps';
import { FlowManager } from './flows/flow-manager';
import { FlowStore } from './flows/flow-store';
import { LockoutGuard } from './flows/lockout-guard';
import { startRecovery, submitRecovery } from './flows/recover-flow';
import { runSetupRecovery } from './flows/setup-recovery-flow';
import { AuditLog } from './store/audit-log';
import { Vault, vaultPath, type VaultKeySource } from './store/vault';
import { driverLookup, type DriverRegistry } from './vendors/registry';

export type FlowVerbs = Pick<
  CustodianApi,
  | 'device:capabilities'
  | 'device:login'
  | 'device:forget'
  | 'device:changePassword'
  | 'flow:activate'
  | 'flow:setupRecovery'
  | 'flow:recover'
  | 'flow:submit'
  | 'flow:cancel'
  | 'flow:get'
  | 'flows:list'
>;

export interface FlowEngineOptions {
  dataDir: string;
  drivers: DriverRegistry;
  vaultKey: VaultKeySource | undefined;
  events: ContractEvents;
  device(id: string): Device | undefined;
  markActive(id: string): void;
  /** Replaces a device's recovery audit on its inventory row and announces the change. */
  setRecovery(id: string, recovery: RecoveryAudit): void;
  now?: () => Date;
}

export interface FlowEngine {
  verbs: FlowVerbs;
  /** Proves the vault key now (VAULT_LOCKED on a wrong passphrase) rather than at first use. */
  unlockVault(): Promise<void>;
  /** Two inventory rows proved to be one device: its records move from `from` to `to`. */
  deviceMerged(from: string, to: string): Promise<void>;
  close(): Promise<void>;
}

export function createFlowEngine(o: FlowEngineOptions): FlowEngine {
  const now = o.now ?? (() => new Date());
  const guard = new LockoutGuard(now);
  const vault = new Vault(vaultPath(o.dataDir), o.vaultKey);
  const flows = new FlowManager({
    store: new FlowStore(o.dataDir),
    guard,
    now,
    emit: (view) => o.events.emit('flow:changed', view),
  });
  const deps: FlowDeps = {
    flows,
    device: o.device,
    driver: driverLookup(o.drivers),
    vault,
    guard,
    audit: new AuditLog(path.resolve(o.dataDir), { now }),
    now,
    markActive: o.markActive,
    setRecovery: o.setRecovery,
  };
  // Every flow verb waits for the stored flows, so none can act on a half-loaded state.
  const ready = async <T>(run: () => T | Promise<T>): Promise<T> => {
    await flows.ready;
    return run();
  };
  return {
    verbs: {
      ...accountVerbs(deps),
      'flow:activate': (input) => ready(() => startActivation(deps, input)),
      'flow:setupRecovery': (input) => ready(() => runSetupRecovery(deps, input)),
      'flow:recover': ({ deviceId, method }) => ready(() => startRecovery(deps, deviceId, method)),
      'flow:submit': (input) => ready(() => submitRecovery(deps, input)),
      'flow:cancel': ({ flowId }) => ready(() => flows.cancel(flowId)),
      'flow:get': ({ flowId }) => ready(() => flows.view(flows.get(flowId))),
      'flows:list': () => ready(() => flows.list()),
    },
    unlockVault: () => vault.unlock(),
    deviceMerged: (from, to) => moveDeviceRecords({ vault, guard }, from, to),
    async close() {
      await flows.ready.catch(() => undefined);
      await flows.close();
    },
  };
}
