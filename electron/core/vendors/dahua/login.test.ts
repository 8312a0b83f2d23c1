/**
 * The pure side of the login: the reply codec on the captured bodies, the Default hash on the
 * published test vector, and the failure mapping the lockout guard depends on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  dahuaDefaultHash,
  loginFailure,
  loginStep2Params,
  readChallenge,
  serialFromRealm,
} from './login';
import { decodeRpcReply, encodeRpcRequest, type RpcReply } from './rpc-codec';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function reply(name: string): RpcReply {
  const decoded = decodeRpcReply(fixture(name));
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.reply;
}

describe('decodeRpcReply', () => {
  it('reads the captured challenge', () => {
    expect(reply('login-challenge.json')).toMatchObject({
      id: 2,
      result: false,
      error: { code: 268632079, message: 'Component error: login challenge!' },
      session: 'be7dcfc7d3fb33e74f028ce4498b60de',
    });
  });

  it('keeps an integer session as an integer (older firmware)', () => {
    expect(reply('login-bad-credentials.json').session).toBe(76594003);
  });

  it.each<[string, string | Buffer, RegExp]>([
    ['HTML', '<html>401</html>', /not JSON/],
    ['broken JSON', '{"result":', /not valid JSON/],
    ['an array', '[1]', /not JSON/],
    ['oversize', Buffer.alloc(2 * 1024 * 1024, 0x20), /over/],
  ])('refuses %s', (_name, body, reason) => {
    const decoded = decodeRpcReply(body);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.reason).toMatch(reason);
  });

  it('tolerates a NUL/newline trailer and drops odd field types', () => {
    const decoded = decodeRpcReply(
      '{"id":"x","result":"yes","params":[1],"session":"a b","error":{"code":1.5,"message":"m\\u0007"}}\n\0',
    );
    expect(decoded).toEqual({
      ok: true,
      reply: {
        id: null,
        result: null,
        params: null,
        session: null,
        error: { code: null, message: 'm' },
      },
    });
  });
});

describe('the login challenge and hash', () => {
  it('reads realm, random, encryption, serial and MAC from the captured challenge', () => {
    expect(readChallenge(reply('login-challenge.json'))).toEqual({
      realm: 'Login to 4H01D66PAJ2FA64',
      random: '1753753988',
      encryption: 'Default',
      serial: '4H01D66PAJ2FA64',
      mac: '38:af:29:bb:bc:ab',
      session: 'be7dcfc7d3fb33e74f028ce4498b60de',
    });
  });

  it('accepts the 401 challenge code some firmware uses, and nothing else', () => {
    const challenge = reply('login-challenge.json');
    expect(readChallenge({ ...challenge, error: { code: 401, message: '' } })).not.toBeNull();
    expect(readChallenge(reply('login-bad-credentials.json'))).toBeNull();
    expect(readChallenge(reply('login-success.json'))).toBeNull();
  });

  it('computes the published test vector', () => {
    const hash = dahuaDefaultHash({
      username: 'admin',
      password: 'SecretPassword',
      realm: 'Login to 4H01D66PAJ2FA64',
      random: '1753753988',
    });
    expect(hash).toBe('71596D591679A707721AD797437DE105');
  });

  it('builds the documented step-2 body', () => {
    const body = encodeRpcRequest({
      method: 'global.login',
      params: loginStep2Params('admin', '71596D591679A707721AD797437DE105'),
      id: 3,
      session: 'be7dcfc7d3fb33e74f028ce4498b60de',
    });
    expect(JSON.parse(body)).toEqual(JSON.parse(fixture('login-step2-request.json')));
  });

  it.each([
    ['Login to 4H01D66PAJ2FA64', '4H01D66PAJ2FA64'],
    ['Login to ', null],
    ['Digest realm', null],
  ])('serial of realm %j is %j', (realm, serial) => {
    expect(serialFromRealm(realm)).toBe(serial);
  });
});

describe('loginFailure (what the lockout guard reads)', () => {
  it('maps the captured refusal with tries left', () => {
    expect(loginFailure(reply('login-bad-credentials.json'), true)).toEqual({
      ok: false,
      reason: 'badCredentials',
      attemptSpent: true,
      code: 268632085,
      message: 'Component error: User or password not valid!',
      remainLoginTimes: 3,
      remainLockSeconds: 0,
    });
  });

  it('maps a lock with its remaining seconds', () => {
    expect(loginFailure(reply('login-locked.json'), true)).toMatchObject({
      reason: 'locked',
      remainLoginTimes: 0,
      remainLockSeconds: 287,
    });
  });

  it('reads the try that triggered the lock as locked', () => {
    const last = reply('login-bad-credentials.json');
    const params = { remainLockSecond: 300, remainLoginTimes: 0 };
    expect(loginFailure({ ...last, params }, true).reason).toBe('locked');
  });

  it.each([
    [268632086, 'notInitialized'],
    [268632073, 'blacklisted'],
    [268632074, 'inUse'],
    [268632075, 'busy'],
    [268632070, 'badCredentials'],
    [268959743, 'refused'],
  ])('code %i -> %s', (code, reason) => {
    const r: RpcReply = {
      id: 1,
      result: false,
      params: null,
      session: null,
      error: { code, message: '' },
    };
    expect(loginFailure(r, true)).toMatchObject({ reason, remainLoginTimes: null });
  });
});
