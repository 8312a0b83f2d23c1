import { afterEach, describe, expect, it, vi } from 'vitest';
import { devicesCsv } from '../contract';
import { makeDevice } from '../testing/fixtures';
import { csvFileName, downloadDevicesCsv } from './csv-download';

describe('CSV export', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('names the file after the local date and time, zero-padded', () => {
    expect(csvFileName(new Date(2025, 0, 5, 7, 3, 59))).toBe('custodian-devices-20250105-0703.csv');
    expect(csvFileName(new Date(2025, 11, 31, 23, 59))).toBe('custodian-devices-20251231-2359.csv');
  });

  it('downloads the shared CSV through a temporary link and revokes the URL afterwards', async () => {
    vi.useFakeTimers();
    const devices = [makeDevice(), makeDevice({ mac: '00:00:00:00:00:02', model: '=cmd' })];
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test/1';
    });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked: { href: string; download: string }[] = [];
    const removed: boolean[] = [];
    const link = {
      href: '',
      download: '',
      rel: '',
      hidden: false,
      click() {
        clicked.push({ href: this.href, download: this.download });
      },
      remove: () => removed.push(true),
    };
    const doc = {
      createElement: () => link,
      body: { append: () => {} },
    } as unknown as Document;

    const name = downloadDevicesCsv(devices, new Date(2025, 5, 1, 9, 30), doc);
    expect(name).toBe('custodian-devices-20250601-0930.csv');
    expect(clicked).toEqual([{ href: 'blob:test/1', download: name }]);
    expect(removed).toEqual([true]);
    expect(await blobs[0]!.text()).toBe(devicesCsv(devices));
    expect(revoke).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith('blob:test/1');
  });
});
