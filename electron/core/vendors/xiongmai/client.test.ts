import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CustodianError } from '../../../shared/errors';
import { encodeXmFrame, encodeXmJson } from '../../discovery/xm/netip';
import { XmNetipClient, type XmClientOptions } from './client';
import { XmRetError } from './errors';
import { startFakeXmDevice, type FakeXmDevice, type FakeXmDeviceOptions } from './test-device';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const LOGIN_REPLY = Buffer.from(fixture('login-reply-hvr.hex').trim(), 'hex');
const PWD_SAFETY = JSON.parse(fixture('config-pwdsafety-reply.json')) as Record<string, unknown>;

let device: FakeXmDevice | null = null;
let client: XmNetipClient | null = null;

afterEach(async () => {
  await client?.close();
  await device?.close();
  client = device = null;
});

async function setup(
  deviceOptions: FakeXmDeviceOptions = {},
  clientOptions: Partial<XmClientOptions> = {},
) {
  device = await startFakeXmDevice({
    configs: { 'General.PwdSafety': PWD_SAFETY['General.PwdSafety'] },
    ...deviceOptions,
  });
  client = await XmNetipClient.connect({
    host: '127.0.0.1',
    port: device.port,
    timeoutMs: 1000,
    keepAlive: false,
    ...clientOptions,
  });
  return { device, client };
}

async function rejection(p: Promise<unknown>): Promise<CustodianError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CustodianError);
  return err as CustodianError;
}

describe('XmNetipClient login', () => {
  it('logs in with the Sofia hash of the factory-default empty password', async () => {
    const { device, client } = await setup();
    expect(await client.login('admin', '')).toEqual({
      ok: true,
      sessionId: 0x57,
      aliveIntervalS: 21,
      channelNum: 1,
      deviceType: 'IPC',
      dataUseAes: null,
    });
    expect(client.sessionId).toBe(0x57);
    expect(device.received).toEqual([
      {
        messageId: 1000,
        sessionId: 0,
        body: {
          EncryptType: 'MD5',
          LoginType: 'DVRIP-Web',
          PassWord: 'tlJwpbo6',
          UserName: 'admin',
        },
      },
    ]);
  });

  it('reads the captured HVR login reply, "DeviceType " with its trailing space', async () => {
    const { client } = await setup({ raw: { 1000: LOGIN_REPLY } });
    expect(await client.login('admin', '')).toEqual({
      ok: true,
      sessionId: 0x57,
      aliveIntervalS: 21,
      channelNum: 4,
      deviceType: 'HVR',
      dataUseAes: false,
    });
  });

  it('returns 203 as a spent attempt, sent exactly once and never retried', async () => {
    const { device, client } = await setup({ password: 'right-one' });
    const result = await client.login('admin', 'wrong-one');
    expect(result).toEqual({
      ok: false,
      reason: 'wrongPassword',
      ret: 203,
      retText: 'wrong password',
      authFailure: true,
      locked: false,
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(device.received.filter((m) => m.messageId === 1000)).toHaveLength(1);
    expect(JSON.stringify(result)).not.toMatch(/wrong-one|right-one/);
    expect(client.sessionId).toBeNull();
  });

  it('returns 205 as locked, not as a spent attempt', async () => {
    const { client } = await setup({ lockAfter: 0 });
    expect(await client.login('admin', '')).toMatchObject({
      ok: false,
      reason: 'locked',
      ret: 205,
      authFailure: false,
      locked: true,
    });
  });

  it('refuses a second login on a logged-in session without sending it', async () => {
    const { device, client } = await setup();
    await client.login('admin', '');
    expect((await rejection(client.login('admin', ''))).code).toBe('INVALID_INPUT');
    expect(device.received).toHaveLength(1);
  });
});

describe('XmNetipClient framing over TCP', () => {
  it.each(['whole', 'split', 'fragmented', 'alarm'] as const)(
    'logs in and reads General.PwdSafety when replies come %s',
    async (mode) => {
      const { device, client } = await setup({ mode });
      expect((await client.login('admin', '')).ok).toBe(true);
      expect(await client.getConfig('General.PwdSafety')).toEqual(PWD_SAFETY['General.PwdSafety']);
      expect(device.received[1]).toEqual({
        messageId: 1042,
        sessionId: 0x57,
        body: { Name: 'General.PwdSafety', SessionID: '0x00000057' },
      });
    },
  );

  it('throws a typed Ret error for a missing config', async () => {
    const { client } = await setup();
    await client.login('admin', '');
    const err = await rejection(client.getConfig('NetWork.Nope'));
    expect(err).toBeInstanceOf(XmRetError);
    expect(err).toMatchObject({ code: 'DEVICE_BAD_REPLY', ret: 607, messageId: 1042 });
  });

  it('needs a session for config and keep-alive, and sends nothing without one', async () => {
    const { device, client } = await setup();
    expect((await rejection(client.getConfig('NetWork.NetCommon'))).code).toBe(
      'DEVICE_AUTH_REQUIRED',
    );
    expect((await rejection(client.keepAlive())).code).toBe('DEVICE_AUTH_REQUIRED');
    expect(device.received).toEqual([]);
  });

  it('times out a silent device, closes the connection, and fails later calls at once', async () => {
    const { client } = await setup({ silentOn: [1042] }, { timeoutMs: 150 });
    await client.login('admin', '');
    expect((await rejection(client.getConfig('General.PwdSafety'))).code).toBe('TIMEOUT');
    expect((await rejection(client.keepAlive())).code).toBe('DEVICE_UNREACHABLE');
  });

  it('reports a reply that is not NETIP as a bad reply', async () => {
    const { client } = await setup({
      raw: { 1000: Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n') },
    });
    expect((await rejection(client.login('admin', ''))).code).toBe('DEVICE_BAD_REPLY');
  });

  it('reports a NETIP reply whose body is not JSON as a bad reply', async () => {
    const junk = encodeXmFrame({ messageId: 1001, version: 1 }, Buffer.from('aGVsbG8=\n\0'));
    const { client } = await setup({ raw: { 1000: junk } });
    expect((await rejection(client.login('admin', ''))).code).toBe('DEVICE_BAD_REPLY');
  });
});

describe('XmNetipClient session', () => {
  it('sends keep-alives on the interval and stops them at logout', async () => {
    const { device, client } = await setup({}, { keepAlive: true, keepAliveIntervalMs: 25 });
    await client.login('admin', '');
    await new Promise((r) => setTimeout(r, 120));
    const alive = device.received.filter((m) => m.messageId === 1006);
    expect(alive.length).toBeGreaterThanOrEqual(2);
    expect(alive[0]!.body).toEqual({ Name: 'KeepAlive', SessionID: '0x00000057' });
    await client.logout();
    const count = device.received.length;
    await new Promise((r) => setTimeout(r, 80));
    expect(device.received.length).toBe(count);
    expect(device.received.at(-1)).toMatchObject({
      messageId: 1002,
      body: { SessionID: '0x00000057' },
    });
    expect(client.sessionId).toBeNull();
  });

  it('closes and reports when the device no longer knows the session', async () => {
    const expired = encodeXmFrame({ messageId: 1007, version: 1 }, encodeXmJson({ Ret: 105 }));
    const errors: CustodianError[] = [];
    const { client } = await setup(
      { raw: { 1006: expired } },
      { keepAlive: true, keepAliveIntervalMs: 20, onKeepAliveError: (e) => errors.push(e) },
    );
    await client.login('admin', '');
    await new Promise((r) => setTimeout(r, 100));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'DEVICE_AUTH_REQUIRED', ret: 105 });
    expect((await rejection(client.getConfig('General.PwdSafety'))).code).toBe(
      'DEVICE_UNREACHABLE',
    );
  });

  it('logs out quietly even when the device has already hung up', async () => {
    const { device, client } = await setup();
    await client.login('admin', '');
    await device.close();
    await new Promise((r) => setTimeout(r, 20));
    await expect(client.logout()).resolves.toBeUndefined();
  });
});

describe('XmNetipClient connect', () => {
  it('refuses a non-loopback host in a loopback-only run without connecting', async () => {
    const err = await rejection(
      XmNetipClient.connect({ host: '192.168.1.64', loopbackOnly: true }),
    );
    expect(err.code).toBe('NON_LOOPBACK_REFUSED');
  });

  it('reports a closed port as unreachable', async () => {
    const probe = await startFakeXmDevice();
    const port = probe.port;
    await probe.close();
    const err = await rejection(
      XmNetipClient.connect({ host: '127.0.0.1', port, timeoutMs: 1000 }),
    );
    expect(err).toMatchObject({
      code: 'DEVICE_UNREACHABLE',
      detail: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
