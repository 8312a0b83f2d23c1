import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VendorDesk } from './desk';
import { startDeskServer, type DeskServer } from './desk-server';
import { Mailbox } from './mailbox';
import { escapeHtml } from './mailbox-page';

// HTTP on 127.0.0.1 port 0 only: runs outside the namespace too.
let clock = 1_000_000;
const desk = new VendorDesk(new Mailbox(), () => clock);
let server: DeskServer;
const mailbox = new Mailbox();
const deskWithBox = new VendorDesk(mailbox, () => clock);

beforeAll(async () => {
  server = await startDeskServer(deskWithBox, mailbox);
});
afterAll(() => server.close());

const redeem = async (payload: unknown) => {
  const r = await fetch(`${server.url}redeem`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ payload }),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const register = (payload: string, email: string | null, validMs = 60_000, serial = 'SN1') =>
  deskWithBox.expectRedemption({
    family: 'herospeed',
    deviceId: 'hs-01',
    serial,
    payload,
    code: '424242',
    email,
    expiresAt: clock + validMs,
  });
const inbox = async (address: string) =>
  (await (await fetch(`${server.mailboxUrl}${encodeURIComponent(address)}.json`)).json()) as {
    messages: { from: string; to: string; subject: string; body: string; at: string }[];
  };

describe('vendor desk', () => {
  it('delivers a registered code to the bound address on redeem', async () => {
    register('QR-A', 'Owner@Mail.lab.test');
    const r = await redeem('QR-A');
    expect(r).toEqual({ status: 200, body: { delivered: true, to: 'Owner@Mail.lab.test' } });
    const { messages } = await inbox('owner@mail.lab.test');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body).toContain('424242');
    expect(messages[0]!.from).toMatch(/@bitvision\.lab\.test$/);
  });

  it('refuses an unknown payload with 404 and derives nothing', async () => {
    const r = await redeem('never-registered');
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('unknown_payload');
  });

  it('honours the validity window given at registration (410 expired)', async () => {
    register('QR-B', 'b@mail.lab.test', 5_000);
    clock += 5_001;
    const r = await redeem('QR-B');
    expect(r.status).toBe(410);
    expect(r.body.error).toBe('expired');
    expect((await inbox('b@mail.lab.test')).messages).toEqual([]);
  });

  it('refuses a payload the device cancelled (410 cancelled)', async () => {
    register('QR-C', 'c@mail.lab.test');
    deskWithBox.cancel('QR-C');
    const r = await redeem('QR-C');
    expect(r.status).toBe(410);
    expect(r.body.error).toBe('cancelled');
  });

  it('refuses when the device has no e-mail bound (409 no_email)', async () => {
    register('QR-D', null);
    const r = await redeem('QR-D');
    expect(r.status).toBe(409);
    expect(r.body.error).toBe('no_email');
  });

  it('validates the request: JSON only, payload a bounded string', async () => {
    expect((await redeem(42)).status).toBe(400);
    expect((await redeem('x'.repeat(5000))).status).toBe(400);
    const text = await fetch(`${server.url}redeem`, { method: 'POST', body: 'payload=QR-A' });
    expect(text.status).toBe(415);
  });

  it('lists messages newest first', async () => {
    register('QR-E', 'e@mail.lab.test');
    await redeem('QR-E');
    clock += 1000;
    register('QR-F', 'e@mail.lab.test', 60_000, 'SN2');
    await redeem('QR-F');
    const { messages } = await inbox('e@mail.lab.test');
    expect(messages.map((m) => m.subject)).toEqual([
      expect.stringContaining('SN2'),
      expect.stringContaining('SN1'),
    ]);
  });

  it('serves the mailbox as HTML with every value escaped and nothing allowed to run', async () => {
    register('QR-G', 'h@mail.lab.test', 60_000, '<script>alert(1)</script>&"');
    await redeem('QR-G');
    const r = await fetch(`${server.mailboxUrl}h%40mail.lab.test`);
    const html = await r.text();
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('refuses a mailbox path that is not an address', async () => {
    expect((await fetch(`${server.mailboxUrl}not-an-address.json`)).status).toBe(400);
    expect((await fetch(`${server.mailboxUrl}%E0%A4%A.json`)).status).toBe(400);
  });

  it('keeps registrations per desk (a second desk knows nothing)', () => {
    expect(desk.redeem('QR-A')).toMatchObject({ ok: false, error: 'unknown_payload' });
  });
});
