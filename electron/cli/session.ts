/**
 * What every account command needs: the engine on the person's data dir with the vault unlocked
 * (passphrase from CUSTODIAN_VAULT_PASSPHRASE or typed without echo; a loopback-only run with
 * neither uses a temporary data dir and a random passphrase), and the devices found at the
 * addresses given, by the same sweep `discover` runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CustodianApi } from '../shared/contract';
import type { Device } from '../shared/dto';
import { CustodianError } from '../shared/errors';
import type { FlowView } from '../shared/flows';
import { createEngine, DEFAULT_SCAN_MS, type Engine } from '../core/engine';
import { loopbackOnlyFromEnv } from '../core/net/interfaces';
import type { SecretReader } from './secret-input';

export interface Session {
  engine: Engine;
  api: CustodianApi;
  devices: Device[];
}

export interface SessionOptions {
  ips: string[];
  iface?: string[];
  dataDir?: string;
  reader: SecretReader;
}

export async function openSession(o: SessionOptions): Promise<Session> {
  const loopbackOnly = loopbackOnlyFromEnv();
  let passphrase = process.env.CUSTODIAN_VAULT_PASSPHRASE;
  let dataDir = o.dataDir ?? path.join(os.homedir(), '.custodian');
  if (!passphrase && loopbackOnly && !o.dataDir) {
    // A lab run: nothing real is stored, so a throwaway vault in a temporary dir.
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'custodian-cli-'));
    passphrase = randomBytes(24).toString('base64url');
  }
  if (!passphrase) {
    if (!o.reader.tty) throw new Error('set CUSTODIAN_VAULT_PASSPHRASE (stdin is for secrets)');
    passphrase = await o.reader.ask('Vault passphrase: ');
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const engine = createEngine({
    dataDir,
    loopbackOnly,
    interfaces: o.iface,
    vaultPassphrase: passphrase,
  });
  const api = engine.apiFor('ipc');
  try {
    await engine.unlockVault();
    const finished = new Promise<void>((resolve) =>
      engine.on('discovery:progress', (p) => p.state !== 'running' && resolve()),
    );
    await api['discovery:start']({ durationMs: DEFAULT_SCAN_MS, interfaces: o.iface });
    await finished;
    const devices: Device[] = [];
    for (const ip of o.ips) {
      const all = await api['devices:list']();
      const found =
        all.find((d) => d.ip === ip || d.addresses.includes(ip)) ??
        (await api['device:addManual']({ address: ip }));
      if (!found) throw new CustodianError('NOT_FOUND', ip);
      devices.push(found);
    }
    return { engine, api, devices };
  } catch (err) {
    await engine.close();
    throw err;
  }
}

/** Resolves when the flow stops running (a batch reports progress on stderr meanwhile). */
export function untilSettled(engine: Engine, api: CustodianApi, view: FlowView): Promise<FlowView> {
  if (view.state !== 'running') return Promise.resolve(view);
  return new Promise((resolve) => {
    const off = engine.on('flow:changed', (v) => {
      if (v.id !== view.id) return;
      process.stderr.write(
        `\r${v.devices.filter((d) => d.state !== 'running').length}/${v.devices.length} done`,
      );
      if (v.state !== 'running') {
        off();
        process.stderr.write('\n');
        resolve(v);
      }
    });
    // The flow may have finished between the verb's answer and the subscription.
    void api['flow:get']({ flowId: view.id }).then((v) => {
      if (v.state !== 'running') {
        off();
        resolve(v);
      }
    });
  });
}

/** One line per device of a flow, for people. */
export function flowLines(view: FlowView, devices: Device[]): string {
  const ipOf = (id: string) => devices.find((d) => d.id === id)?.ip ?? id;
  return (
    view.devices
      .map((d) => {
        const tries = d.attemptsLeft != null ? ` (${d.attemptsLeft} tries left)` : '';
        const err = d.error ? `: ${d.error.code} ${d.error.message}` : '';
        return `${ipOf(d.deviceId)}  ${d.state}  ${[...d.stepsDone].join(' > ') || d.step}${tries}${err}`;
      })
      .join('\n') + '\n'
  );
}

/** A command that failed: closes the engine, prints a Custodian error as `error CODE: text` and
 * exits 1; anything else is a bug and is thrown on. */
export async function closeOnError(engine: Engine, err: unknown): Promise<number> {
  await engine.close();
  if (!(err instanceof CustodianError)) throw err;
  console.error(`error ${err.code}: ${err.message}`);
  return 1;
}
