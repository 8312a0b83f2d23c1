import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_ADMIN_PASSWORD } from '../fleet/spec';
import { presetFleet } from '../fleet/presets';
import { startLab, type Lab } from '../lab';
import { labOnvifDevice } from '../manifest';
import { digestAuthorization, envelope, post } from '../onvif/test-soap-client';

// HTTP only (no UDP), on 127.0.0.1 with free ports, so it runs outside the namespace too.
let lab: Lab;
let clock = Date.UTC(2025, 0, 1);
beforeAll(async () => {
  lab = await startLab({
    fleet: presetFleet('mixed-20'),
    loopbackOnly: true,
    wsDiscovery: false,
    httpPort: 0,
    planInputs: { platform: 'darwin', mayBindLowPorts: false },
    now: () => clock,
  });
});
afterAll(() => lab.stop());

const api = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(`${lab.urls.control}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

describe('control API', () => {
  it('lists every device with its live snapshot and faults', async () => {
    const r = await api('GET', 'devices');
    const devices = r.body.devices as { id: string; live: { state: string }; faults: object }[];
    expect(devices.map((d) => d.id)).toEqual(lab.manifest.devices.map((d) => d.id));
    expect(devices[0]!.live.state).toMatch(/factoryDefault|operational/);
    expect(devices[0]!.faults).toMatchObject({ packetLoss: 0, malformed: false });
  });

  it('validates faults and replaces them on PUT (omitted fields reset)', async () => {
    const id = lab.manifest.devices[0]!.id;
    for (const bad of [
      { packetLoss: 2 },
      { latencyMs: -1 },
      { malformed: 'yes' },
      { lockAfterFailures: 0 },
      { colour: 'red' },
      [],
    ])
      expect((await api('PUT', `devices/${id}/faults`, bad)).status).toBe(400);
    const put = await api('PUT', `devices/${id}/faults`, { packetLoss: 0.25, latencyMs: 5 });
    expect(put.status).toBe(200);
    expect((await api('GET', `devices/${id}/faults`)).body).toEqual({
      packetLoss: 0.25,
      latencyMs: 5,
      malformed: false,
      lockAfterFailures: null,
      rebootAfterRequests: null,
    });
    await api('PUT', `devices/${id}/faults`, {});
    expect((await api('GET', `devices/${id}/faults`)).body.packetLoss).toBe(0);
    expect((await api('GET', 'devices/nobody/faults')).status).toBe(404);
  });

  it('reboots a device: its boot time moves', async () => {
    const id = lab.manifest.devices[1]!.id;
    clock += 60_000;
    const r = await api('POST', `devices/${id}/reboot`);
    expect(r.body).toEqual({ rebooted: true, bootedAt: new Date(clock).toISOString() });
    expect(lab.snapshot(id).bootedAt).toBe(new Date(clock).toISOString());
  });

  it('reboots after N requests when the fault says so (once)', async () => {
    const d = labOnvifDevice(lab.manifest, { vendor: 'Milesight', state: 'operational' });
    await api('PUT', `devices/${d.id}/faults`, { rebootAfterRequests: 2 });
    clock += 60_000;
    const soap = envelope('<tds:GetSystemDateAndTime/>');
    await post(d.xaddrs[0]!, soap);
    expect(lab.snapshot(d.id).bootedAt).not.toBe(new Date(clock).toISOString());
    await post(d.xaddrs[0]!, soap);
    expect(lab.snapshot(d.id).bootedAt).toBe(new Date(clock).toISOString());
    await api('PUT', `devices/${d.id}/faults`, {});
  });

  it('has no screen for an ONVIF camera', async () => {
    const d = labOnvifDevice(lab.manifest, { family: 'onvif' });
    expect((await api('GET', `devices/${d.id}/screen`)).status).toBe(404);
  });
});

describe('herospeed recovery screen, desk and mailbox end to end', () => {
  const screen = (id: string, body?: unknown) =>
    api(body === undefined ? 'GET' : 'POST', `devices/${id}/screen`, body);

  it('walks forgot -> QR -> app redeems -> code from the mailbox -> new password works', async () => {
    const d = labOnvifDevice(lab.manifest, { vendor: 'Atix', state: 'operational' });
    const email = d.account.recoveryEmail!;
    expect(email).toMatch(/@mail\.lab\.test$/);
    expect((await screen(d.id)).body).toEqual({ mode: 'login', serial: d.serial });
    expect((await screen(d.id, { action: 'showQr' })).status).toBe(409);
    await screen(d.id, { action: 'openForgot' });
    const qr = (await screen(d.id, { action: 'showQr' })).body;
    expect(qr.mode).toBe('qr');
    expect(String(qr.qrPayload)).toContain(d.serial);
    expect(lab.snapshot(d.id).screen).toBe('qr');

    const redeemed = await fetch(`${lab.urls.desk}redeem`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payload: qr.qrPayload }),
    });
    expect(await redeemed.json()).toEqual({ delivered: true, to: email });
    const mail = (await (await fetch(`${lab.urls.mailbox}${email}.json`)).json()) as {
      messages: { body: string }[];
    };
    const code = /code for device .* is (\d{6})/.exec(mail.messages[0]!.body)![1]!;

    await screen(d.id, { action: 'enterCode' });
    const wrong = code === '000000' ? '111111' : '000000';
    const miss = await screen(d.id, {
      action: 'submitCode',
      code: wrong,
      newPassword: 'New-Pass-1357',
    });
    expect(miss.body).toMatchObject({ mode: 'securityCode', attemptsLeft: 4 });
    const ok = await screen(d.id, { action: 'submitCode', code, newPassword: 'New-Pass-1357' });
    expect(ok.body).toMatchObject({ mode: 'login', notice: 'Password changed.' });

    // The new password works over ONVIF; the old one no longer does.
    const call = async (password: string) => {
      const soap = envelope('<tds:GetDeviceInformation/>');
      const first = await post(d.xaddrs[0]!, soap);
      const ch = first.challenges.find((c) => c.includes('MD5'))!;
      const auth = digestAuthorization(ch, 'admin', password, 'POST', '/onvif/device_service');
      return (await post(d.xaddrs[0]!, soap, { Authorization: auth })).status;
    };
    expect(await call('New-Pass-1357')).toBe(200);
    expect(await call(LAB_ADMIN_PASSWORD)).toBe(401);
    // The payload is used up: a second scan is refused.
    const again = await fetch(`${lab.urls.desk}redeem`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payload: qr.qrPayload }),
    });
    expect(again.status).toBe(410);
  });

  it('a reboot voids the QR in progress', async () => {
    const d = labOnvifDevice(lab.manifest, { vendor: 'Atix', state: 'operational' });
    await screen(d.id, { action: 'openForgot' });
    const qr = (await screen(d.id, { action: 'showQr' })).body;
    await api('POST', `devices/${d.id}/reboot`);
    expect((await screen(d.id)).body.mode).toBe('login');
    const r = await fetch(`${lab.urls.desk}redeem`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payload: qr.qrPayload }),
    });
    expect(r.status).toBe(410);
  });

  it('a recorder without a bound e-mail shows a QR the desk cannot serve', async () => {
    const d = lab.manifest.devices.find(
      (x) =>
        x.family === 'herospeed' && x.account.state === 'operational' && !x.account.recoveryEmail,
    )!;
    await screen(d.id, { action: 'openForgot' });
    const qr = (await screen(d.id, { action: 'showQr' })).body;
    const r = await fetch(`${lab.urls.desk}redeem`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payload: qr.qrPayload }),
    });
    expect(r.status).toBe(409);
    await screen(d.id, { action: 'cancel' });
  });

  it('POST /clock moves the lab clock: a QR code in hand expires at the desk', async () => {
    for (const bad of [{ advanceMs: 0 }, { advanceMs: -5 }, { advanceMs: '1h' }, {}, []])
      expect((await api('POST', 'clock', bad)).status).toBe(400);
    expect((await api('GET', 'clock')).status).toBe(405);
    const d = labOnvifDevice(lab.manifest, { vendor: 'Atix', state: 'operational' });
    await screen(d.id, { action: 'openForgot' });
    const qr = (await screen(d.id, { action: 'showQr' })).body;
    // The lab's clock is this file's `clock` until the first move.
    const left = Date.parse(String(qr.expiresAt)) - clock;
    expect(left).toBeGreaterThan(0);
    const moved = await api('POST', 'clock', { advanceMs: left + 1000 });
    expect(moved.status).toBe(200);
    expect(Date.parse(String(moved.body.now))).toBeGreaterThan(Date.parse(String(qr.expiresAt)));
    const r = await fetch(`${lab.urls.desk}redeem`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payload: qr.qrPayload }),
    });
    expect(r.status).toBe(410);
    expect(((await r.json()) as { error: string }).error).toBe('expired');
    await screen(d.id, { action: 'cancel' });
  });

  it('refuses bad actions and a factory-fresh recorder', async () => {
    const d = labOnvifDevice(lab.manifest, { family: 'herospeed', state: 'factoryDefault' });
    expect((await screen(d.id, { action: 'format-disk' })).status).toBe(400);
    expect((await screen(d.id, { action: 'openForgot' })).body.error).toBe('wrong_screen');
  });
});
