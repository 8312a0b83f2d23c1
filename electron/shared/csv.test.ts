import { describe, expect, it } from 'vitest';
import { devicesCsv } from './csv';
import type { Device } from './dto';

const base: Device = {
  id: 'mac:00:11:22:33:44:55',
  family: 'onvif',
  vendor: 'Acme, Inc.',
  model: '=HYPERLINK("http://x")',
  serial: 'SN"1',
  mac: '00:11:22:33:44:55',
  firmware: null,
  hardwareId: null,
  ip: '127.0.1.1',
  addresses: ['127.0.1.1'],
  account: 'active',
  identity: 'device',
  needsCredentials: false,
  recovery: null,
  protocols: ['wsd', 'sadp'],
  interfaces: ['lo'],
  sightings: [],
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-01-01T00:00:00.000Z',
};

describe('devicesCsv', () => {
  it('quotes every cell, doubles quotes and defuses formulas', () => {
    const [head, row] = devicesCsv([base]).split('\r\n');
    expect(head).toBe(
      'vendor,model,serial,mac,ip,firmware,protocols,interfaces,account,presence,lastSeen',
    );
    expect(row).toBe(
      `"Acme, Inc.","'=HYPERLINK(""http://x"")","SN""1","00:11:22:33:44:55","127.0.1.1","","wsd sadp","lo","active","","2026-01-01T00:00:00.000Z"`,
    );
  });

  it("exports watch mode's presence with the last time the device answered", () => {
    const watched = { ...base, presence: { state: 'offline' as const, since: base.lastSeen } };
    const [, row] = devicesCsv([watched]).split('\r\n');
    expect(row!.endsWith(`"offline","2026-01-01T00:00:00.000Z"`)).toBe(true);
  });
});
