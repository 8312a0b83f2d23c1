/**
 * `custodian`: the command line on the same engine as the app.
 *   custodian discover [--iface NAME|ADDR]... [--timeout MS] [--json|--csv]
 *   custodian discover --watch [--interval MS] [--iface NAME|ADDR]... [--json]
 *   custodian activate --ip ADDR... [--email E] [--json]
 *   custodian setup-recovery --ip ADDR [--email E] [--questions] [--export-key FILE] [--json]
 *   custodian recover --ip ADDR --method questions|qr|guid|support [--key-file FILE] [--json]
 *   custodian change-password --ip ADDR [--confirm-last-attempt] [--json]
 * Secrets (passwords, answers, codes) are read from stdin: typed without echo on a terminal, one
 * per line from a pipe. The vault passphrase comes from CUSTODIAN_VAULT_PASSPHRASE or the terminal.
 * Progress goes to stderr, results to stdout, so `--json` output can be piped.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeOnError } from './session';
import { createEngine, DEFAULT_SCAN_MS } from '../core/engine';
import { loopbackOnlyFromEnv } from '../core/net/interfaces';
import { activate, changePassword, recover, setupRecovery } from './account-commands';
import { WATCH_INTERVAL_MS } from '../core/discovery/presence-watch';
import { deviceRow, devicesCsv, devicesTable } from './format';
import { watch } from './watch';

const USAGE = `usage: custodian discover [--iface NAME|ADDR]... [--timeout MS] [--json|--csv]
       custodian discover --watch [--interval MS] [--iface NAME|ADDR]... [--json]
       custodian activate --ip ADDR... [--email E] [--json]
       custodian setup-recovery --ip ADDR [--email E] [--questions] [--export-key FILE] [--json]
       custodian recover --ip ADDR --method questions|qr|guid|support [--key-file FILE] [--json]
       custodian change-password --ip ADDR [--confirm-last-attempt] [--json]
common: [--iface NAME|ADDR]... [--data-dir DIR]; secrets are read from stdin, never from arguments`;

async function discover(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      iface: { type: 'string', multiple: true },
      timeout: { type: 'string', default: String(DEFAULT_SCAN_MS) },
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      interval: { type: 'string', default: String(WATCH_INTERVAL_MS) },
    },
  });
  const durationMs = Number(values.timeout);
  if (!Number.isInteger(durationMs) || durationMs < 500 || durationMs > 60_000) {
    console.error('--timeout takes whole milliseconds from 500 to 60000');
    return 2;
  }
  const intervalMs = Number(values.interval);
  if (
    values.watch &&
    (!Number.isInteger(intervalMs) || intervalMs < 1000 || intervalMs > 600_000)
  ) {
    console.error('--interval takes whole milliseconds from 1000 to 600000');
    return 2;
  }
  if (values.watch && values.csv) {
    console.error('--watch prints changes as they happen: use --json or the default lines');
    return 2;
  }
  const engine = createEngine({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'custodian-cli-')),
    loopbackOnly: loopbackOnlyFromEnv(),
    interfaces: values.iface,
  });
  const api = engine.apiFor('ipc');
  if (values.watch) {
    return watch(engine, {
      interfaces: values.iface,
      durationMs,
      intervalMs,
      json: values.json,
    });
  }
  try {
    const finished = new Promise<void>((resolve) =>
      engine.on('discovery:progress', (p) => {
        if (p.state !== 'running') resolve();
        else
          process.stderr.write(
            `\rscanning… ${(p.elapsedMs / 1000).toFixed(1)} s, ${p.found} found`,
          );
      }),
    );
    await api['discovery:start']({ durationMs, interfaces: values.iface });
    await finished;
    await engine.close();
    process.stderr.write('\n');
    const status = await api['discovery:status']();
    for (const i of status?.interfaces ?? []) {
      if (!i.ok) process.stderr.write(`warning: ${i.name} ${i.address}: ${i.error ?? 'failed'}\n`);
    }
    const devices = await api['devices:list']();
    if (values.json) process.stdout.write(`${JSON.stringify(devices.map(deviceRow), null, 2)}\n`);
    else if (values.csv) process.stdout.write(devicesCsv(devices));
    else process.stdout.write(devicesTable(devices));
    return 0;
  } catch (err) {
    return closeOnError(engine, err);
  }
}

const [command, ...rest] = process.argv.slice(2);
const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  discover,
  activate,
  'setup-recovery': setupRecovery,
  recover,
  'change-password': changePassword,
};
const run = command ? COMMANDS[command] : undefined;
const code = run ? await run(rest) : (console.error(USAGE), 2);
process.exit(code);
