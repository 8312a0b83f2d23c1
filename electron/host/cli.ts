/**
 * `npm run web`: the engine plus the WebSocket host serving the built renderer, for a browser.
 *   tsx electron/host/cli.ts [--port N] [--iface NAME|ADDR]... [--static DIR] [--data-dir DIR]
 *                            [--loopback-only] [--json]
 * With --json it prints one line `{"url":…,"pageUrl":…,"token":…}` for scripts (demo, e2e).
 */
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../core/engine';
import { loopbackOnlyFromEnv } from '../core/net/interfaces';
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
const dataDir = path.resolve(values['data-dir'] ?? path.join(os.homedir(), '.custodian'));
mkdirSync(dataDir, { recursive: true, mode: 0o700 });

const loopbackOnly = values['loopback-only'] || loopbackOnlyFromEnv();
const engine = createEngine({ dataDir, loopbackOnly, interfaces: values.iface });
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
