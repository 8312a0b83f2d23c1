/**
 * changePassword against the fake ISAPI device (test-device.ts): the lab has no
 * `/ISAPI/Security/users/<id>` route yet, so the QB60 body is checked here on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHikvisionDriver } from './driver';
import { asDevice, labDevice, recordingHttp } from './test-lab';
import { startFakeHik, type FakeHik } from './test-device';

const GOOD = { username: 'admin', password: 'Correct-Horse-1' };
let fake: FakeHik | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function setup() {
  fake = await startFakeHik({
    replies: {
      '/ISAPI/Security/users': [200, 'user-list.xml'],
      '/ISAPI/Security/users/1': [200, 'response-status.ok.xml'],
    },
  });
  const url = new URL(fake.url);
  const { http, sent } = recordingHttp();
  const device = asDevice(labDevice('127.0.0', 1), {
    ip: url.hostname,
    ports: { http: Number(url.port) },
  });
  return { fake, sent, device, driver: createHikvisionDriver({ http }) };
}

describe('changePassword', () => {
  it('reads the admin id and PUTs the <User> body with one digest answer per request', async () => {
    const { fake, sent, device, driver } = await setup();
    await driver.changePassword(device, GOOD, 'Next-Horse-22');
    expect(fake.requests.map((r) => `${r.path}:${r.authorization ? 'digest' : 'anon'}`)).toEqual([
      '/ISAPI/Security/users:anon',
      '/ISAPI/Security/users:digest',
      '/ISAPI/Security/users/1:anon',
      '/ISAPI/Security/users/1:digest',
    ]);
    const put = sent.filter((s) => s.method === 'PUT');
    // The body goes only with the digest answer, never to the anonymous 401.
    expect(put.map((s) => s.body === '')).toEqual([true, false]);
    expect(put[1]!.body).toContain(
      '<User><id>1</id><userName>admin</userName><userLevel>Administrator</userLevel><password>Next-Horse-22</password></User>',
    );
  });

  it('refuses a password the device rules refuse, before sending anything', async () => {
    const { fake, device, driver } = await setup();
    await expect(driver.changePassword(device, GOOD, 'short1')).rejects.toMatchObject({
      code: 'PASSWORD_POLICY',
    });
    expect(fake.requests).toEqual([]);
  });

  it('stops at a refused login: one try, the lock fields, no PUT', async () => {
    const { fake, device, driver } = await setup();
    const err = await driver
      .changePassword(device, { username: 'admin', password: 'Wrong-Guess-1' }, 'Next-Horse-22')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DEVICE_AUTH_FAILED', spent: true });
    expect(err).toHaveProperty('lock.remainingAttempts', 4);
    expect(fake.requests.filter((r) => r.path === '/ISAPI/Security/users/1')).toEqual([]);
  });
});
