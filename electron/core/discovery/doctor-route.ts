/**
 * Which interface holds the IPv4 default route, read from the OS's own routing table (never by
 * sending anything): /proc/net/route on Linux, `route -n get default` on macOS, `route print -4` on
 * Windows. A VPN that holds the default route usually also swallows multicast and broadcast, so
 * the network doctor names it. Parsers are pure, tested on captured text.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** The default route's interface: by name (Linux, macOS) or by its IPv4 address (Windows). */
export interface DefaultRoute {
  interfaceName?: string;
  interfaceAddress?: string;
}

/** How long the route command may take before the doctor answers without it. */
const ROUTE_TIMEOUT_MS = 2_000;
/** More output than any routing table a laptop has: anything larger is not what we asked for. */
const MAX_ROUTE_BYTES = 256 * 1024;

/**
 * /proc/net/route: tab-separated, hex little-endian addresses. A default route has destination
 * and mask 0 and the RTF_UP flag; the lowest metric wins.
 */
export function parseLinuxRoutes(text: string): DefaultRoute | null {
  let best: { name: string; metric: number } | null = null;
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [name, destination, , flags, , , metric, mask] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const up = (parseInt(flags, 16) & 0x1) === 1;
    if (!up || parseInt(destination, 16) !== 0 || parseInt(mask, 16) !== 0) continue;
    const m = Number(metric);
    if (!best || m < best.metric) best = { name, metric: m };
  }
  return best ? { interfaceName: best.name } : null;
}

/** `route -n get default` on macOS: the `interface:` line. */
export function parseMacRoute(text: string): DefaultRoute | null {
  const m = /^\s*interface:\s*(\S+)\s*$/m.exec(text);
  return m ? { interfaceName: m[1]! } : null;
}

/**
 * `route print -4` on Windows: in the active routes, `0.0.0.0 0.0.0.0 <gateway> <interface> <metric>`;
 * the interface column is the adapter's IPv4 address, the lowest metric wins. Persistent routes
 * (listed after "Persistent Routes:") are configuration, not the route in use, and are skipped.
 */
export function parseWindowsRoutes(text: string): DefaultRoute | null {
  const active = text.split(/Persistent Routes:/i)[0] ?? text;
  let best: { address: string; metric: number } | null = null;
  const row = /^\s*0\.0\.0\.0\s+0\.0\.0\.0\s+(\S+)\s+(\d{1,3}(?:\.\d{1,3}){3})\s+(\d+)\s*$/gm;
  for (const m of active.matchAll(row)) {
    const metric = Number(m[3]);
    if (!best || metric < best.metric) best = { address: m[2]!, metric };
  }
  return best ? { interfaceAddress: best.address } : null;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      command,
      args,
      { timeout: ROUTE_TIMEOUT_MS, maxBuffer: MAX_ROUTE_BYTES, windowsHide: true },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    ),
  );
}

/** The default route on this OS, or null when it cannot be read (no route, no tool, timeout). */
export async function readDefaultRoute(platform: string): Promise<DefaultRoute | null> {
  try {
    if (platform === 'linux') return parseLinuxRoutes(await readFile('/proc/net/route', 'utf8'));
    if (platform === 'darwin')
      return parseMacRoute(await run('/sbin/route', ['-n', 'get', 'default']));
    if (platform === 'win32') return parseWindowsRoutes(await run('route', ['print', '-4']));
  } catch {
    // The doctor answers without it: the name heuristic still runs.
  }
  return null;
}
