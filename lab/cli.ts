/**
 * `npx tsx lab/cli.ts --fleet <preset|file.json> --manifest <path> [--quiet]`
 * Starts a fleet on loopback, writes its manifest atomically, prints one summary line and runs
 * until SIGINT/SIGTERM, then stops cleanly (Bye for every device) and exits.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PRESET_NAMES } from './fleet/presets';
import { startLab } from './lab';
import { writeManifestAtomic } from './manifest';

const USAGE = `usage: lab --fleet <${PRESET_NAMES.join('|')}|fleet.json> --manifest <path> [--quiet]`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        fleet: { type: 'string' },
        manifest: { type: 'string' },
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
  const lab = await startLab({
    fleet: args.fleet,
    loopbackOnly: true,
    onWarning: quiet ? undefined : (m) => console.warn(`lab: ${m}`),
  });
  const manifestPath = resolve(args.manifest);
  writeManifestAtomic(manifestPath, lab.manifest);
  const m = lab.manifest;
  console.log(
    `lab: ${m.devices.length} devices (${m.fleet}) ready in ${lab.readyMs} ms on ${m.addressing.mode}; manifest ${manifestPath}`,
  );
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
