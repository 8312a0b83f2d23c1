import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_ADMIN_PASSWORD } from '../fleet/spec';
import { LAB_VIEWER_PASSWORD, presetFleet } from '../fleet/presets';
import { startLab, type Lab } from '../lab';
import { labOnvifDevice, type OnvifManifestDevice } from '../manifest';
import { digestAuthorization, envelope, post, usernameToken } from './test-soap-client';

// HTTP only (no UDP), on 127.0.0.1 with free ports, so it runs outside the namespace too.
let lab: Lab;
let op: OnvifManifestDevice;
let viewerDev: OnvifManifestDevice;
let fresh: OnvifManifestDevice;
const url = (d: OnvifManifestDevice) => d.xaddrs[0]!;
const PATH = '/onvif/device_service';
const call = (
  d: OnvifManifestDevice,
  opXml: string,
  header = '',
  headers: Record<string, string> = {},
) => post(url(d), envelope(opXml, header), headers);

beforeAll(async () => {
  lab = await startLab({
    fleet: presetFleet('onvif-5'),
    loopbackOnly: true,
    wsDiscovery: false,
    httpPort: 0,
    planInputs: { platform: 'darwin', mayBindLowPorts: false },
  });
  op = labOnvifDevice(lab.manifest, { vendor: 'HiLook' });
  viewerDev = labOnvifDevice(lab.manifest, { vendor: 'Atix' });
  fresh = labOnvifDevice(lab.manifest, { state: 'factoryDefault' });
});
afterAll(() => lab.stop());

describe('device service: access classes', () => {
  it('answers GetSystemDateAndTime without credentials, with UTCDateTime', async () => {
    const r = await call(op, '<tds:GetSystemDateAndTime/>');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<tt:UTCDateTime>');
  });

  it('challenges an anonymous GetDeviceInformation with SHA-256 and MD5 digest', async () => {
    const r = await call(op, '<tds:GetDeviceInformation/>');
    expect(r.status).toBe(401);
    expect(r.challenges).toHaveLength(2);
    expect(r.challenges[0]).toMatch(/algorithm=SHA-256/);
    expect(r.challenges[1]).toMatch(/algorithm=MD5/);
    expect(r.challenges[0]).toMatch(/qop="auth"/);
  });

  it.each(['SHA-256', 'MD5'])('accepts HTTP digest with %s', async (alg) => {
    const first = await call(op, '<tds:GetDeviceInformation/>');
    const ch = first.challenges.find((c) => c.includes(`algorithm=${alg}`))!;
    const auth = digestAuthorization(ch, 'admin', LAB_ADMIN_PASSWORD, 'POST', PATH);
    const r = await call(op, '<tds:GetDeviceInformation/>', '', { Authorization: auth });
    expect(r.status).toBe(200);
    expect(r.body).toContain(`<tds:SerialNumber>${op.serial}</tds:SerialNumber>`);
  });

  it('answers a wrong digest password with a fresh 401 challenge', async () => {
    const first = await call(op, '<tds:GetDeviceInformation/>');
    const auth = digestAuthorization(first.challenges[0]!, 'admin', 'wrong-password', 'POST', PATH);
    const r = await call(op, '<tds:GetDeviceInformation/>', '', { Authorization: auth });
    expect(r.status).toBe(401);
    expect(r.challenges.length).toBeGreaterThan(0);
  });

  it('refuses a User-level caller for GetUsers (READ_SYSTEM_SECRET) but lets it read system info', async () => {
    const info = await call(
      viewerDev,
      '<tds:GetDeviceInformation/>',
      usernameToken('viewer', LAB_VIEWER_PASSWORD),
    );
    expect(info.status).toBe(200);
    const users = await call(
      viewerDev,
      '<tds:GetUsers/>',
      usernameToken('viewer', LAB_VIEWER_PASSWORD),
    );
    expect(users.status).toBe(400);
    expect(users.body).toContain('ter:NotAuthorized');
  });
});

describe('device service: UsernameToken', () => {
  const getInfo = (header: string) => call(op, '<tds:GetDeviceInformation/>', header);

  it('accepts a valid token', async () => {
    expect((await getInfo(usernameToken('admin', LAB_ADMIN_PASSWORD))).status).toBe(200);
  });

  it('answers a wrong password with HTTP 400 ter:NotAuthorized', async () => {
    const r = await getInfo(usernameToken('admin', 'Wrong-Password-1'));
    expect(r.status).toBe(400);
    expect(r.body).toContain('ter:NotAuthorized');
    expect(r.challenges).toHaveLength(0);
  });

  it('refuses a replayed nonce', async () => {
    const header = usernameToken('admin', LAB_ADMIN_PASSWORD);
    expect((await getInfo(header)).status).toBe(200);
    expect((await getInfo(header)).status).toBe(400);
  });

  it('refuses a stale Created', async () => {
    const created = new Date(Date.now() - 10 * 60_000).toISOString();
    expect((await getInfo(usernameToken('admin', LAB_ADMIN_PASSWORD, { created }))).status).toBe(
      400,
    );
  });

  it('refuses a token without nonce or without Created', async () => {
    expect(
      (await getInfo(usernameToken('admin', LAB_ADMIN_PASSWORD, { nonce: null }))).status,
    ).toBe(400);
    expect(
      (await getInfo(usernameToken('admin', LAB_ADMIN_PASSWORD, { created: null }))).status,
    ).toBe(400);
  });
});

describe('device service: users and Profile Q', () => {
  it('never returns a password from GetUsers', async () => {
    const r = await call(op, '<tds:GetUsers/>', usernameToken('admin', LAB_ADMIN_PASSWORD));
    expect(r.status).toBe(200);
    expect(r.body).toContain('<tt:Username>admin</tt:Username>');
    expect(r.body).not.toContain('Password');
    expect(r.body).not.toContain(LAB_ADMIN_PASSWORD);
  });

  it('refuses to delete the fixed admin user', async () => {
    const r = await call(
      op,
      '<tds:DeleteUsers><tds:Username>admin</tds:Username></tds:DeleteUsers>',
      usernameToken('admin', LAB_ADMIN_PASSWORD),
    );
    expect(r.status).toBe(400);
    expect(r.body).toContain('ter:FixedUser');
  });

  it('moves a factory-default device to operational when an admin password is created', async () => {
    const user = (name: string, pw: string) =>
      `<tds:User><tt:Username>${name}</tt:Username><tt:Password>${pw}</tt:Password><tt:UserLevel>Administrator</tt:UserLevel></tds:User>`;
    expect((await call(fresh, '<tds:GetUsers/>')).status).toBe(200); // anonymous full access
    let scopes = await call(fresh, '<tds:GetScopes/>');
    expect(scopes.body).toContain('Profile/Q/FactoryDefault');

    const weak = await call(fresh, `<tds:CreateUsers>${user('admin', 'admin')}</tds:CreateUsers>`);
    expect(weak.status).toBe(400);
    expect(weak.body).toContain('ter:Password');
    expect(lab.device(fresh.id).state).toBe('factoryDefault');

    const made = await call(
      fresh,
      `<tds:CreateUsers>${user('admin', 'Fresh-Pass-2024')}</tds:CreateUsers>`,
    );
    expect(made.status).toBe(200);
    expect(lab.device(fresh.id).state).toBe('operational');
    expect((await call(fresh, '<tds:GetScopes/>')).status).toBe(401);
    scopes = await call(fresh, '<tds:GetScopes/>', usernameToken('admin', 'Fresh-Pass-2024'));
    expect(scopes.body).toContain('Profile/Q/Operational');
    expect(scopes.body).not.toContain('Profile/Q/FactoryDefault');

    const clash = await call(
      fresh,
      `<tds:CreateUsers>${user('admin', 'Other-Pass-2024')}</tds:CreateUsers>`,
      usernameToken('admin', 'Fresh-Pass-2024'),
    );
    expect(clash.body).toContain('ter:UsernameClash');
  });
});

describe('device service: hostile input', () => {
  it('refuses a DOCTYPE', async () => {
    const r = await post(url(op), '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>');
    expect(r.status).toBe(400);
    expect(r.body).toContain('ter:WellFormed');
  });

  it('refuses an oversized body with 413', async () => {
    const r = await post(
      url(op),
      envelope(`<tds:GetSystemDateAndTime>${'x'.repeat(70_000)}</tds:GetSystemDateAndTime>`),
    );
    expect(r.status).toBe(413);
  });

  it('answers GET with 405 and an unknown operation with ActionNotSupported', async () => {
    expect((await post(url(op), '', {}, 'GET')).status).toBe(405);
    const r = await call(op, '<tds:SystemReboot/>', usernameToken('admin', LAB_ADMIN_PASSWORD));
    expect(r.status).toBe(500);
    expect(r.body).toContain('ter:ActionNotSupported');
  });
});
