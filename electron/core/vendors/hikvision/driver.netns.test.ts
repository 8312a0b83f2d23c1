/**
 * The driver's SADP paths against the real lab runtime, inside the network namespace only
 * (multicast): activation of a device HTTP cannot reach, recovery by questions, by the exported
 * key file and by the support code, the QR path over SADP, and BootTime. Every datagram the driver
 * sent is kept to prove it never sends `update`, nor a password-carrying verb without a password.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../../../lab/hikvision/testing/devices';
import { sadpSend } from '../../../../lab/hikvision/testing/sadp-probe';
import { asDevice, labDevice, startLab, type Lab } from './test-lab';

const PREFIX = '127.0.110';
const ADMIN = { username: 'admin', password: TEST_PASSWORD };
const NEW_PASSWORD = 'Back-In-2024';
const PASSWORD_VERBS = ['activate', 'reset', 'AnswerReset', 'GUIDReset', 'MailReset'];
const types = (xml: string) => /<Types>([^<]*)<\/Types>/.exec(xml)?.[1] ?? '';

let lab: Lab | undefined;
afterEach(async () => {
  if (lab) {
    for (const xml of lab.sadpSent) {
      expect(types(xml)).not.toBe('update');
      if (PASSWORD_VERBS.includes(types(xml)))
        expect(xml).toMatch(/<Password>[^<]{16,}<\/Password>/);
      // Passwords never in clear on the wire.
      expect(xml).not.toContain(NEW_PASSWORD);
      expect(xml).not.toContain(TEST_PASSWORD);
    }
    await lab.runtime.stop();
  }
  lab = undefined;
});

async function start(...devices: ReturnType<typeof labDevice>[]): Promise<Lab> {
  lab = await startLab(devices, { sadp: true });
  return lab;
}

const newLogin = { username: 'admin', password: NEW_PASSWORD };

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')(
  'Hikvision driver over SADP (netns)',
  () => {
    it('activates a device on a foreign subnet over SADP when its HTTP cannot be reached', async () => {
      const l = await start(labDevice(PREFIX, 1, { account: { state: 'inactive' } }));
      const d = l.devices[0]!;
      // Where it claims to be (nothing listens there), as a foreign-subnet sighting reports it.
      const foreign = asDevice(d, { ip: '127.0.119.7', flags: { foreignSubnet: true } });
      await l.driver.activate(foreign, 'Fresh-Cam-01');
      expect(l.sadpSent.map(types)).toEqual(['exchangecode', 'activate']);
      expect(l.runtime.state(d.id).activated).toBe(true);
      expect(
        await l.driver.verifyLogin(asDevice(d), { username: 'admin', password: 'Fresh-Cam-01' }),
      ).toEqual({ ok: true });
    });

    it('recovers by security questions: wrong answers refused, right ones reset', async () => {
      const l = await start(labDevice(PREFIX, 2));
      const dev = asDevice(l.devices[0]!);
      const answers = [
        { id: 1, answer: 'Ivan' },
        { id: 4, answer: 'Ms Petrova' },
        { id: 9, answer: 'Solaris' },
      ];
      await l.driver.setQuestions(dev, ADMIN, answers);
      await l.driver.capabilities(dev, ADMIN); // learns the question texts
      const challenge = await l.driver.startRecovery(dev, 'questions');
      expect(challenge.questions).toEqual([
        { id: 1, text: "Your father's name?" },
        { id: 4, text: 'Your junior class teacher?' },
        { id: 9, text: 'Your favourite film?' },
      ]);
      const wrong = answers.map((a) => ({ ...a, answer: 'guess' }));
      expect(
        await l.driver.completeRecovery(dev, challenge, {
          answers: wrong,
          newPassword: NEW_PASSWORD,
        }),
      ).toEqual({
        ok: false,
        spent: true,
        attemptsLeft: null,
        lockedUntil: null,
        reason: 'rejected',
      });
      expect(
        await l.driver.completeRecovery(dev, challenge, { answers, newPassword: NEW_PASSWORD }),
      ).toEqual({ ok: true });
      expect(await l.driver.verifyLogin(dev, newLogin)).toEqual({ ok: true });
    });

    it('exports the GUID file, then recovers with it once (a password change voids it)', async () => {
      const l = await start(labDevice(PREFIX, 3));
      const dev = asDevice(l.devices[0]!);
      const file = await l.driver.exportKey!(dev, ADMIN);
      const challenge = await l.driver.startRecovery(dev, 'keyFile');
      expect(challenge).toEqual({ method: 'keyFile' });
      const input = { keyFile: file.data, newPassword: NEW_PASSWORD };
      expect(await l.driver.completeRecovery(dev, challenge, input)).toEqual({ ok: true });
      expect(await l.driver.verifyLogin(dev, newLogin)).toEqual({ ok: true });
      const again = await l.driver.completeRecovery(dev, challenge, {
        ...input,
        newPassword: 'Other-Pass-77',
      });
      expect(again).toMatchObject({ ok: false, spent: true, reason: 'rejected' });
    });

    it('hands out the support code; the code support returns resets the password', async () => {
      const l = await start(labDevice(PREFIX, 4));
      const dev = asDevice(l.devices[0]!);
      const challenge = await l.driver.startRecovery(dev, 'support');
      const desk = l.ctx.redemptions.at(-1)!;
      expect(challenge.supportCode).toBe(desk.payload);
      // Where the code goes, with the serial filled in; support's key is 8 characters (§21).
      expect(challenge.supportContact).toEqual({
        vendor: 'Hikvision',
        url: 'https://www.hikvision.com/en/support/',
        include: ['serial', 'deviceDate', 'labelPhoto', 'purchaseChannel'],
        serial: dev.serial,
      });
      expect(challenge.codeLength).toBe(8);
      expect(desk.code).toHaveLength(challenge.codeLength!);
      const bad = await l.driver.completeRecovery(dev, challenge, {
        code: 'AAAA2222',
        newPassword: NEW_PASSWORD,
      });
      expect(bad).toMatchObject({ ok: false, spent: true, reason: 'rejected' });
      const ok = await l.driver.completeRecovery(dev, challenge, {
        code: desk.code,
        newPassword: NEW_PASSWORD,
      });
      expect(ok).toEqual({ ok: true });
      expect(await l.driver.verifyLogin(dev, newLogin)).toEqual({ ok: true });
    });

    it('walks the QR path over SADP when HTTP cannot be reached (GetQRcodes + MailReset)', async () => {
      const l = await start(labDevice(PREFIX, 5));
      const d = l.devices[0]!;
      const foreign = asDevice(d, { ip: '127.0.119.8' });
      const challenge = await l.driver.startRecovery(foreign, 'qr');
      const desk = l.ctx.redemptions.at(-1)!;
      expect(challenge).toMatchObject({ qrPayload: desk.payload, context: { via: 'sadp' } });
      const ok = await l.driver.completeRecovery(foreign, challenge, {
        code: desk.code,
        newPassword: NEW_PASSWORD,
      });
      expect(ok).toEqual({ ok: true });
      expect(await l.driver.verifyLogin(asDevice(d), newLogin)).toEqual({ ok: true });
    });

    it('GetQRcodes without a reserved e-mail is RECOVERY_EMAIL_NOT_BOUND, and no QR is made', async () => {
      const l = await start(
        labDevice(PREFIX, 7, { account: { state: 'active', adminPassword: TEST_PASSWORD } }),
      );
      const foreign = asDevice(l.devices[0]!, { ip: '127.0.119.9' });
      await expect(l.driver.startRecovery(foreign, 'qr')).rejects.toMatchObject({
        code: 'RECOVERY_EMAIL_NOT_BOUND',
      });
      expect(l.sadpSent.map(types)).toEqual(['GetQRcodes']);
      expect(l.ctx.redemptions).toEqual([]);
    });

    it('reads BootTime over SADP and sees a reboot', async () => {
      const l = await start(labDevice(PREFIX, 6));
      const dev = asDevice(l.devices[0]!);
      const first = await l.driver.bootTime(dev);
      expect(first).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      l.ctx.advance(5_000);
      await l.runtime.reboot(dev.id);
      expect(await l.driver.bootTime(dev)).not.toBe(first);
    });

    it('the lab refuses SADP update without a password (the driver never sends update)', async () => {
      const l = await start(labDevice(PREFIX, 7));
      const mac = l.devices[0]!.mac.replace(/:/g, '-');
      const probe = `<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>44037D7F-7D48-4DB0-8893-05705C4AE965</Uuid><Types>update</Types><MAC>${mac}</MAC><DHCP>true</DHCP></Probe>`;
      const replies = (await sadpSend([probe])).filter((r) => r.address === l.devices[0]!.ip);
      expect(replies.map((r) => /<Result>(\w+)<\/Result>/.exec(r.xml)?.[1])).toEqual(['denied']);
    });
  },
);
