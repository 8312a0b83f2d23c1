/**
 * The account commands as a person or a script runs them: the real CLI in a child process, its
 * secrets on stdin, against the Hikvision lab on loopback (SADP sweep, ISAPI). Runs in the private
 * network namespace only (`npm test` puts it there).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../lab/hikvision/testing/devices';
import { asDevice, labDevice, startLab, type Lab } from '../core/vendors/hikvision/test-lab';

const PREFIX = '127.0.88';
const TSX = path.resolve('node_modules/.bin/tsx');

let lab: Lab | null = null;
afterEach(async () => {
  await lab?.runtime.stop();
  lab = null;
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], stdin: string, dataDir: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['electron/cli/index.ts', ...args, '--data-dir', dataDir], {
      env: {
        ...process.env,
        CUSTODIAN_LOOPBACK_ONLY: '1',
        CUSTODIAN_VAULT_PASSPHRASE: 'cli-test-vault-passphrase',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Every file the CLI left in its data dir, read as text. */
function storedText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('custodian change-password (netns)', () => {
  it('signs in with the typed password, changes it, and the device takes only the new one', async () => {
    lab = await startLab([labDevice(PREFIX, 1)], { sadp: true });
    const d = lab.devices[0]!;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'custodian-cli-test-'));
    const next = 'Cli-Changed-1357';
    const run = await cli(
      ['change-password', '--ip', d.ip],
      `${TEST_PASSWORD}\n${next}\n${next}\n`,
      dir,
    );
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${d.ip}: password changed and stored`);
    const dev = asDevice(d);
    expect(await lab.driver.verifyLogin(dev, { username: 'admin', password: next })).toEqual({
      ok: true,
    });
    expect(
      (await lab.driver.verifyLogin(dev, { username: 'admin', password: TEST_PASSWORD })).ok,
    ).toBe(false);
    // Nothing secret on disk in clear, nothing secret printed.
    const stored = storedText(dir);
    for (const secret of [TEST_PASSWORD, next]) {
      expect(stored).not.toContain(secret);
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
  }, 60_000);

  it('refuses a repeat that differs and a password the device would refuse; the device keeps its password', async () => {
    lab = await startLab([labDevice(PREFIX, 2)], { sadp: true });
    const d = lab.devices[0]!;
    // A data dir each: with no stored credentials, each run first asks for the current password.
    const dir = () => mkdtempSync(path.join(os.tmpdir(), 'custodian-cli-test-'));
    const typo = await cli(
      ['change-password', '--ip', d.ip],
      `${TEST_PASSWORD}\nCli-Changed-1357\nCli-Changed-1358\n`,
      dir(),
    );
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('INVALID_INPUT');
    const weak = await cli(
      ['change-password', '--ip', d.ip],
      `${TEST_PASSWORD}\nshort\nshort\n`,
      dir(),
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('PASSWORD_POLICY');
    expect(
      await lab.driver.verifyLogin(asDevice(d), { username: 'admin', password: TEST_PASSWORD }),
    ).toEqual({ ok: true });
  }, 60_000);
});
