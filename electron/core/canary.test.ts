/**
 * The canary: secrets with a recognisable shape go through activation, login, recovery set-up,
 * recovery and a password change, over the real WebSocket host, and must come out nowhere: no console line, no audit
 * line, no byte of any file under the data folder (clear or base64), no answer, no event.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { HostMessage } from '../shared';
import { startHost } from '../host/host';
import { fakeDeviceId } from '../testing/fake-driver';
import { startFlowHarness } from '../testing/flow-harness';

const CANARIES = {
  password: 'Canary-7Q!x42',
  wrong: 'Canary-Wr0ng!9',
  email: 'canary.owner@canary-mail.test',
  answer: 'CanaryAnswer-5150',
  newPassword: 'Canary-7Q!x43',
  changed: 'Canary-8R!y53',
  weak: 'canaryweakpass',
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function leaks(haystack: Buffer | string, label: string): string[] {
  const buf = Buffer.isBuffer(haystack) ? haystack : Buffer.from(haystack);
  return Object.entries(CANARIES).flatMap(([name, secret]) =>
    [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)]
      .filter((form) => buf.includes(Buffer.from(form)))
      .map(() => `${name} in ${label}`),
  );
}

describe('canary: no secret leaks anywhere', () => {
  const consoleCalls: unknown[][] = [];
  beforeEach(() => {
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void consoleCalls.push(args));
    }
  });
  afterEach(() => vi.restoreAllMocks());

  it('through activation, login, set-up, recovery and a password change over the host', async () => {
    const h = await startFlowHarness();
    const host = await startHost({ engine: h.engine });
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, {
      headers: { Origin: host.url },
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const wire: string[] = [];
    let next = 1;
    const pending = new Map<number, (m: HostMessage) => void>();
    ws.on('message', (data) => {
      const text = data.toString();
      wire.push(text);
      const msg = JSON.parse(text) as HostMessage;
      if ('id' in msg) pending.get(msg.id)?.(msg);
    });
    const call = (verb: string, input?: unknown) =>
      new Promise<HostMessage>((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, verb, input }));
      });
    const value = <T>(m: HostMessage) => {
      if (!('ok' in m) || !m.ok) throw new Error(JSON.stringify(m));
      return m.value as T;
    };
    const settled = async (flowId: string) => {
      for (;;) {
        const v = value<{ state: string }>(await call('flow:get', { flowId }));
        if (v.state !== 'running') return v;
        await new Promise((r) => setTimeout(r, 5));
      }
    };

    const d1 = fakeDeviceId(1);
    const d2 = fakeDeviceId(2);
    const act = value<{ id: string }>(
      await call('flow:activate', {
        deviceIds: [d1, d2],
        password: CANARIES.password,
        email: CANARIES.email,
      }),
    );
    expect(await settled(act.id)).toMatchObject({ state: 'succeeded' });
    expect(
      await call('device:login', { id: d1, username: 'admin', password: CANARIES.wrong }),
    ).toMatchObject({ ok: false, error: { code: 'DEVICE_AUTH_FAILED' } });
    expect(
      value(await call('device:login', { id: d1, username: 'admin', password: CANARIES.password })),
    ).toEqual({ ok: true });
    const answers = [1, 2, 3].map((id) => ({ id, answer: `${CANARIES.answer}-${id}` }));
    const setup = await call('flow:setupRecovery', {
      deviceId: d1,
      email: CANARIES.email,
      questions: answers,
      exportKey: true,
    });
    expect(value(setup)).toMatchObject({ state: 'succeeded' });
    const rec = value<{ id: string }>(await call('flow:recover', { deviceId: d1, method: 'qr' }));
    const code = h.driver.deliveredCode(d1)!;
    await call('flow:submit', {
      flowId: rec.id,
      code: 'WRONG1',
      newPassword: CANARIES.newPassword,
    });
    expect(
      value(await call('flow:submit', { flowId: rec.id, code, newPassword: CANARIES.newPassword })),
    ).toMatchObject({ state: 'succeeded' });
    const byQuestions = value<{ id: string }>(
      await call('flow:recover', { deviceId: d2, method: 'questions' }),
    );
    await call('flow:submit', {
      flowId: byQuestions.id,
      answers,
      newPassword: CANARIES.newPassword,
    });
    expect(
      value(
        await call('device:login', { id: d1, username: 'admin', password: CANARIES.newPassword }),
      ),
    ).toEqual({ ok: true });
    expect(
      await call('device:changePassword', { id: d1, newPassword: CANARIES.weak }),
    ).toMatchObject({ ok: false, error: { code: 'PASSWORD_POLICY' } });
    expect(
      value(await call('device:changePassword', { id: d1, newPassword: CANARIES.changed })),
    ).toEqual({ ok: true });
    await call('flows:list');
    await call('device:capabilities', { id: d1 });

    ws.close();
    await host.close();
    await h.engine.close();
    const found = [
      ...wire.flatMap((m, i) => leaks(m, `host message ${i}`)),
      ...consoleCalls.flatMap((args, i) =>
        leaks(JSON.stringify(args.map(String)), `console call ${i}`),
      ),
      ...files(h.dataDir).flatMap((f) => leaks(readFileSync(f), path.relative(h.dataDir, f))),
    ];
    // Sent secrets reached the device (the fake driver): the canary really went through.
    expect(h.driver.account(d1).password).toBe(CANARIES.changed);
    expect(
      files(h.dataDir)
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual(['audit.jsonl', 'flows.json', 'vault.json']);
    expect(leaks(JSON.stringify({ p: CANARIES.password }), 'self-test')).not.toEqual([]);
    expect(found).toEqual([]);
  });
});
