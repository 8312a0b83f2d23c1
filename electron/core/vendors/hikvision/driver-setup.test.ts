/**
 * changePassword against the fake ISAPI device (test-device.ts) on 127.0.0.1: the exact requests
 * and the QB60 body with `loginPassword`, security=1-encrypted under the current password's key.
 * The lab's own `/ISAPI/Security/users/<id>` is exercised in driver.netns.test.ts.
 */
import { createDecipheriv } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { security1Key } from './crypto-client';
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
      '/ISAPI/Security/capabilities:anon',
      '/ISAPI/Security/capabilities:digest',
      '/ISAPI/Security/users/1:anon',
      '/ISAPI/Security/users/1:digest',
    ]);
    const put = sent.filter((s) => s.method === 'PUT');
    // The body goes only with the digest answer, never to the anonymous 401.
    expect(put.map((s) => s.body === '')).toEqual([true, false]);
    const body = put[1]!.body;
    expect(body).toMatch(
      /^<\?xml[^>]*\?><User><id>1<\/id><userName>admin<\/userName><userLevel>Administrator<\/userLevel><password>[0-9a-f]+<\/password><loginPassword>[0-9a-f]+<\/loginPassword><\/User>$/,
    );
    // Neither password travels in clear; both decrypt under the current password's key (§13).
    expect(body).not.toContain('Next-Horse-22');
    expect(body).not.toContain(GOOD.password);
    const iv = /iv=([0-9a-f]{32})/.exec(put[1]!.url)?.[1];
    expect(put[1]!.url).toContain('/ISAPI/Security/users/1?security=1&iv=');
    const key = security1Key('admin', GOOD.password, {
      salt: '2F1C2DE6D8D243EF46F177D830796D51CC10733BEC81DC0CAABE837942351A92',
      isIrreversible: true,
      keyIterateNum: 100,
    });
    const open = (hex: string) => {
      const d = createDecipheriv('aes-128-cbc', key, Buffer.from(iv!, 'hex'));
      const b64 = Buffer.concat([d.update(Buffer.from(hex, 'hex')), d.final()]).toString('latin1');
      return Buffer.from(b64, 'base64').toString('utf8');
    };
    expect(open(/<password>([0-9a-f]+)</.exec(body)![1]!)).toBe('Next-Horse-22');
    expect(open(/<loginPassword>([0-9a-f]+)</.exec(body)![1]!)).toBe(GOOD.password);
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
