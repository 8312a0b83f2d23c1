import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../shared/dto';
import { waitUntil } from '../../testing/fake-udp';
import { openUdpSocket, type UdpDatagram, type UdpOpenOptions } from './udp';

const LO: NetInterface = {
  name: 'lo',
  address: '127.0.0.1',
  netmask: '255.0.0.0',
  mac: null,
  internal: true,
};
// TEST-NET-1 (RFC 5737): never assigned to a host, so even a broken guard could not bind it.
const FOREIGN: NetInterface = {
  name: 'eth9',
  address: '192.0.2.10',
  netmask: '255.255.255.0',
  mac: null,
  internal: false,
};

function opts(iface: NetInterface, extra: Partial<UdpOpenOptions> = {}) {
  const messages: UdpDatagram[] = [];
  const warnings: string[] = [];
  const options: UdpOpenOptions = {
    iface,
    onMessage: (d) => messages.push(d),
    onWarning: (m) => warnings.push(m),
    ...extra,
  };
  return { options, messages, warnings };
}

describe('openUdpSocket refusals (no socket is created)', () => {
  it('refuses a non-loopback interface in a loopback-only run', async () => {
    const { options } = opts(FOREIGN, { loopbackOnly: true });
    expect(await openUdpSocket(options)).toEqual({
      ok: false,
      error: 'NON_LOOPBACK_REFUSED eth9 192.0.2.10',
    });
  });
});

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('openUdpSocket on loopback (netns)', () => {
  it('binds the interface address on an ephemeral port and receives unicast', async () => {
    const a = opts(LO, { loopbackOnly: true });
    const opened = await openUdpSocket(a.options);
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.socket.localAddress).toBe('127.0.0.1');
    expect(opened.socket.localPort).toBeGreaterThan(0);

    const peer = dgram.createSocket('udp4');
    await new Promise<void>((r) => peer.bind(0, '127.0.0.2', r));
    peer.send(Buffer.from('hello'), opened.socket.localPort, '127.0.0.1');
    await waitUntil(() => a.messages.length === 1);
    expect(a.messages[0]).toMatchObject({ address: '127.0.0.2', port: peer.address().port });
    expect(a.messages[0]!.data.toString()).toBe('hello');

    const got: Buffer[] = [];
    peer.on('message', (m) => got.push(m));
    expect(await opened.socket.send(Buffer.from('back'), peer.address().port, '127.0.0.2')).toEqual(
      { ok: true },
    );
    await waitUntil(() => got.length === 1);
    peer.close();
    await opened.socket.close();
  });

  it('drops an oversize datagram with a warning', async () => {
    const a = opts(LO, { maxDatagramBytes: 100 });
    const opened = await openUdpSocket(a.options);
    if (!opened.ok) throw new Error(opened.error);
    const peer = dgram.createSocket('udp4');
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r));
    peer.send(Buffer.alloc(101, 0x41), opened.socket.localPort, '127.0.0.1');
    peer.send(Buffer.alloc(100, 0x42), opened.socket.localPort, '127.0.0.1');
    await waitUntil(() => a.messages.length === 1 && a.warnings.length === 1);
    expect(a.messages[0]!.data.length).toBe(100);
    expect(a.warnings[0]).toBe('dropped 101-byte datagram (limit 100)');
    peer.close();
    await opened.socket.close();
  });

  it('refuses a unicast destination off loopback but allows multicast', async () => {
    const opened = await openUdpSocket(opts(LO, { loopbackOnly: true }).options);
    if (!opened.ok) throw new Error(opened.error);
    expect(await opened.socket.send(Buffer.from('x'), 3702, '192.0.2.1')).toEqual({
      ok: false,
      error: 'NON_LOOPBACK_REFUSED 192.0.2.1',
    });
    expect(await opened.socket.send(Buffer.from('x'), 3702, '239.255.255.250')).toEqual({
      ok: true,
    });
    await opened.socket.close();
  });

  it('returns a bind failure as a report', async () => {
    const result = await openUdpSocket(opts(FOREIGN, { loopbackOnly: false }).options);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/EADDRNOTAVAIL/) });
  });

  it('closes idempotently, refuses sends after close, and releases the event loop', async () => {
    // libuv releases a handle on the loop turn after close: let earlier tests' sockets go first.
    const settled = () => new Promise((r) => setImmediate(() => setImmediate(r)));
    const udpHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;
    await settled();
    const before = udpHandles();
    const opened = await openUdpSocket(opts(LO).options);
    if (!opened.ok) throw new Error(opened.error);
    expect(udpHandles()).toBe(before + 1);
    await Promise.all([opened.socket.close(), opened.socket.close()]);
    expect(await opened.socket.send(Buffer.from('x'), 9, '127.0.0.1')).toEqual({
      ok: false,
      error: 'ERR_SOCKET_CLOSED',
    });
    await settled();
    expect(udpHandles()).toBe(before);
  });
});

describe('subnetBroadcast', () => {
  it('is 127.255.255.255 on loopback and the directed broadcast elsewhere', async () => {
    const { subnetBroadcast } = await import('./udp');
    expect(subnetBroadcast({ address: '127.0.0.1', netmask: '255.0.0.0' })).toBe('127.255.255.255');
    expect(subnetBroadcast({ address: '192.168.1.64', netmask: '255.255.255.0' })).toBe(
      '192.168.1.255',
    );
    expect(subnetBroadcast({ address: '10.1.2.3', netmask: '255.255.240.0' })).toBe('10.1.15.255');
  });
});
