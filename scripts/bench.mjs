// `npm run bench:<name>`: runs bench/<name>.ts on loopback only; on Linux inside a private network
// namespace, so the lab's and the peers' multicast can never reach a real network.
import { spawnSync } from 'node:child_process';

const [name, ...rest] = process.argv.slice(2);
const args = ['--import', 'tsx', `bench/${name}.ts`, ...rest];
const env = { ...process.env, CUSTODIAN_LOOPBACK_ONLY: '1' };
const r =
  process.platform === 'linux'
    ? spawnSync('bash', ['scripts/in-netns.sh', process.execPath, ...args], {
        stdio: 'inherit',
        env,
      })
    : spawnSync(process.execPath, args, { stdio: 'inherit', env });
process.exit(r.status ?? 1);
