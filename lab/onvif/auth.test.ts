import { describe, expect, it } from 'vitest';
import type { LabUser } from '../fleet/spec';
import { DigestAuthority, parseDigestHeader } from './auth-digest';
import { passwordDigest, verifyUsernameToken } from './auth-wsse';
import { NonceCache } from './nonce-cache';
import { digestAuthorization } from './test-soap-client';

const users: LabUser[] = [{ username: 'admin', password: 'secret', level: 'Administrator' }];

describe('UsernameToken', () => {
  it('computes the onvif.md §3 test vector', () => {
    const nonce = Buffer.from([...Array(16).keys()]);
    expect(passwordDigest(nonce, '2024-01-01T00:00:00.000Z', 'secret')).toBe(
      '//ibx1D1VtrRLBI5fd/nFoXLzBc=',
    );
  });

  it('accepts once, then refuses the same nonce', () => {
    const nonces = new NonceCache();
    const created = '2024-01-01T00:00:00.000Z';
    const nonce = Buffer.from('0123456789abcdef');
    const token = {
      username: 'admin',
      password: passwordDigest(nonce, created, 'secret'),
      passwordType: undefined,
      nonce: nonce.toString('base64'),
      created,
    };
    const now = Date.parse(created) + 1000;
    expect(verifyUsernameToken(token, users, nonces, now).ok).toBe(true);
    expect(verifyUsernameToken(token, users, nonces, now)).toEqual({
      ok: false,
      reason: 'nonce replayed',
    });
  });
});

describe('HTTP Digest', () => {
  it('parses quoted values that contain commas', () => {
    expect(parseDigestHeader('Digest realm="a, b", qop=auth, nonce="n"')).toEqual({
      realm: 'a, b',
      qop: 'auth',
      nonce: 'n',
    });
  });

  it('refuses a nonce it did not issue and flags an expired one as stale', () => {
    const authority = new DigestAuthority('lab');
    const t0 = 1_700_000_000_000;
    const [sha] = authority.challenge(t0);
    const auth = digestAuthorization(sha!, 'admin', 'secret', 'POST', '/onvif/device_service');
    expect(authority.verify(auth, 'POST', '/onvif/device_service', users, t0 + 1000).ok).toBe(true);
    expect(authority.verify(auth, 'POST', '/other', users, t0 + 1000).ok).toBe(false);
    expect(
      authority.verify(auth, 'POST', '/onvif/device_service', users, t0 + 10 * 60_000),
    ).toMatchObject({ ok: false, stale: true });
    const foreign = new DigestAuthority('lab');
    expect(foreign.verify(auth, 'POST', '/onvif/device_service', users, t0 + 1000).ok).toBe(false);
  });
});
