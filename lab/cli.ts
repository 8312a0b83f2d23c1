/**
 * `npx tsx lab/cli.ts --fleet <preset|file.json> --manifest <path> [--control-port N]
 *   [--desk-port N] [--no-mdns] [--quiet]`
 * Starts a fleet on loopback, writes its manifest atomically, prints one summary line (with the
 * vendor desk, mailbox and control API URLs) and runs until SIGINT/SIGTERM, then stops cleanly
 * (Bye for every device) and exits.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PRESET_NAMES } from './fleet/presets';
import { startLab } from './lab';
import { writeManifestAtomic } from './manifest';

const USAGE =
  `usage: lab --fleet <${PRESET_NAMES.join('|')}|fleet.json> --manifest <path> ` +
  '[--control-port N] [--desk-port N] [--no-mdns] [--quiet]';

/** A TCP port from the command line; undefined when absent (any free port). */
function portArg(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value) || n > 65535) throw new Error(`--${name} must be a port (0..65535)`);
  return n;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        fleet: { type: 'string' },
        manifest: { type: 'string' },
        'control-port': { type: 'string' },
        'desk-port': { type: 'string' },
        'no-mdns': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (!args.fleet || !args.manifest) {
    console.error(USAGE);
    return 2;
  }
  const quiet = args.quiet;
  let controlPort: number | undefined;
  let deskPort: number | undefined;
  try {
    controlPort = portArg('control-port', args['control-port']);
    deskPort = portArg('desk-port', args['desk-port']);
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const lab = await startLab({
    fleet: args.fleet,
    loopbackOnly: true,
    controlPort,
    deskPort,
    mdns: !args['no-mdns'],
    onWarning: quiet ? undefined : (m) => console.warn(`lab: ${m}`),
  });
  const manifestPath = resolve(args.manifest);
  writeManifestAtomic(manifestPath, lab.manifest);
  const m = lab.manifest;
  const perFamily = new Map<string, number>();
  for (const d of m.devices) perFamily.set(d.family, (perFamily.get(d.family) ?? 0) + 1);
  const families = [...perFamily].map(([f, n]) => `${f} ${n}`).join(', ');
  console.log(
    `lab: ${m.devices.length} devices (${m.fleet}: ${families}) ready in ${lab.readyMs} ms on ${m.addressing.mode}; ` +
      `desk ${lab.urls.desk}; mailbox ${lab.urls.mailbox}; control ${lab.urls.control}; manifest ${manifestPath}`,
  );
  // Shared-ip runs (macOS/Windows) differ from a LAN; say how once, up front.
  if (!quiet) for (const limit of m.sharedIpLimits ?? []) console.log(`lab: shared-ip: ${limit}`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await lab.stop();
  if (!quiet) console.log('lab: stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`lab: ${(err as Error).message}`);
    process.exit(1);
  },
);
