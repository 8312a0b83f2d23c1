import { afterEach, describe, expect, it } from 'vitest';
import { startHikvisionFleetWith, type HikvisionRuntime } from './runtime';
import { digestRequest, request } from './testing/digest-client';
import { hikDevice, TEST_PASSWORD } from './testing/devices';
import { fakeContext, type FakeContext } from './testing/fake-context';

// Our own 127.x range: other lab tests may run beside these in the same namespace.
const PREFIX = '127.0.73';
let runtime: HikvisionRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

async function start(ctx: FakeContext, ...devices: ReturnType<typeof hikDevice>[]) {
  runtime = await startHikvisionFleetWith(devices, ctx, { sadp: false });
  return devices.map((d) => `http://${d.ip}:${d.ports.http}`);
}

describe('ISAPI recovery', () => {
  it('hands out a QR whose random code goes to the desk; wrong codes decrement attempts; the right one resets', async () => {
    const ctx = fakeContext();
    const [base] = await start(ctx, hikDevice(PREFIX, 6));
    const qr = JSON.parse(
      (await request(base!, 'GET', '/ISAPI/Security/email/qrCode?format=json')).body,
    );
    const again = JSON.parse(
      (await request(base!, 'GET', '/ISAPI/Security/email/qrCode?format=json')).body,
    );
    expect(ctx.redemptions).toHaveLength(2);
    const [a, b] = ctx.redemptions;
    expect(a!.payload).toBe(qr.SecurityQRCode.QRCode);
    expect(b!.payload).toBe(again.SecurityQRCode.QRCode);
    expect(a!.code).not.toBe(b!.code);
    expect(a!.code).toMatch(/^[A-Z0-9]{8}$/);
    expect(b).toMatchObject({
      family: 'hikvision',
      deviceId: 'hik-06',
      email: 'owner@example.com',
    });
    expect(b!.expiresAt - ctx.now()).toBe(48 * 3600_000);
    expect(ctx.cancelled).toEqual([a!.payload]);

    const cert = (code: string, password = 'Back-In-2024') =>
      request(
        base!,
        'PUT',
        '/ISAPI/Security/emailCertification?format=json',
        JSON.stringify({ EmailCertification: { verificationCode: code, password } }),
      );
    const wrong = JSON.parse((await cert('ZZZZ9999')).body);
    expect(wrong).toMatchObject({ statusCode: 4, retryTimes: 4 });
    expect(JSON.parse((await cert('ZZZZ9998')).body).retryTimes).toBe(3);
    expect((await cert(a!.code)).status).toBe(400);
    const ok = await cert(b!.code);
    expect(ok.status).toBe(200);
    expect(
      (await digestRequest(base!, 'GET', '/ISAPI/Security/userCheck', 'Back-In-2024')).status,
    ).toBe(200);
    expect(ctx.cancelled).toContain(b!.payload);
  });

  it('a reboot cancels the pending QR at the desk and changes the boot time', async () => {
    const ctx = fakeContext();
    const [base] = await start(ctx, hikDevice(PREFIX, 7));
    await request(base!, 'GET', '/ISAPI/Security/email/qrCode?format=json');
    const boot = runtime!.snapshot('hik-07').bootTime;
    await runtime!.reboot('hik-07');
    expect(ctx.cancelled).toEqual([ctx.redemptions[0]!.payload]);
    expect(runtime!.snapshot('hik-07').bootTime).not.toBe(boot);
    const r = await request(
      base!,
      'PUT',
      '/ISAPI/Security/emailCertification?format=json',
      JSON.stringify({ verificationCode: ctx.redemptions[0]!.code, password: 'Back-In-2024' }),
    );
    expect(r.status).toBe(403);
  });

  it('rebootAfterRequests reboots in the middle of a flow', async () => {
    const ctx = fakeContext();
    const [base] = await start(ctx, hikDevice(PREFIX, 8));
    ctx.setFaults('hik-08', { rebootAfterRequests: 2 });
    await request(base!, 'GET', '/ISAPI/Security/email/qrCode?format=json');
    expect(ctx.cancelled).toHaveLength(0);
    await request(base!, 'GET', '/SDK/activateStatus');
    expect(ctx.cancelled).toEqual([ctx.redemptions[0]!.payload]);
  });

  it('sets security questions and e-mail with the admin password, exports the GUID', async () => {
    const ctx = fakeContext();
    const [base] = await start(
      ctx,
      hikDevice(PREFIX, 9, { account: { state: 'active', adminPassword: TEST_PASSWORD } }),
    );
    const qa = (pwd: string) =>
      `<?xml version='1.0' encoding='UTF-8'?><SecurityQuestion><QuestionList><Question><id>1</id><answer>A1</answer></Question><Question><id>2</id><answer>A2</answer></Question><Question><id>3</id><answer>A3</answer></Question></QuestionList><password>${pwd}</password></SecurityQuestion>`;
    expect(
      (
        await digestRequest(
          base!,
          'PUT',
          '/ISAPI/Security/questionConfiguration',
          TEST_PASSWORD,
          qa('nope-123A'),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await digestRequest(
          base!,
          'PUT',
          '/ISAPI/Security/questionConfiguration',
          TEST_PASSWORD,
          qa(TEST_PASSWORD),
        )
      ).status,
    ).toBe(200);
    const list = await digestRequest(
      base!,
      'GET',
      '/ISAPI/Security/questionConfiguration',
      TEST_PASSWORD,
    );
    expect(list.body.match(/<mark>true<\/mark>/g)).toHaveLength(3);
    expect(list.body).not.toContain('A1');
    const email = JSON.stringify({
      SecurityEmail: {
        password: TEST_PASSWORD,
        SecurityInformation: [{ emailAddress: 'me@example.org' }],
      },
    });
    expect(
      (
        await digestRequest(
          base!,
          'PUT',
          '/ISAPI/Security/email/parameter?format=json',
          TEST_PASSWORD,
          email,
        )
      ).status,
    ).toBe(200);
    const guid = await digestRequest(
      base!,
      'POST',
      '/ISAPI/Security/GUIDFileData',
      TEST_PASSWORD,
      `<LoginPassword><password>${TEST_PASSWORD}</password></LoginPassword>`,
    );
    expect(guid.status).toBe(200);
    expect(runtime!.snapshot('hik-09')).toMatchObject({
      emailBound: true,
      questionsSet: true,
      guidExported: true,
    });
    expect(JSON.stringify(runtime!.snapshot('hik-09'))).not.toContain(TEST_PASSWORD);
  });
});
