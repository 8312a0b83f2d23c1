import { describe, expect, it } from 'vitest';
import type { Device } from '../shared/dto';
import { classify, watchLine, watchPrinter } from './watch';

const base: Device = {
  id: 'mac:00:11:22:33:44:55',
  family: 'hikvision',
  vendor: 'Hikvision',
  model: 'DS-2CD2043G2-I',
  serial: 'DS-2CD2043G2-I20200101AAWRE12345678',
  mac: '00:11:22:33:44:55',
  firmware: null,
  hardwareId: null,
  ip: '127.0.2.10',
  addresses: ['127.0.2.10'],
  account: 'active',
  identity: 'discovery',
  needsCredentials: false,
  recovery: null,
  protocols: ['sadp'],
  interfaces: ['lo'],
  sightings: [],
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-01-01T00:00:00.000Z',
} as Device;

describe('discover --watch', () => {
  it('prints a new device, a presence change and a row that learned more; not a repeat sighting', () => {
    const online = { ...base, presence: { state: 'online' as const, since: base.lastSeen } };
    const offline = { ...base, presence: { state: 'offline' as const, since: base.lastSeen } };
    expect(classify(undefined, base)).toBe('added');
    expect(classify(base, online)).toBe('online');
    expect(classify(online, offline)).toBe('offline');
    expect(classify(offline, online)).toBe('online');
    expect(classify(online, { ...online, lastSeen: '2026-01-01T00:00:11.000Z' })).toBeNull();
    expect(classify(online, { ...online, firmware: 'V5.7.3' })).toBe('updated');
  });

  it('writes one human line per change', () => {
    expect(watchLine('offline', base, new Date('2026-01-01T10:20:30Z'))).toBe(
      '10:20:30  offline  127.0.2.10  Hikvision  DS-2CD2043G2-I  DS-2CD2043G2-I20200101AAWRE12345678  00:11:22:33:44:55',
    );
  });

  it('prints a merged row once, pointing at the row that carries on, and forgets it', () => {
    const lines: string[] = [];
    const at = new Date('2026-01-01T10:20:30Z');
    const handle = watchPrinter(
      true,
      (l) => lines.push(l),
      () => at,
    );
    const byUuid = { ...base, id: 'uuid:abc', mac: null, protocols: ['wsd'] } as Device;
    handle({ change: 'added', device: byUuid });
    handle({ change: 'added', device: base });
    handle({ change: 'updated', device: base });
    handle({ change: 'removed', device: byUuid, mergedInto: base.id });
    handle({ change: 'removed', device: byUuid, mergedInto: base.id });
    const events = lines.map((l) => JSON.parse(l) as { event: string; mergedInto?: string });
    expect(events.map((e) => e.event)).toEqual(['added', 'added', 'merged']);
    expect(events[2]!.mergedInto).toBe(base.id);
    handle({ change: 'updated', device: byUuid });
    expect((JSON.parse(lines[3]!) as { event: string }).event).toBe('added');
  });
});
