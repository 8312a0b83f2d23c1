/** The login hash and the encrypted envelope against dahua.md's test vector and sizes. */
import { describe, expect, it } from 'vitest';
import { DahuaDeviceState } from './device-state';
import { openEnvelope, sealContent } from './envelope';
import { defaultLoginHash } from './login';
import { isAcceptablePassword } from './password-policy';
import { testFleet } from './testing/devices';
import { loginAnswer, TestDahuaClient } from './testing/rpc-client';

describe('Default login hash', () => {
  it('matches the captured test vector (S17a, dahua.md §8), in the lab and the test client', () => {
    const args = ['admin', 'SecretPassword', 'Login to 4H01D66PAJ2FA64', '1753753988'] as const;
    expect(defaultLoginHash(...args)).toBe('71596D591679A707721AD797437DE105');
    expect(loginAnswer(...args)).toBe('71596D591679A707721AD797437DE105');
  });
});

describe('encrypted envelope', () => {
  const state = new DahuaDeviceState(testFleet('127.0.81')[0]!, 0);
  // The client only needs the device's getEncryptInfo reply: answer it from the state directly.
  const client = new TestDahuaClient('http://unused');
  client.outside = async () => ({ result: true, params: { pub: (await state.rsaKey()).pub } });

  it('publishes an RSA-2048 key as N:<hex>,E:010001', async () => {
    expect((await state.rsaKey()).pub).toMatch(/^N:[0-9A-F]{512},E:010001$/);
  });

  for (const cipher of ['AES-128', 'RPAC-256'] as const) {
    it(`opens a ${cipher} envelope and seals a reply with the same key`, async () => {
      const payload = {
        name: 'admin',
        pwd: 'Brand-New-2025',
        CellPhone: '',
        Mail: 'reset@example.com',
      };
      const env = await client.seal(payload, cipher);
      expect(env.salt).toMatch(/^[0-9a-f]{512}$/);
      const opened = openEnvelope(env, await state.rsaKey());
      expect(opened?.payload).toEqual(payload);
      expect(opened?.key.key.toString('ascii')).toMatch(
        cipher === 'AES-128' ? /^\d{16}$/ : /^\d{32}$/,
      );
      expect(sealContent(opened!.key, { result: true })).toMatch(/^[A-Za-z0-9+/]+=*$/);
    });
  }

  it('gives 108 Base64 characters for a 72-byte payload (S14 check)', async () => {
    const payload = { k: 'x'.repeat(64) };
    expect(JSON.stringify(payload)).toHaveLength(72);
    expect((await client.seal(payload)).content).toHaveLength(108);
  });

  it('refuses a tampered salt, an unknown cipher and garbage content', async () => {
    const key = await state.rsaKey();
    const env = await client.seal({ a: 1 });
    expect(openEnvelope({ ...env, salt: env.salt.replace(/^../, '00') }, key)).toBeNull();
    expect(openEnvelope({ ...env, cipher: 'DES' }, key)).toBeNull();
    expect(openEnvelope({ ...env, content: 'AAAA' }, key)).toBeNull();
  });
});

describe('password policy (Web 3.0 manual)', () => {
  it('wants 8..32 characters of two classes and none of \' " ; : &', () => {
    expect(isAcceptablePassword('Brand-New-2025')).toBe(true);
    expect(isAcceptablePassword('abcdefgh')).toBe(false);
    expect(isAcceptablePassword('Ab1')).toBe(false);
    expect(isAcceptablePassword('Abcdefg1;')).toBe(false);
    expect(isAcceptablePassword('x'.repeat(31) + 'Y1')).toBe(false);
  });
});
