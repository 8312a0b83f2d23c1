/**
 * OnvifDeviceClient against a fake device on 127.0.0.1 (test-device.ts): digest and
 * UsernameToken devices, a skewed clock, and the one-try-per-credential rule.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CustodianError } from '../../../shared/errors';
import { OnvifDeviceClient, type OnvifDeviceClientOptions } from './client';
import { OnvifAuthFailedError, OnvifFaultError } from './errors';
import { startFakeDevice, type FakeDevice, type FakeDeviceOptions } from './test-device';

const GOOD = { username: 'admin', password: 'Correct-Horse-1' };
const BAD = { username: 'admin', password: 'wrong-guess' };
const HOUR = 3_600_000;

let device: FakeDevice | null = null;
afterEach(async () => {
  await device?.close();
  device = null;
});

async function setup(
  dev: FakeDeviceOptions,
  client: Omit<OnvifDeviceClientOptions, 'xaddr'> = {},
): Promise<{ dev: FakeDevice; client: OnvifDeviceClient }> {
  device = await startFakeDevice(dev);
  return { dev: device, client: new OnvifDeviceClient({ xaddr: device.url, ...client }) };
}

const caught = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => 'resolved',
    (e: unknown) => e,
  );
/** What each request carried: `anon`, `digest` or `token`, with the operation. */
const shape = (dev: FakeDevice): string[] =>
  dev.requests.map(
    (r) => `${r.op}:${r.authorization ? 'digest' : r.token ? 'token' : 'anon'}:${r.status}`,
  );

describe('GetSystemDateAndTime (PRE_AUTH)', () => {
  it('never sends credentials first, and measures the clock offset', async () => {
    const { dev, client } = await setup({ auth: 'digest', skewMs: HOUR }, { credentials: GOOD });
    const clock = await client.getSystemDateAndTime();
    expect(shape(dev)).toEqual(['GetSystemDateAndTime:anon:200']);
    expect(clock.source).toBe('UTCDateTime');
    expect(Math.abs(clock.offsetMs - HOUR)).toBeLessThan(2_000);
    expect(client.clockOffsetMs).toBe(clock.offsetMs);
  });

  it('asks again with digest only when the device refuses it anonymously', async () => {
    const { dev, client } = await setup(
      { auth: 'digest', preAuthClock: false },
      { credentials: GOOD },
    );
    await client.getSystemDateAndTime();
    expect(shape(dev)).toEqual([
      'GetSystemDateAndTime:anon:401',
      'GetSystemDateAndTime:digest:200',
    ]);
  });
});

describe('HTTP digest device', () => {
  it('answers the challenge once and decodes the reply', async () => {
    const { dev, client } = await setup({ auth: 'digest' }, { credentials: GOOD });
    const info = await client.getDeviceInformation();
    expect(info.model).toBe('DS-2CD2143G2-I');
    expect(shape(dev)).toEqual([
      'GetDeviceInformation:anon:401',
      'GetDeviceInformation:digest:200',
    ]);
  });

  it('works with SHA-256 digest and reads scopes, interfaces and users', async () => {
    const { client } = await setup({ auth: 'digest', algorithm: 'SHA-256' }, { credentials: GOOD });
    expect((await client.getScopes()).map((s) => s.item)).toContain(
      'onvif://www.onvif.org/hardware/DS-2CD2143G2-I',
    );
    expect((await client.getNetworkInterfaces())[0]?.ipv4[0]?.address).toBe('192.168.1.64');
    expect((await client.getUsers()).users).toHaveLength(3);
  });

  it('without credentials: DEVICE_AUTH_REQUIRED after one anonymous request', async () => {
    const { dev, client } = await setup({ auth: 'digest' });
    const err = await caught(client.getDeviceInformation());
    expect(err).toBeInstanceOf(CustodianError);
    expect(err).not.toBeInstanceOf(OnvifAuthFailedError);
    expect(err).toMatchObject({ code: 'DEVICE_AUTH_REQUIRED' });
    expect(shape(dev)).toEqual(['GetDeviceInformation:anon:401']);
  });

  it('401 then 401: exactly two requests, OnvifAuthFailedError, no retry', async () => {
    const { dev, client } = await setup({ auth: 'digest' }, { credentials: BAD });
    const err = await caught(client.getDeviceInformation());
    expect(err).toBeInstanceOf(OnvifAuthFailedError);
    expect(err).toMatchObject({
      code: 'DEVICE_AUTH_FAILED',
      detail: 'rejected',
      mechanism: 'digest',
    });
    expect(String(err)).not.toContain(BAD.password);
    await new Promise((r) => setTimeout(r, 50));
    expect(shape(dev)).toEqual([
      'GetDeviceInformation:anon:401',
      'GetDeviceInformation:digest:401',
    ]);
  });
});

describe('UsernameToken-only device', () => {
  it('auto: 400 NotAuthorized, then the clock, then one token stamped on the device clock', async () => {
    const { dev, client } = await setup(
      { auth: 'usernameToken', skewMs: -2 * HOUR },
      { credentials: GOOD },
    );
    expect((await client.getDeviceInformation()).manufacturer).toBe('HIKVISION');
    expect(shape(dev)).toEqual([
      'GetDeviceInformation:anon:400',
      'GetSystemDateAndTime:anon:200',
      'GetDeviceInformation:token:200',
    ]);
    const created = Date.parse(dev.requests[2]?.token?.created ?? '');
    expect(Math.abs(created - (Date.now() - 2 * HOUR))).toBeLessThan(5_000);
    // Once a token worked, later calls send it straight away.
    await client.getUsers();
    expect(shape(dev).slice(3)).toEqual(['GetUsers:token:200']);
  });

  it('a token on the local clock is what the skewed device rejects', async () => {
    const { dev, client } = await setup(
      { auth: 'usernameToken', skewMs: HOUR, preAuthClock: false },
      { credentials: GOOD, auth: 'usernameToken' },
    );
    // The clock is refused anonymously, so the client can only use its own: one try, rejected.
    const err = await caught(client.getDeviceInformation());
    expect(err).toBeInstanceOf(OnvifAuthFailedError);
    expect(shape(dev)).toEqual(['GetSystemDateAndTime:anon:400', 'GetDeviceInformation:token:400']);
  });

  it('wrong password: exactly one token request, then OnvifAuthFailedError', async () => {
    const { dev, client } = await setup(
      { auth: 'usernameToken' },
      { credentials: BAD, auth: 'usernameToken' },
    );
    const err = await caught(client.getUsers());
    expect(err).toMatchObject({ code: 'DEVICE_AUTH_FAILED', mechanism: 'usernameToken' });
    expect(dev.requests.filter((r) => r.token)).toHaveLength(1);
    expect(shape(dev)).toEqual(['GetSystemDateAndTime:anon:200', 'GetUsers:token:400']);
  });

  it('without credentials: ter:NotAuthorized is DEVICE_AUTH_REQUIRED', async () => {
    const { client } = await setup({ auth: 'usernameToken' });
    const err = await caught(client.getScopes());
    expect(err).toMatchObject({ code: 'DEVICE_AUTH_REQUIRED' });
    expect(err).not.toBeInstanceOf(OnvifAuthFailedError);
  });

  it("auth: 'digest' spends nothing on a device that offers no digest", async () => {
    const { dev, client } = await setup(
      { auth: 'usernameToken' },
      { credentials: GOOD, auth: 'digest' },
    );
    const err = await caught(client.getScopes());
    expect(err).toMatchObject({ code: 'DEVICE_AUTH_REQUIRED' });
    expect(err).not.toBeInstanceOf(OnvifAuthFailedError);
    expect(shape(dev)).toEqual(['GetScopes:anon:400']);
  });
});

describe('replies and transport failures', () => {
  it('drops passwords a non-conformant device returns from GetUsers', async () => {
    const { client } = await setup({
      auth: 'none',
      replies: { GetUsers: 'GetUsers.with-password.xml' },
    });
    const users = await client.getUsers();
    expect(users.passwordsDropped).toBe(true);
    expect(JSON.stringify(users)).not.toContain('Leaked');
  });

  it('turns a device fault into OnvifFaultError, and a wrong reply into DEVICE_BAD_REPLY', async () => {
    const { client } = await setup({
      auth: 'none',
      replies: { GetScopes: 'Fault.ActionNotSupported.xml', GetUsers: 'GetScopes.xml' },
    });
    const fault = await caught(client.getScopes());
    expect(fault).toBeInstanceOf(OnvifFaultError);
    expect(fault).toMatchObject({ code: 'DEVICE_BAD_REPLY' });
    expect(await caught(client.getUsers())).toMatchObject({
      code: 'DEVICE_BAD_REPLY',
      detail: 'no GetUsersResponse',
    });
  });

  it('a device that never answers: TIMEOUT', async () => {
    const server = http.createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const client = new OnvifDeviceClient({
        xaddr: `http://127.0.0.1:${port}/onvif/device_service`,
        timeoutMs: 200,
      });
      expect(await caught(client.getSystemDateAndTime())).toMatchObject({ code: 'TIMEOUT' });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('a closed port: DEVICE_UNREACHABLE', async () => {
    const { dev, client } = await setup({ auth: 'none' });
    await dev.close();
    device = null;
    expect(await caught(client.getSystemDateAndTime())).toMatchObject({
      code: 'DEVICE_UNREACHABLE',
    });
  });
});
