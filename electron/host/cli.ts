/**
 * `npm run web`: the engine plus the WebSocket host serving the built renderer, for a browser.
 *   tsx electron/host/cli.ts [--port N] [--iface NAME|ADDR]... [--static DIR] [--data-dir DIR]
 *                            [--loopback-only] [--json]
 * With --json it prints one line `{"url":…,"pageUrl":…,"token":…}` for scripts (demo, e2e).
 * The vault passphrase comes from CUSTODIAN_VAULT_PASSPHRASE, or is asked on the terminal without
 * echo; never from an argument (the process list shows arguments to every user).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../core/engine';
import { loopbackOnlyFromEnv } from '../core/net/interfaces';
import { createSecretReader } from '../cli/secret-input';
import { startHost } from './host';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    iface: { type: 'string', multiple: true },
    static: { type: 'string', default: 'out/renderer' },
    'data-dir': { type: 'string' },
    'loopback-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const staticDir = path.resolve(values.static);
if (!existsSync(path.join(staticDir, 'index.html'))) {
  console.error(`No built renderer in ${staticDir}. Run \`npm run build\` first.`);
  process.exit(1);
}
let dataDir = path.resolve(values['data-dir'] ?? path.join(os.homedir(), '.custodian'));
mkdirSync(dataDir, { recursive: true, mode: 0o700 });

const loopbackOnly = values['loopback-only'] || loopbackOnlyFromEnv();

/**
 * The vault passphrase: the environment, else a random per-run one for a loopback-only run (a lab,
 * demo or e2e run stores nothing real, and its vault lives in a temporary data dir that dies with
 * the run, so it never locks the person's own vault), else typed on the terminal.
 */
async function vaultPassphrase(): Promise<string> {
  const fromEnv = process.env.CUSTODIAN_VAULT_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (loopbackOnly) {
    if (!values['data-dir']) dataDir = mkdtempSync(path.join(os.tmpdir(), 'custodian-lab-'));
    return randomBytes(24).toString('base64url');
  }
  if (process.stdin.isTTY) {
    const reader = createSecretReader();
    try {
      return await reader.ask('Vault passphrase: ');
    } finally {
      reader.close();
    }
  }
  console.error(
    'Set CUSTODIAN_VAULT_PASSPHRASE or run on a terminal to type the vault passphrase.',
  );
  process.exit(2);
}

const passphrase = await vaultPassphrase();
const engine = createEngine({
  dataDir,
  loopbackOnly,
  interfaces: values.iface,
  vaultPassphrase: passphrase,
});
try {
  await engine.unlockVault();
} catch (err) {
  // Wrong passphrase: stop before serving, rather than fail every login later.
  console.error(err instanceof Error ? err.message : 'The vault could not be opened.');
  await engine.close();
  process.exit(1);
}
const host = await startHost({ engine, port: Number(values.port), staticDir });

if (values.json) {
  console.log(JSON.stringify({ url: host.url, pageUrl: host.pageUrl, token: host.token }));
} else {
  console.log(`Custodian is serving on ${host.url}`);
  console.log(`Open: ${host.pageUrl}`);
  console.log(loopbackOnly ? 'Discovery: loopback only.' : 'Discovery: all IPv4 interfaces.');
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await host.close();
  await engine.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
