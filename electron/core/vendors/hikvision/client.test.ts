/**
 * HikvisionIsapiClient against a fake device on 127.0.0.1 (test-device.ts): anonymous pre-login
 * endpoints, one digest try per call, the lock fields of a refused login, and ISAPI errors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CustodianError } from '../../../shared/errors';
import { HikvisionIsapiClient, type HikvisionIsapiClientOptions } from './client';
import { HikvisionAuthError, IsapiStatusError } from './errors';
import { startFakeHik, type FakeHik, type FakeHikOptions } from './test-device';

const GOOD = { username: 'admin', password: 'Correct-Horse-1' };
const BAD = { username: 'admin', password: 'wrong-guess' };

let device: FakeHik | null = null;
afterEach(async () => {
  await device?.close();
  device = null;
});

async function setup(
  dev: FakeHikOptions = {},
  client: Omit<HikvisionIsapiClientOptions, 'baseUrl'> = {},
): Promise<{ dev: FakeHik; client: HikvisionIsapiClient }> {
  device = await startFakeHik(dev);
  return { dev: device, client: new HikvisionIsapiClient({ baseUrl: device.url, ...client }) };
}

const caught = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => 'resolved',
    (e: unknown) => e,
  );
/** What each request carried and got, e.g. `/ISAPI/System/deviceInfo:digest:200`. */
const shape = (dev: FakeHik): string[] =>
  dev.requests.map((r) => `${r.path}:${r.authorization ? 'digest' : 'anon'}:${r.status}`);

describe('pre-login endpoints', () => {
  it('reads activateStatus without credentials, even when it has some', async () => {
    const { dev, client } = await setup({ activated: false }, { credentials: GOOD });
    expect(await client.getActivateStatus()).toEqual({ activated: false, supportVersion: null });
    expect(shape(dev)).toEqual(['/SDK/activateStatus:anon:200']);
  });

  it('reads the extern reset capabilities without credentials', async () => {
    const { dev, client } = await setup({}, { credentials: GOOD });
    const caps = await client.getExternSecurityCapabilities();
    expect(caps).toMatchObject({ resetWithSecurityEmail: true, minResetMethods: 1 });
    expect(shape(dev)).toEqual(['/ISAPI/Security/extern/capabilities:anon:200']);
  });

  it('sends no credentials to a device that protects extern caps, and says so', async () => {
    const { dev, client } = await setup({ protectExtern: true }, { credentials: GOOD });
    const err = await caught(client.getExternSecurityCapabilities());
    expect(err).toMatchObject({ code: 'DEVICE_AUTH_REQUIRED', spent: false });
    expect(shape(dev)).toEqual(['/ISAPI/Security/extern/capabilities:anon:401']);
  });
});

describe('digest endpoints', () => {
  it('answers one challenge and decodes deviceInfo', async () => {
    const { dev, client } = await setup({}, { credentials: GOOD });
    const info = await client.getDeviceInfo();
    expect(info).toMatchObject({ model: 'DS-2CD2386G2-IU', macAddress: '14:92:3c:4f:f8:42' });
    expect(shape(dev)).toEqual([
      '/ISAPI/System/deviceInfo:anon:401',
      '/ISAPI/System/deviceInfo:digest:200',
    ]);
    expect(dev.requests[1]!.authorization).toMatch(/realm="IP Camera\(C2183\)".*qop=auth/);
  });

  it('reads the security capabilities', async () => {
    const { client } = await setup({}, { credentials: GOOD });
    const caps = await client.getSecurityCapabilities();
    expect(caps).toMatchObject({
      securityQuestions: true,
      securityEmail: true,
      passwordLength: { min: 8, max: 16 },
    });
  });

  it('throws DEVICE_AUTH_REQUIRED without credentials, having sent none', async () => {
    const { dev, client } = await setup();
    const err = await caught(client.getDeviceInfo());
    expect(err).toBeInstanceOf(HikvisionAuthError);
    expect(err).toMatchObject({ code: 'DEVICE_AUTH_REQUIRED', spent: false, lock: null });
    expect(shape(dev)).toEqual(['/ISAPI/System/deviceInfo:anon:401']);
  });

  it('spends exactly one try on a wrong password and reports the tries left', async () => {
    const { dev, client } = await setup({}, { credentials: BAD });
    const err = await caught(client.getDeviceInfo());
    expect(err).toBeInstanceOf(HikvisionAuthError);
    expect(err).toMatchObject({
      code: 'DEVICE_AUTH_FAILED',
      spent: true,
      stale: false,
      lock: { shape: 'userCheck', locked: false, remainingAttempts: 4, unlockInSeconds: 0 },
    });
    expect(shape(dev)).toEqual([
      '/ISAPI/System/deviceInfo:anon:401',
      '/ISAPI/System/deviceInfo:digest:401',
    ]);
    expect(String((err as Error).message)).not.toContain(BAD.password);
  });

  it('reports the lock once the device locks, and never retries on its own', async () => {
    const { dev, client } = await setup({ maxTries: 2 }, { credentials: BAD });
    await caught(client.getDeviceInfo());
    const err = await caught(client.getDeviceInfo());
    expect(err).toMatchObject({
      code: 'DEVICE_AUTH_FAILED',
      detail: 'locked',
      lock: { locked: true, remainingAttempts: 0, unlockInSeconds: 1800 },
    });
    expect(dev.requests.filter((r) => r.authorization)).toHaveLength(2);
  });
});

describe('ISAPI errors', () => {
  it('turns notActivated into an IsapiStatusError the caller can act on', async () => {
    const { client } = await setup({ activated: false }, { credentials: GOOD });
    const err = await caught(client.getDeviceInfo());
    expect(err).toBeInstanceOf(IsapiStatusError);
    expect(err).toMatchObject({
      code: 'DEVICE_BAD_REPLY',
      httpStatus: 403,
      status: { statusCode: 4, subStatusCode: 'notActivated' },
    });
  });

  it('turns notSupport with HTTP 403 into an IsapiStatusError', async () => {
    const { client } = await setup(
      { replies: { '/ISAPI/Security/capabilities': [403, 'response-status.not-support.xml'] } },
      { credentials: GOOD },
    );
    const err = await caught(client.getSecurityCapabilities());
    expect(err).toMatchObject({ httpStatus: 403, status: { subStatusCode: 'notSupport' } });
  });

  it('refuses a reply that is not the document asked for', async () => {
    const { client } = await setup(
      { replies: { '/ISAPI/System/deviceInfo': [200, 'security-capabilities.xml'] } },
      { credentials: GOOD },
    );
    const err = await caught(client.getDeviceInfo());
    expect(err).toMatchObject({ code: 'DEVICE_BAD_REPLY' });
    expect((err as CustodianError).detail).toMatch(/expected <DeviceInfo>, got <SecurityCap>/);
  });

  it('refuses a base URL that is not http', () => {
    expect(() => new HikvisionIsapiClient({ baseUrl: 'https://127.0.0.1' })).toThrow(
      CustodianError,
    );
    expect(() => new HikvisionIsapiClient({ baseUrl: 'nope' })).toThrow(CustodianError);
  });
});
