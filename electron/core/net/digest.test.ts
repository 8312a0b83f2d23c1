import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildDigestAuthorization,
  computeDigestResponse,
  formatNonceCount,
  parseAuthChallenges,
  parseDigestChallenge,
  type DigestChallenge,
} from './digest';

const fixture = (name: string): string =>
  readFileSync(new URL(`../vendors/onvif/fixtures/${name}`, import.meta.url), 'utf8');

/** The WWW-Authenticate values of a captured 401 head. */
function wwwAuthenticate(head: string): string[] {
  return head
    .split('\r\n')
    .filter((l) => /^www-authenticate:/i.test(l))
    .map((l) => l.slice(l.indexOf(':') + 1).trim());
}

describe('RFC 2617 section 3.5 worked example', () => {
  const challenge = parseDigestChallenge(
    'Digest realm="testrealm@host.com", qop="auth,auth-int", ' +
      'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  );

  it('parses the challenge', () => {
    expect(challenge).toEqual({
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      algorithm: 'MD5',
      qop: ['auth', 'auth-int'],
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
      stale: false,
      userhash: false,
    });
  });

  it('computes response 6629fae49393a05397450978507c4ef1 and the full header', () => {
    const input = {
      challenge: challenge!,
      username: 'Mufasa',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      cnonce: '0a4f113b',
      nc: 1,
    };
    expect(computeDigestResponse(input)).toBe('6629fae49393a05397450978507c4ef1');
    const header = buildDigestAuthorization(input);
    expect(header).toMatch(/^Digest username="Mufasa", realm="testrealm@host.com", /);
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('qop=auth, nc=00000001, cnonce="0a4f113b"');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });
});

describe('RFC 7616 section 3.9.1 examples', () => {
  const base = {
    username: 'Mufasa',
    password: 'Circle of Life',
    method: 'GET',
    uri: '/dir/index.html',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    nc: 1,
  };
  const header = (alg: string): string =>
    `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${alg}, ` +
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';

  it('SHA-256', () => {
    const challenge = parseDigestChallenge(header('SHA-256'))!;
    expect(challenge.algorithm).toBe('SHA-256');
    expect(computeDigestResponse({ ...base, challenge })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('MD5', () => {
    const challenge = parseDigestChallenge(header('MD5'))!;
    expect(computeDigestResponse({ ...base, challenge })).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('picks the first supported challenge when a server sends one per algorithm', () => {
    expect(parseDigestChallenge([header('SHA-256'), header('MD5')])?.algorithm).toBe('SHA-256');
    expect(parseDigestChallenge([header('SHA-512-256'), header('MD5')])?.algorithm).toBe('MD5');
  });
});

describe('parseDigestChallenge on captured heads', () => {
  it('reads the Hikvision-style MD5 challenge (stale="FALSE")', () => {
    const c = parseDigestChallenge(wwwAuthenticate(fixture('www-authenticate.digest.txt')));
    expect(c).toMatchObject({ realm: 'IP Camera(E1234)', algorithm: 'MD5', qop: ['auth'] });
    expect(c?.stale).toBe(false);
  });

  it('prefers the SHA-256 challenge listed first', () => {
    const c = parseDigestChallenge(wwwAuthenticate(fixture('www-authenticate.sha256.txt')));
    expect(c).toMatchObject({ algorithm: 'SHA-256', opaque: 'd2b8e1f0', realm: 'ONVIF' });
  });
});

describe('parseAuthChallenges', () => {
  it('splits joined challenges of several schemes, with escapes and token68', () => {
    const all = parseAuthChallenges(
      'Negotiate YIIG, Basic realm="cam", Digest realm="a \\"b\\", c", nonce=xyz, qop="auth"',
    );
    expect(all.map((c) => c.scheme)).toEqual(['Negotiate', 'Basic', 'Digest']);
    expect(all[2]?.params).toEqual({ realm: 'a "b", c', nonce: 'xyz', qop: 'auth' });
  });

  it('returns no digest challenge for Basic only, garbage or auth-int only', () => {
    expect(parseDigestChallenge('Basic realm="x"')).toBeNull();
    expect(parseDigestChallenge('"""=,,,')).toBeNull();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", qop="auth-int"')).toBeNull();
    expect(parseDigestChallenge('Digest nonce="n"')).toBeNull();
  });
});

describe('buildDigestAuthorization variants', () => {
  const c: DigestChallenge = {
    realm: 'r',
    nonce: 'n',
    algorithm: 'MD5',
    qop: [],
    stale: false,
    userhash: false,
  };
  const input = { username: 'u', password: 'p', method: 'POST', uri: '/x', cnonce: 'c', nc: 1 };

  it('answers an RFC 2069 challenge (no qop) without nc/cnonce', () => {
    const h = buildDigestAuthorization({ ...input, challenge: c });
    expect(h).not.toContain('nc=');
    expect(h).not.toContain('cnonce=');
  });

  it('hashes the user name when the server asks for userhash, and escapes quotes', () => {
    const h = buildDigestAuthorization({ ...input, challenge: { ...c, userhash: true } });
    expect(h).toContain('userhash=true');
    expect(h).not.toContain('username="u"');
    const q = buildDigestAuthorization({ ...input, username: 'a"b', challenge: c });
    expect(q).toContain('username="a\\"b"');
  });

  it('differs for -sess algorithms, which fold the cnonce into HA1', () => {
    const plain = computeDigestResponse({ ...input, challenge: { ...c, qop: ['auth'] } });
    const sess = computeDigestResponse({
      ...input,
      challenge: { ...c, qop: ['auth'], algorithm: 'MD5-sess' },
    });
    expect(sess).not.toBe(plain);
    expect(formatNonceCount(255)).toBe('000000ff');
  });
});
