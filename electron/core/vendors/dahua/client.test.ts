/**
 * DahuaRpcClient against a fake device on 127.0.0.1 (test-device.ts): the fingerprint spends no
 * try, a login sends exactly one credential, refusals come back typed, sessions work and expire.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DahuaRpcClient } from './client';
import { DahuaRpcError } from './errors';
import { startFakeDahua, type FakeDahua, type FakeDahuaOptions } from './test-device';

const GOOD = { username: 'admin', password: 'SecretPassword' };
const BAD = { username: 'admin', password: 'wrong-guess' };

let device: FakeDahua | null = null;
afterEach(async () => {
  await device?.close();
  device = null;
});

async function setup(options: FakeDahuaOptions = {}, timeoutMs?: number) {
  device = await startFakeDahua(options);
  return { dev: device, client: new DahuaRpcClient({ baseUrl: device.url, timeoutMs }) };
}

const caught = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => 'resolved',
    (e) => e,
  );
const shape = (dev: FakeDahua): string[] =>
  dev.requests.map((r) => `${r.path}:${String(r.body.method)}`);

describe('fingerprint', () => {
  it('identifies a Dahua device by its realm without spending a try', async () => {
    const { dev, client } = await setup({ serial: '7J02F1EPAZ12345' });
    expect(await client.fingerprint()).toEqual({
      kind: 'dahua',
      realm: 'Login to 7J02F1EPAZ12345',
      serial: '7J02F1EPAZ12345',
      mac: '38:af:29:bb:bc:ab',
      encryption: 'Default',
    });
    expect(dev.triesCounted()).toBe(0);
    expect(dev.requests[0]!.body.params).toMatchObject({ password: '' });
  });

  it('says notDahua for a web server that is something else', async () => {
    const { client } = await setup({ raw: { status: 404, body: 'Not Found' } });
    expect(await client.fingerprint()).toEqual({ kind: 'notDahua', reason: 'HTTP 404' });
  });

  it('throws a typed error when nothing listens', async () => {
    const { dev } = await setup();
    const url = dev.url;
    await dev.close();
    device = null;
    const err = await caught(new DahuaRpcClient({ baseUrl: url }).fingerprint());
    expect(err).toBeInstanceOf(DahuaRpcError);
    expect(err).toMatchObject({ code: 'DEVICE_UNREACHABLE', attemptSent: false });
  });
});

describe('login', () => {
  it('logs in with the Default hash in two steps, then calls, keeps alive and logs out', async () => {
    const { dev, client } = await setup();
    expect(await client.login(GOOD)).toEqual({ ok: true, keepAliveIntervalSec: 60 });
    expect(client.loggedIn).toBe(true);
    expect(await client.call('magicBox.getSerialNo')).toEqual({
      result: true,
      params: { sn: '4H01D66PAJ2FA64' },
    });
    expect(await client.keepAlive()).toBe(300);
    await client.logout();
    expect(client.loggedIn).toBe(false);
    expect(shape(dev)).toEqual([
      '/RPC2_Login:global.login',
      '/RPC2_Login:global.login',
      '/RPC2:magicBox.getSerialNo',
      '/RPC2:global.keepAlive',
      '/RPC2:global.logout',
    ]);
    // Step 2 goes with step 1's session; /RPC2 calls carry the session the login gave.
    const [step1, step2, firstCall] = dev.requests;
    expect(step1!.body).not.toHaveProperty('session');
    expect(step2!.body.session).toMatch(/^[0-9a-f]{32}$/);
    expect(firstCall!.body.session).toBe(step2!.body.session);
    expect(JSON.stringify(dev.requests)).not.toContain(GOOD.password);
  });

  it('sends one credential per call and returns the tries left, never retrying', async () => {
    const { dev, client } = await setup({ attempts: 5 });
    expect(await client.login(BAD)).toMatchObject({
      ok: false,
      reason: 'badCredentials',
      attemptSpent: true,
      code: 268632085,
      remainLoginTimes: 4,
      remainLockSeconds: 0,
    });
    expect(dev.triesCounted()).toBe(1);
    expect(dev.requests).toHaveLength(2);
    expect(client.loggedIn).toBe(false);
  });

  it('reports the lock and its remaining seconds', async () => {
    const { client } = await setup({ attempts: 1, lockSeconds: 180 });
    expect(await client.login(BAD)).toMatchObject({ reason: 'locked', remainLockSeconds: 180 });
    expect(await client.login(GOOD)).toMatchObject({
      reason: 'locked',
      code: 268632081,
      remainLoginTimes: 0,
    });
  });

  it('works with integer sessions and the 401 challenge code', async () => {
    const { client } = await setup({ integerSessions: true, challengeCode: 401 });
    expect(await client.login(GOOD)).toMatchObject({ ok: true });
    expect((await client.call('magicBox.getSerialNo')).result).toBe(true);
  });

  it('reports an uninitialised device', async () => {
    const { client } = await setup({ initialized: false });
    expect(await client.login(GOOD)).toMatchObject({ ok: false, reason: 'notInitialized' });
  });

  it('refuses encryptions other than Default without sending a password', async () => {
    const { dev, client } = await setup({ encryption: 'Basic' });
    expect(await client.login(GOOD)).toMatchObject({
      ok: false,
      reason: 'unsupportedEncryption',
      attemptSpent: false,
      message: 'Basic',
    });
    expect(dev.requests).toHaveLength(1);
    expect(dev.triesCounted()).toBe(0);
  });

  it('marks a step-2 timeout as a try that may have been counted', async () => {
    const { client } = await setup({ hangOnStep2: true }, 300);
    const err = await caught(client.login(GOOD));
    expect(err).toBeInstanceOf(DahuaRpcError);
    expect(err).toMatchObject({ code: 'TIMEOUT', attemptSent: true });
    expect(String((err as Error).message)).not.toMatch(/SecretPassword|[0-9A-F]{32}/);
  });

  it('never sends the CVE-2021-33044/33045 login shapes', async () => {
    const { dev, client } = await setup();
    await client.login(GOOD);
    await client.login(BAD);
    const sent = JSON.stringify(dev.requests);
    for (const banned of ['NetKeyboard', 'Loopback', '"Local"', 'ipAddr']) {
      expect(sent).not.toContain(banned);
    }
  });
});

describe('call', () => {
  it('needs a login first', async () => {
    const { dev, client } = await setup();
    expect(await caught(client.call('magicBox.getSerialNo'))).toMatchObject({
      code: 'DEVICE_AUTH_REQUIRED',
    });
    expect(dev.requests).toEqual([]);
  });

  it('maps an expired session to DEVICE_AUTH_REQUIRED and forgets it', async () => {
    const { client } = await setup();
    await client.login(GOOD);
    await client.call('global.logout');
    const err = await caught(client.call('magicBox.getSerialNo'));
    expect(err).toMatchObject({ code: 'DEVICE_AUTH_REQUIRED', rpcCode: 287637505 });
    expect(client.loggedIn).toBe(false);
  });

  it('throws device errors with their code', async () => {
    const { client } = await setup();
    await client.login(GOOD);
    const err = await caught(client.call('nope.nothing', {}));
    expect(err).toMatchObject({ code: 'DEVICE_BAD_REPLY', rpcCode: 268894210 });
    expect(client.loggedIn).toBe(true);
  });
});
