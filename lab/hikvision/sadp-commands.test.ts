import { describe, expect, it } from 'vitest';
import { SUPPORT_KEY_LENGTH } from './assumptions';
import { HikDeviceState } from './device-state';
import { saltedSadpPassword } from './crypto';
import { accountSnapshot } from './snapshot';
import { handleSadpCommand } from './sadp-commands';
import { parseProbe } from './sadp-messages';
import { hikDevice, TEST_PASSWORD } from './testing/devices';
import { fakeContext } from './testing/fake-context';
import {
  clientKey,
  sadpActivatePassword,
  sadpExchangeField,
  sadpLegacyPassword,
} from './testing/rsa-client';

const MAC = '44-47-cc-37-ce-01';
const tag = (xml: string | null, name: string) =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml ?? '')?.[1];

function setup(account = hikDevice('127.0.72', 1).account) {
  const ctx = fakeContext();
  const s = new HikDeviceState(hikDevice('127.0.72', 1, { account }), ctx);
  const send = (types: string, inner = '', uuid = 'A1B2C3D4-0000-4000-8000-000000000001') =>
    handleSadpCommand(
      s,
      parseProbe(
        Buffer.from(
          `<Probe><Uuid>${uuid}</Uuid><MAC>${MAC}</MAC><Types>${types}</Types>${inner}</Probe>`,
        ),
      )!,
    );
  /** exchangecode, then the password encrypted under its key. */
  const secret = (password: string) => {
    const key = clientKey();
    const code = tag(send('exchangecode', `<Code>${sadpExchangeField(key)}</Code>`), 'Code')!;
    return sadpActivatePassword(key, code, password);
  };
  return { ctx, s, send, secret };
}

describe('SADP commands', () => {
  it('activates over exchangecode + activate, with the real trailing space in Types', () => {
    const { s, send, secret } = setup({ state: 'inactive' });
    expect(tag(send('activate', `<Password>${secret('abcdefgh')}</Password>`), 'Result')).toBe(
      'failed',
    );
    const reply = send('activate', `<Password>${secret('Sadp-Active-9')}</Password>`);
    expect(reply).toContain('<Types>activate </Types><Result>success</Result>');
    expect(s.password).toBe('Sadp-Active-9');
  });

  it('update: both password encodings, no password is denied (CVE-2023-28810), 6 failures lock for 30 min', () => {
    const { ctx, s, send } = setup();
    const net = '<IPv4SubnetMask>255.255.0.0</IPv4SubnetMask>';
    expect(tag(send('update', net), 'Result')).toBe('denied');
    expect(s.net.mask).toBe('255.0.0.0');
    expect(
      tag(
        send('update', `<Password>${sadpLegacyPassword(TEST_PASSWORD)}</Password>${net}`),
        'Result',
      ),
    ).toBe('success');
    const uuid = 'B1B2C3D4-0000-4000-8000-000000000002';
    const salted = saltedSadpPassword('admin', TEST_PASSWORD, s.salt.toLowerCase(), uuid);
    const reply = send('update', `<Password bSalt="true">${salted}</Password>`, uuid);
    expect(tag(reply, 'Result')).toBe('success');
    expect(tag(reply, 'DeviceSN')).toBe(s.device.serial);
    for (let i = 0; i < 6; i++)
      send('update', `<Password>${sadpLegacyPassword(`Wrong-${i}x`)}</Password>`);
    const locked = send('update', `<Password>${sadpLegacyPassword(TEST_PASSWORD)}</Password>`);
    expect(tag(locked, 'Result')).toBe('denied');
    expect(accountSnapshot(s).sadpLockedUntil).toBe(
      new Date(ctx.now() + 30 * 60_000).toISOString(),
    );
    s.reboot();
    expect(
      tag(send('update', `<Password>${sadpLegacyPassword(TEST_PASSWORD)}</Password>`), 'Result'),
    ).toBe('success');
  });

  it('getcode hands a safe code to the desk; reset takes the support key once', () => {
    const { ctx, s, send, secret } = setup();
    const code = tag(send('getcode'), 'Code')!;
    expect(Buffer.from(code, 'base64').subarray(0, 4)).toEqual(Buffer.from([3, 0, 0, 0]));
    const key = ctx.redemptions[0]!;
    expect(key).toMatchObject({ payload: code, deviceId: 'hik-01' });
    expect(
      tag(
        send('reset', `<Code>WRONG123</Code><Password>${secret('Support-Reset-1')}</Password>`),
        'Result',
      ),
    ).toBe('failed');
    expect(
      tag(
        send('reset', `<Code>${key.code}</Code><Password>${secret('Support-Reset-1')}</Password>`),
        'Result',
      ),
    ).toBe('success');
    expect(s.password).toBe('Support-Reset-1');
    expect(ctx.cancelled).toEqual([code]);
  });

  it('e-mail path: SetMailBox, GetQRcodes to the desk, MailReset with the e-mailed code', () => {
    const { ctx, s, send, secret } = setup();
    expect(
      tag(
        send(
          'SetMailBox',
          `<MailBox>new@example.net</MailBox><Password>${secret(TEST_PASSWORD)}</Password>`,
        ),
        'Result',
      ),
    ).toBe('success');
    const qr = tag(send('GetQRcodes'), 'QRCode')!;
    expect(ctx.redemptions[0]).toMatchObject({ payload: qr, email: 'new@example.net' });
    const ok = send(
      'MailReset',
      `<Code>${ctx.redemptions[0]!.code}</Code><Password>${secret('Mail-Reset-22')}</Password><SyncIPCPassword>true</SyncIPCPassword>`,
    );
    expect(tag(ok, 'Result')).toBe('success');
    expect(s.password).toBe('Mail-Reset-22');
  });

  it('GetQRcodes fails without a reserved e-mail, and nothing reaches the desk', () => {
    const { ctx, send } = setup({ state: 'active', adminPassword: TEST_PASSWORD });
    const reply = send('GetQRcodes');
    expect(tag(reply, 'Result')).toBe('failed');
    expect(tag(reply, 'QRCode')).toBeUndefined();
    expect(ctx.redemptions).toEqual([]);
  });

  it('getcode: the support key the desk gets is SUPPORT_KEY_LENGTH (8, §21) characters', () => {
    const { ctx, send } = setup();
    expect(tag(send('getcode'), 'Result')).toBe('success');
    expect(ctx.redemptions[0]!.code).toMatch(new RegExp(`^[A-Z0-9]{${SUPPORT_KEY_LENGTH}}$`));
    expect(SUPPORT_KEY_LENGTH).toBe(8);
  });

  it('GUID: export with the password, reset with the GUID, which then is void', () => {
    const { s, send, secret } = setup();
    const guid = tag(send('ExportGUID', `<Password>${secret(TEST_PASSWORD)}</Password>`), 'GUID')!;
    expect(accountSnapshot(s).guidExported).toBe(true);
    const reset = () =>
      send('GUIDReset', `<GUID>${guid}</GUID><Password>${secret('Guid-Reset-33')}</Password>`);
    expect(tag(reset(), 'Result')).toBe('success');
    expect(tag(reset(), 'Result')).toBe('failed');
  });

  it('security questions: set three, list ids without answers, reset by answers', () => {
    const { s, send, secret } = setup();
    const qs = (a: string) =>
      `<QuestionList>${[2, 5, 9].map((id, i) => `<Question><ID>${id}</ID><Answer>${a}${i}</Answer><mark>true</mark></Question>`).join('')}</QuestionList>`;
    expect(
      tag(
        send('setsecurityquestion', `${qs('ans')}<Password>${secret(TEST_PASSWORD)}</Password>`),
        'Result',
      ),
    ).toBe('success');
    const list = send('getsecurityquestion');
    expect(list).toContain('<ID>5</ID><mark>true</mark>');
    expect(list).not.toContain('ans');
    expect(
      tag(
        send('AnswerReset', `${qs('bad')}<Password>${secret('Answer-Reset-4')}</Password>`),
        'Result',
      ),
    ).toBe('failed');
    expect(
      tag(
        send('AnswerReset', `${qs('ans')}<Password>${secret('Answer-Reset-4')}</Password>`),
        'Result',
      ),
    ).toBe('success');
    expect(s.password).toBe('Answer-Reset-4');
  });

  it('ignores verbs it does not know', () => {
    expect(setup().send('restoreInactive')).toBeNull();
  });
});
