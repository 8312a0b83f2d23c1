/**
 * `npm run bench:lab`: memory and start time of a 1,000-device lab in one process.
 * Targets (issue 3): at most 300 MB RSS and under 5 s to ready.
 *   tsx bench/lab.ts [--fleet scale-1000] [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { startLab } from '../lab/lab';

const { values } = parseArgs({
  options: {
    fleet: { type: 'string', default: 'scale-1000' },
    rounds: { type: 'string', default: '3' },
  },
});

const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
console.log(`baseline RSS ${rssMb()} MB`);
for (let round = 1; round <= Number(values.rounds); round++) {
  const t0 = performance.now();
  const lab = await startLab({ fleet: values.fleet, loopbackOnly: true });
  const readyMs = Math.round(performance.now() - t0);
  const rss = rssMb();
  const s0 = performance.now();
  await lab.stop();
  const stopMs = Math.round(performance.now() - s0);
  console.log(
    `round ${round}: ${lab.manifest.devices.length} devices ready in ${readyMs} ms, RSS ${rss} MB, stopped in ${stopMs} ms`,
  );
}
process.exit(0);
