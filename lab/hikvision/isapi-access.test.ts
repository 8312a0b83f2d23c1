import { afterEach, describe, expect, it } from 'vitest';
import { startHikvisionFleetWith, type HikvisionRuntime } from './runtime';
import { digestHeader, digestRequest, request } from './testing/digest-client';
import { hikDevice, TEST_PASSWORD } from './testing/devices';
import { fakeContext, type FakeContext } from './testing/fake-context';
import { clientKey, isapiActivatePassword, isapiPublicKeyField } from './testing/rsa-client';

// Our own 127.x range: other lab tests may run beside these in the same namespace.
const PREFIX = '127.0.70';
let runtime: HikvisionRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

async function start(ctx: FakeContext, ...devices: ReturnType<typeof hikDevice>[]) {
  runtime = await startHikvisionFleetWith(devices, ctx, { sadp: false });
  return devices.map((d) => `http://${d.ip}:${d.ports.http}`);
}

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

describe('ISAPI activation', () => {
  it('activates a factory-fresh device over challenge + activate, then serves deviceInfo with Digest', async () => {
    const ctx = fakeContext();
    const [base] = await start(ctx, hikDevice(PREFIX, 1, { account: { state: 'inactive' } }));
    expect(tag((await request(base!, 'GET', '/SDK/activateStatus')).body, 'Activated')).toBe(
      'false',
    );
    const locked = await request(base!, 'GET', '/ISAPI/System/deviceInfo');
    expect([locked.status, tag(locked.body, 'subStatusCode')]).toEqual([403, 'notActivated']);

    const key = clientKey();
    const pk = `<?xml version="1.0" encoding="UTF-8"?><PublicKey><key>${isapiPublicKeyField(key)}</key></PublicKey>`;
    const activate = async (password: string) => {
      const ch = await request(base!, 'POST', '/ISAPI/Security/challenge', pk);
      expect(ch.status).toBe(200);
      const field = isapiActivatePassword(key, tag(ch.body, 'key')!, password);
      return request(
        base!,
        'PUT',
        '/ISAPI/System/activate',
        `<ActivateInfo><password>${field}</password></ActivateInfo>`,
      );
    };
    const weak = await activate('12345678');
    expect(tag(weak.body, 'subStatusCode')).toBe('riskPassword');
    const ok = await activate('Fresh-Cam-77');
    expect([ok.status, tag(ok.body, 'statusCode')]).toEqual([200, '1']);
    expect(tag((await request(base!, 'GET', '/SDK/activateStatus')).body, 'Activated')).toBe(
      'true',
    );
    // Once active, the challenge needs Digest and activate answers hasActivated.
    expect((await request(base!, 'POST', '/ISAPI/Security/challenge', pk)).status).toBe(401);
    const again = await request(
      base!,
      'PUT',
      '/ISAPI/System/activate',
      '<ActivateInfo><password>eA==</password></ActivateInfo>',
    );
    expect(tag(again.body, 'subStatusCode')).toBe('hasActivated');

    const info = await digestRequest(base!, 'GET', '/ISAPI/System/deviceInfo', 'Fresh-Cam-77');
    expect(info.status).toBe(200);
    expect(tag(info.body, 'serialNumber')).toBe('DS-2CD2386G2-IU20230315AAWRJ00000001');
    expect(tag(info.body, 'macAddress')).toBe('44:47:cc:37:ce:01');
    expect(runtime!.snapshot('hik-01')).toMatchObject({ activated: true, emailBound: false });
  });

  it('refuses a plain-text activate password with badParameters', async () => {
    const [base] = await start(
      fakeContext(),
      hikDevice(PREFIX, 2, { account: { state: 'inactive' } }),
    );
    const pk = `<PublicKey><key>${isapiPublicKeyField(clientKey())}</key></PublicKey>`;
    await request(base!, 'POST', '/ISAPI/Security/challenge', pk);
    const r = await request(
      base!,
      'PUT',
      '/ISAPI/System/activate',
      '<ActivateInfo><password>Fresh-Cam-77</password></ActivateInfo>',
    );
    expect(tag(r.body, 'subStatusCode')).toBe('badParameters');
  });
});

describe('ISAPI access control', () => {
  it('challenges with the captured header shape and refuses ?auth= URL credentials (CVE-2017-7921)', async () => {
    const [base] = await start(fakeContext(), hikDevice(PREFIX, 3));
    const r = await request(base!, 'GET', '/ISAPI/System/deviceInfo?auth=YWRtaW46MTEK');
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(
      /^Digest qop="auth", realm="IP Camera\(00003\)", nonce="[0-9a-f]+", stale="FALSE"$/,
    );
    expect(r.body).not.toContain('<serialNumber>');
    const snap = await request(base!, 'GET', '/onvif-http/snapshot?auth=YWRtaW46MTEK');
    expect(snap.status).toBe(401);
  });

  it('locks after N failed logins (fault override), reports lock fields, refuses even the right password', async () => {
    const ctx = fakeContext();
    const [base] = await start(ctx, hikDevice(PREFIX, 4));
    ctx.setFaults('hik-04', { lockAfterFailures: 3 });
    const tries = [];
    for (let i = 0; i < 3; i++)
      tries.push(await digestRequest(base!, 'GET', '/ISAPI/Security/users', `wrong-${i}A`));
    expect(tries.map((t) => t.status)).toEqual([401, 401, 401]);
    expect(tries.map((t) => tag(t.body, 'retryTimes'))).toEqual(['2', '1', '0']);
    expect(tag(tries[2]!.body, 'lockStatus')).toBe('locked');
    expect(Number(tag(tries[2]!.body, 'resLockTime'))).toBe(1800);
    const right = await digestRequest(base!, 'GET', '/ISAPI/Security/users', TEST_PASSWORD);
    expect([right.status, tag(right.body, 'lockStatus')]).toEqual([401, 'locked']);
    expect(runtime!.snapshot('hik-04').httpLockedUntil).not.toBeNull();
    ctx.advance(1801_000);
    const later = await digestRequest(base!, 'GET', '/ISAPI/Security/users', TEST_PASSWORD);
    expect(later.status).toBe(200);
  });

  it('rejects a digest answer computed for another uri without counting it', async () => {
    const [base] = await start(fakeContext(), hikDevice(PREFIX, 5));
    const first = await request(base!, 'GET', '/ISAPI/Security/users');
    const auth = digestHeader(
      first.headers.get('www-authenticate')!,
      'GET',
      '/ISAPI/Security/userCheck',
      'admin',
      TEST_PASSWORD,
    );
    const r = await request(base!, 'GET', '/ISAPI/Security/users', undefined, auth);
    expect([r.status, tag(r.body, 'retryTimes')]).toEqual([401, '5']);
  });
});
