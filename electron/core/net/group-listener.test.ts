import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { testInterface, waitUntil } from '../../testing/fake-udp';
import { openGroupListener, type GroupListenerOptions } from './group-listener';
import type { UdpDatagram } from './udp';

const LO = testInterface('lo', '127.0.0.1', '255.0.0.0');
// TEST-NET-1 (RFC 5737): never assigned to a host, so no join or bind there can succeed.
const FOREIGN = testInterface('eth9', '192.0.2.10');
const GROUP = '239.255.255.99';

function opts(extra: Partial<GroupListenerOptions> = {}) {
  const messages: UdpDatagram[] = [];
  const warnings: string[] = [];
  const options: GroupListenerOptions = {
    port: 0,
    onMessage: (d) => messages.push(d),
    onWarning: (m) => warnings.push(m),
    maxDatagramBytes: 100,
    ...extra,
  };
  return { options, messages, warnings };
}

async function peer(address = '127.0.0.2'): Promise<dgram.Socket> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, address, r));
  return sock;
}

describe('openGroupListener refusals (no socket is created)', () => {
  it('has nothing to join on when a loopback-only run is given only foreign interfaces', async () => {
    const { options } = opts({ group: GROUP, interfaces: [FOREIGN], loopbackOnly: true });
    expect(await openGroupListener(options)).toEqual({
      ok: false,
      error: 'no interface to join on',
    });
  });
});

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('openGroupListener (netns)', () => {
  it('receives datagrams sent to its port, drops oversize ones with a warning', async () => {
    const a = opts({ address: '127.0.0.1' });
    const opened = await openGroupListener(a.options);
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.listener.localPort).toBeGreaterThan(0);
    expect(opened.listener.joined).toEqual([]);
    const p = await peer();
    p.send(Buffer.alloc(101, 0x41), opened.listener.localPort, '127.0.0.1');
    p.send(Buffer.from('hello'), opened.listener.localPort, '127.0.0.1');
    await waitUntil(() => a.messages.length === 1 && a.warnings.length === 1);
    expect(a.messages[0]).toMatchObject({ address: '127.0.0.2', port: p.address().port });
    expect(a.messages[0]!.data.toString()).toBe('hello');
    expect(a.warnings[0]).toBe('dropped 101-byte datagram (limit 100)');
    p.close();
    await opened.listener.close();
  });

  it('joins the group on each interface and hears what is multicast to it', async () => {
    const lo2 = testInterface('lo', '127.0.40.1', '255.0.0.0');
    const a = opts({ group: GROUP, interfaces: [LO, lo2], loopbackOnly: true });
    const opened = await openGroupListener(a.options);
    if (!opened.ok) throw new Error(opened.error);
    // Both addresses are lo: the second join finds the membership already held.
    expect(opened.listener.joined).toEqual([LO, lo2]);
    const p = await peer('127.0.0.1');
    p.setMulticastInterface('127.0.0.1');
    p.send(Buffer.from('to the group'), opened.listener.localPort, GROUP);
    await waitUntil(() => a.messages.length === 1);
    expect(a.messages[0]!.data.toString()).toBe('to the group');
    p.close();
    await opened.listener.close();
  });

  it('keeps the joins that worked and warns about the others; fails when none did', async () => {
    const some = opts({ group: GROUP, interfaces: [FOREIGN, LO], loopbackOnly: false });
    const opened = await openGroupListener(some.options);
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.listener.joined).toEqual([LO]);
    expect(some.warnings).toEqual([
      expect.stringMatching(/^group 239\.255\.255\.99 join failed on eth9 192\.0\.2\.10: /),
    ]);
    await opened.listener.close();

    const none = opts({ group: GROUP, interfaces: [FOREIGN], loopbackOnly: false });
    expect(await openGroupListener(none.options)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^join failed: eth9 192\.0\.2\.10: /),
    });
  });

  it('returns a bind failure as a report', async () => {
    const result = await openGroupListener(opts({ address: FOREIGN.address }).options);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/EADDRNOTAVAIL/) });
  });

  it('closes idempotently and releases the event loop', async () => {
    const settled = () => new Promise((r) => setImmediate(() => setImmediate(r)));
    const udpHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;
    await settled();
    const before = udpHandles();
    const opened = await openGroupListener(opts({ address: '127.0.0.1' }).options);
    if (!opened.ok) throw new Error(opened.error);
    expect(udpHandles()).toBe(before + 1);
    await Promise.all([opened.listener.close(), opened.listener.close()]);
    await settled();
    expect(udpHandles()).toBe(before);
  });
});
