/**
 * `PUT /ISAPI/Security/users/<id>` (hikvision.md §14): Digest first, then the current password in
 * the body, then the device's password rules; only then does the password change (and the GUID
 * exported for the old one stop working, §19).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHikvisionFleetWith, type HikvisionRuntime } from './runtime';
import { digestRequest, request } from './testing/digest-client';
import { hikDevice, TEST_PASSWORD } from './testing/devices';
import { fakeContext } from './testing/fake-context';

// Our own 127.x range: other lab tests may run beside these in the same namespace.
const PREFIX = '127.0.74';
const NEXT = 'Next-Lab-1357';
let runtime: HikvisionRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

async function start(n: number, over: Parameters<typeof hikDevice>[2] = {}) {
  const d = hikDevice(PREFIX, n, over);
  runtime = await startHikvisionFleetWith([d], fakeContext(), { sadp: false });
  return { base: `http://${d.ip}:${d.ports.http}`, id: d.id };
}

const user = (o: { password?: string; login?: string; id?: string; level?: string } = {}) =>
  "<?xml version='1.0' encoding='UTF-8'?><User>" +
  `<id>${o.id ?? '1'}</id><userName>admin</userName><userLevel>${o.level ?? 'Administrator'}</userLevel>` +
  (o.password === undefined ? '' : `<password>${o.password}</password>`) +
  (o.login === undefined ? '' : `<loginPassword>${o.login}</loginPassword>`) +
  '</User>';

const retryTimes = (body: string) => Number(/<retryTimes>(\d+)</.exec(body)?.[1]);

describe('ISAPI PUT /ISAPI/Security/users/<id>', () => {
  it('changes the admin password with the old one verified; the old one and the GUID stop working', async () => {
    const { base, id } = await start(1, {
      account: { state: 'active', adminPassword: TEST_PASSWORD, guidExported: true },
    });
    expect((await request(base, 'PUT', '/ISAPI/Security/users/1', user())).status).toBe(401);
    const ok = await digestRequest(
      base,
      'PUT',
      '/ISAPI/Security/users/1',
      TEST_PASSWORD,
      user({ password: NEXT, login: TEST_PASSWORD }),
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<subStatusCode>ok</subStatusCode>');
    const check = (pwd: string) => digestRequest(base, 'GET', '/ISAPI/Security/userCheck', pwd);
    expect((await check(TEST_PASSWORD)).status).toBe(401);
    expect((await check(NEXT)).status).toBe(200);
    expect(runtime!.snapshot(id)).toMatchObject({ guidExported: false });
    expect(JSON.stringify(runtime!.snapshot(id))).not.toContain(NEXT);
  });

  it('refuses a missing or wrong current password (a wrong one counts towards the lock)', async () => {
    const { base } = await start(2);
    const put = (body: string) =>
      digestRequest(base, 'PUT', '/ISAPI/Security/users/1', TEST_PASSWORD, body);
    const missing = await put(user({ password: NEXT }));
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('badParameters');
    const wrong = await put(user({ password: NEXT, login: 'Not-The-One-9' }));
    expect(wrong.status).toBe(403);
    expect(wrong.body).toContain('badAuthorization');
    expect(retryTimes(wrong.body)).toBe(4);
    // The right Digest answer of the next request resets the counter first, as every other
    // body-password check in the lab does; the wrong body password is then counted again.
    const again = await put(user({ password: NEXT, login: 'Not-The-One-8' }));
    expect(retryTimes(again.body)).toBe(4);
    // Nothing changed: the password in force still logs in.
    expect(
      (await digestRequest(base, 'GET', '/ISAPI/Security/userCheck', TEST_PASSWORD)).status,
    ).toBe(200);
  });

  it('refuses a password the device rules call risky, another user, and a demotion', async () => {
    const { base } = await start(3);
    const put = (path: string, body: string) =>
      digestRequest(base, 'PUT', path, TEST_PASSWORD, body);
    const risky = await put(
      '/ISAPI/Security/users/1',
      user({ password: 'password', login: TEST_PASSWORD }),
    );
    expect(risky.status).toBe(400);
    expect(risky.body).toContain('riskPassword');
    const other = await put(
      '/ISAPI/Security/users/2',
      user({ id: '2', password: NEXT, login: TEST_PASSWORD }),
    );
    expect(other.status).toBe(404);
    const mismatch = await put(
      '/ISAPI/Security/users/1',
      user({ id: '2', password: NEXT, login: TEST_PASSWORD }),
    );
    expect(mismatch.status).toBe(400);
    const demote = await put(
      '/ISAPI/Security/users/1',
      user({ level: 'Viewer', password: NEXT, login: TEST_PASSWORD }),
    );
    expect(demote.status).toBe(403);
    expect(demote.body).toContain('lowPrivilege');
    const get = await digestRequest(base, 'GET', '/ISAPI/Security/users/1', TEST_PASSWORD);
    expect(get.status).toBe(405);
    expect(
      (await digestRequest(base, 'GET', '/ISAPI/Security/userCheck', TEST_PASSWORD)).status,
    ).toBe(200);
  });
});

describe('ISAPI email/qrCode without a reserved e-mail', () => {
  it('refuses with ResponseStatus 4 invalidOperation and registers nothing at the desk', async () => {
    const ctx = fakeContext();
    const d = hikDevice(PREFIX, 4, { account: { state: 'active', adminPassword: TEST_PASSWORD } });
    runtime = await startHikvisionFleetWith([d], ctx, { sadp: false });
    const r = await request(
      `http://${d.ip}:${d.ports.http}`,
      'GET',
      '/ISAPI/Security/email/qrCode?format=json',
    );
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ statusCode: 4, subStatusCode: 'invalidOperation' });
    expect(ctx.redemptions).toEqual([]);
  });
});
