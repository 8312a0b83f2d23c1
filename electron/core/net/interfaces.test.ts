import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../shared/dto';
import { CustodianError } from '../../shared/errors';
import { listInterfaces, resolveInterfaces } from './interfaces';

const available: NetInterface[] = [
  { name: 'lo', address: '127.0.0.1', netmask: '255.0.0.0', mac: null, internal: true },
  {
    name: 'eth0',
    address: '192.0.2.10',
    netmask: '255.255.255.0',
    mac: 'aa:bb:cc:dd:ee:ff',
    internal: false,
  },
  { name: 'wg0', address: '10.8.0.2', netmask: '255.255.255.0', mac: null, internal: false },
];

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof CustodianError ? err.code : 'other';
  }
  return undefined;
}

describe('resolveInterfaces', () => {
  it('defaults to every external interface on the real LAN', () => {
    expect(
      resolveInterfaces(undefined, { loopbackOnly: false, available }).map((i) => i.name),
    ).toEqual(['eth0', 'wg0']);
  });

  it('defaults to loopback when the run is pinned to it', () => {
    expect(resolveInterfaces([], { loopbackOnly: true, available }).map((i) => i.name)).toEqual([
      'lo',
    ]);
  });

  it('takes names and addresses, without duplicates', () => {
    expect(
      resolveInterfaces(['eth0', '192.0.2.10'], { loopbackOnly: false, available }),
    ).toHaveLength(1);
  });

  it('refuses an unknown interface with INTERFACE_NOT_FOUND', () => {
    expect(code(() => resolveInterfaces(['eth7'], { loopbackOnly: false, available }))).toBe(
      'INTERFACE_NOT_FOUND',
    );
  });

  it('refuses a real interface outright in a loopback-only run (regression guard for rule 1)', () => {
    expect(code(() => resolveInterfaces(['eth0'], { loopbackOnly: true, available }))).toBe(
      'NON_LOOPBACK_REFUSED',
    );
    expect(
      code(() => resolveInterfaces(['lo', '10.8.0.2'], { loopbackOnly: true, available })),
    ).toBe('NON_LOOPBACK_REFUSED');
  });

  it('lists IPv4 only and drops an all-zero MAC', () => {
    const list = listInterfaces(() => ({
      lo: [
        {
          address: '127.0.0.1',
          netmask: '255.0.0.0',
          family: 'IPv4',
          mac: '00:00:00:00:00:00',
          internal: true,
          cidr: null,
        },
        {
          address: '::1',
          netmask: 'ffff::',
          family: 'IPv6',
          mac: '00:00:00:00:00:00',
          internal: true,
          cidr: null,
          scopeid: 0,
        },
      ],
    }));
    expect(list).toEqual([
      { name: 'lo', address: '127.0.0.1', netmask: '255.0.0.0', mac: null, internal: true },
    ]);
  });
});
