/**
 * Composition root: implements the API contract once, on top of discovery, the inventory and the
 * vendor drivers. Electron IPC and the WebSocket host are thin transports over `apiFor()`.
 */
import type { CustodianApi, EventSource } from '../shared/contract';
import type { AppInfo } from '../shared/dto';
import { CustodianError } from '../shared/errors';
import { limitConcurrency } from './concurrency';
import { Inventory } from './discovery/inventory';
import { DiscoveryService } from './discovery/service';
import type { DeviceFacts, ProtocolScanner, RawSighting } from './discovery/types';
import { ContractEvents } from './events';
import { identifyOnvifDevice, type IdentifyResult } from './identify';
import { isLoopbackAddress, listInterfaces, resolveInterfaces } from './net/interfaces';
import { diagnose } from './discovery/doctor';
import { readDefaultRoute, type DefaultRoute } from './discovery/doctor-route';
import { interfaceFor, probeAddress, type Fingerprint } from './discovery/manual';
import { defaultFingerprints } from './discovery/manual-fingerprints';
import { RangeProbes } from './discovery/manual-range-run';
import { PresenceWatch, WATCH_INTERVAL_MS } from './discovery/presence-watch';
import type { PresenceListenerOpener } from './discovery/presence-listener';
import { SWEEP_MS } from './discovery/timing';
import { defaultScanners } from './discovery/scanners';
import type { SecretProtector } from './store/secret-protector';
import { createFlowEngine } from './engine-flows';
import { withResolvedIds } from './engine-merge';
import type { VaultKeySource } from './store/vault';
import { defaultDrivers, type DriverRegistry } from './vendors/registry';

export const APP_NAME = 'Custodian';
export const APP_VERSION = '0.1.0';

/** Default sweep length: the last probe round plus the 500 ms reply window (see discovery/timing.ts). */
export const DEFAULT_SCAN_MS = SWEEP_MS;
/** How long a manual add waits for each fingerprint. */
const MANUAL_PROBE_MS = 3_000;
/** Identity reads in flight at once, so a 1,000-device sweep does not open 1,000 sockets. */
const IDENTIFY_CONCURRENCY = 16;

export interface EngineOptions {
  /** Where the inventory, vault and audit log live. */
  dataDir: string;
  /** Refuse every non-loopback interface (lab, demo, tests). */
  loopbackOnly: boolean;
  /** Interfaces discovery uses when a scan names none (names or IPv4 addresses). */
  interfaces?: string[];
  scanners?: ProtocolScanner[];
  /** Reads a device's own identity after discovery (injectable for tests). */
  identify?: (sighting: RawSighting) => Promise<IdentifyResult | null>;
  /** Unicast fingerprints for manual add (injectable for tests). */
  fingerprints?: Fingerprint[];
  /** Reads the OS default route for the doctor's VPN hint (tests inject captured answers). */
  readDefaultRoute?: (platform: string) => Promise<DefaultRoute | null>;
  /** Watch mode's Hello/Bye listener (tests pass an in-memory one). */
  presenceListener?: PresenceListenerOpener;
  /** Watch mode: missed sweeps before a device is offline (default WATCH_MISSED_SWEEPS). */
  watchMissedSweeps?: number;
  platform?: string;
  /** Encrypts secrets at rest (safeStorage in the app; a passphrase-derived key elsewhere). */
  secretProtector?: SecretProtector;
  /**
   * The vault passphrase for plain-Node runs (host, CLI), used when no `secretProtector` is given.
   * With neither, nothing can be stored and `device:login` answers VAULT_UNAVAILABLE.
   */
  vaultPassphrase?: string;
  /** Vendor drivers by family (tests inject fakes); the shipped registry by default. */
  drivers?: DriverRegistry;
  /** The clock flows use for expiry and timestamps (injectable for tests). */
  now?: () => Date;
}

export interface Engine extends EventSource {
  /** The contract as seen through one transport (app:info reports which). */
  apiFor(transport: AppInfo['transport']): CustodianApi;
  /** Proves the vault key at start-up: VAULT_LOCKED on a wrong passphrase, nothing changed. */
  unlockVault(): Promise<void>;
  close(): Promise<void>;
}

export function createEngine(options: EngineOptions): Engine {
  const events = new ContractEvents();
  const inventory = new Inventory({
    // Two rows proved to be one device: the UI drops the absorbed row (its selection follows
    // `mergedInto`) and the credentials and lock knowledge kept under its id move to the survivor.
    onRemoved: (removal) => {
      events.emit('devices:changed', removal);
      const move = accounts.deviceMerged(removal.device.id, removal.mergedInto);
      pending.add(move);
      void move.finally(() => pending.delete(move));
    },
  });
  const identify = options.identify ?? identifyOnvifDevice;
  const limit = limitConcurrency(IDENTIFY_CONCURRENCY);
  const identifying = new Set<string>();
  const pending = new Set<Promise<unknown>>();
  let closed = false;

  const readIdentity = (sighting: RawSighting, deviceId: string) => {
    const device = inventory.get(deviceId);
    if (!device || device.identity === 'device' || identifying.has(deviceId)) return;
    if (device.needsCredentials) return;
    identifying.add(deviceId);
    const job = limit(async () => {
      if (closed) return;
      const result = await identify(sighting).catch(() => null);
      if (!result || closed) return;
      const facts: DeviceFacts = result.facts;
      const change = inventory.enrich(deviceId, facts, {
        identity: result.identity,
        needsCredentials: result.needsCredentials,
      });
      if (change) events.emit('devices:changed', change);
    }).finally(() => {
      identifying.delete(deviceId);
      pending.delete(job);
    });
    pending.add(job);
  };

  // Declared before the service, whose callbacks route a watch's sweeps through it.
  let watch: PresenceWatch | null = null;
  const discovery = new DiscoveryService({
    scanners: options.scanners ?? defaultScanners(),
    inventory,
    onProgress: (p) => events.emit('discovery:progress', watch ? watch.decorate(p) : p),
    onChange: (c) => events.emit('devices:changed', c),
    onSighting: (s, c) => {
      watch?.collect(s);
      readIdentity(s, c.device.id);
    },
  });
  watch = new PresenceWatch({
    discovery,
    inventory,
    loopbackOnly: options.loopbackOnly,
    missedSweeps: options.watchMissedSweeps,
    openListener: options.presenceListener,
    now: options.now,
    onProgress: (p) => events.emit('discovery:progress', p),
    onChange: (c) => events.emit('devices:changed', c),
    onSighting: (s, c) => readIdentity(s, c.device.id),
  });
  const presence = watch;
  const fingerprints = () => options.fingerprints ?? defaultFingerprints();
  const ranges = new RangeProbes({
    inventory,
    fingerprints,
    timeoutMs: MANUAL_PROBE_MS,
    onProgress: (p) => events.emit('device:rangeProgress', p),
    onChange: (c) => events.emit('devices:changed', c),
    onSighting: (s, c) => readIdentity(s, c.device.id),
  });

  const vaultKey: VaultKeySource | undefined = options.secretProtector
    ? { secretProtector: options.secretProtector }
    : options.vaultPassphrase !== undefined
      ? { passphrase: options.vaultPassphrase }
      : undefined;
  const accounts = createFlowEngine({
    dataDir: options.dataDir,
    drivers: options.drivers ?? defaultDrivers(),
    vaultKey,
    events,
    now: options.now,
    device: (id) => inventory.get(id),
    markActive: (id) => {
      const change = inventory.enrich(id, { account: 'active' }, {});
      if (change) events.emit('devices:changed', change);
    },
    setRecovery: (id, recovery) => {
      const change = inventory.enrich(id, {}, { recovery });
      if (change) events.emit('devices:changed', change);
    },
  });

  const platform = options.platform ?? process.platform;
  const readRoute = options.readDefaultRoute ?? readDefaultRoute;
  const chooseInterfaces = (refs: string[] | undefined) =>
    resolveInterfaces(refs && refs.length > 0 ? refs : options.interfaces, {
      loopbackOnly: options.loopbackOnly,
    });

  const apiFor = (transport: AppInfo['transport']): CustodianApi => ({
    'app:info': async () => ({
      name: APP_NAME,
      version: APP_VERSION,
      transport,
      platform: options.platform ?? process.platform,
      defaultInterfaces: chooseInterfaces(undefined).map((i) => `${i.name} ${i.address}`),
      loopbackOnly: options.loopbackOnly,
    }),
    'net:interfaces': async () =>
      options.loopbackOnly
        ? listInterfaces().filter((i) => i.address.startsWith('127.'))
        : listInterfaces(),
    'discovery:start': async (input) => {
      if (closed) throw new CustodianError('INTERNAL', 'engine closed');
      const interfaces = chooseInterfaces(input.interfaces);
      const sweepMs = input.durationMs ?? DEFAULT_SCAN_MS;
      if (input.watch) {
        return presence.start(interfaces, sweepMs, input.intervalMs ?? WATCH_INTERVAL_MS);
      }
      if (presence.watching) throw new CustodianError('SCAN_IN_PROGRESS');
      const { scanId } = discovery.start(interfaces, sweepMs);
      return { scanId };
    },
    'discovery:stop': async () => {
      const watchStopped = await presence.stop();
      return { stopped: (await discovery.stop()) || watchStopped };
    },
    'discovery:status': async () => presence.status(),
    'devices:list': async () => inventory.list(),
    'device:get': async ({ id }) => {
      const device = inventory.get(id);
      if (!device) throw new CustodianError('NOT_FOUND', id);
      return device;
    },
    'discovery:diagnostics': async () =>
      diagnose({
        // The real routing table says nothing about a loopback-only run (lab, tests).
        defaultRoute: options.loopbackOnly ? undefined : await readRoute(platform),
        service: discovery,
        available: options.loopbackOnly
          ? listInterfaces().filter((i) => isLoopbackAddress(i.address))
          : listInterfaces(),
        devices: inventory.list(),
        platform,
      }),
    'device:addManual': async ({ address }) => {
      if (options.loopbackOnly && !isLoopbackAddress(address)) {
        throw new CustodianError('NON_LOOPBACK_REFUSED', address);
      }
      const iface = interfaceFor(address, chooseInterfaces(undefined));
      if (!iface) throw new CustodianError('INTERFACE_NOT_FOUND', address);
      const sighting = await probeAddress(address, iface, fingerprints(), MANUAL_PROBE_MS);
      if (!sighting) return null;
      const change = inventory.addSighting(sighting);
      events.emit('devices:changed', change);
      readIdentity(sighting, change.device.id);
      return change.device;
    },
    'device:addRange': async ({ range }) => {
      if (closed) throw new CustodianError('INTERNAL', 'engine closed');
      return ranges.run(range, chooseInterfaces(undefined), options.loopbackOnly);
    },
    'device:cancelRange': async () => ({ cancelled: await ranges.cancel() }),
    // A verb may name a row merged away since the renderer read it: it acts on the survivor.
    ...withResolvedIds(accounts.verbs, (id) => inventory.resolve(id)),
  });

  return {
    apiFor,
    on: (event, listener) => events.on(event, listener),
    unlockVault: () => accounts.unlockVault(),
    async close() {
      closed = true;
      await presence.stop();
      await ranges.cancel();
      await discovery.stop();
      await Promise.allSettled([...pending]);
      await accounts.close();
    },
  };
}
