import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  downloadKind,
  isInsideAny,
  isOwnBlobUrl,
  planDownload,
  safeDownloadName,
  type SaveDialogPlan,
} from './download-plan';
import { createDownloadHandler, partialPathOf, type DownloadItemLike } from './downloads';

const DOWNLOADS = path.resolve('/home/ana/Downloads');
const TMP = path.resolve('/tmp');
const OWN_BLOB = 'blob:app://custodian/6f1c2b9e-1111-4222-8333-444455556666';

/** A DownloadItem that records what the handler did and lets the test play Chromium's part. */
class FakeItem implements DownloadItemLike {
  dialog: SaveDialogPlan | undefined;
  savePath = '';
  cancelled = false;
  private updated: ((e: unknown, s: 'progressing' | 'interrupted') => void)[] = [];
  private done: ((e: unknown, s: 'completed' | 'cancelled' | 'interrupted') => void)[] = [];

  constructor(
    private readonly url: string,
    private readonly filename: string,
  ) {}
  getURL(): string {
    return this.url;
  }
  getFilename(): string {
    return this.filename;
  }
  getSavePath(): string {
    return this.savePath;
  }
  setSaveDialogOptions(options: SaveDialogPlan): void {
    this.dialog = options;
  }
  cancel(): void {
    this.cancelled = true;
  }
  on(_event: 'updated', listener: (e: unknown, s: 'progressing' | 'interrupted') => void): void {
    this.updated.push(listener);
  }
  once(
    _event: 'done',
    listener: (e: unknown, s: 'completed' | 'cancelled' | 'interrupted') => void,
  ): void {
    this.done.push(listener);
  }
  /** The person picked `p` in the dialog and bytes started to flow. */
  choose(p: string): void {
    this.savePath = p;
    for (const l of this.updated) l({}, 'progressing');
  }
  finish(state: 'completed' | 'cancelled' | 'interrupted'): void {
    const ls = this.done;
    this.done = [];
    for (const l of ls) l({}, state);
  }
}

function setup(locale = 'en-US') {
  const removed: string[] = [];
  const restricted: string[] = [];
  const notices: { title: string; message: string }[] = [];
  const warnings: string[] = [];
  const handler = createDownloadHandler({
    policy: {},
    isKnownContents: (id) => id === 1,
    downloadsDir: () => DOWNLOADS,
    tempDirs: () => [TMP],
    locale: () => locale,
    caseInsensitive: false,
    fs: {
      realPath: (p) => p,
      removeIfPresent: async (p) => {
        removed.push(p);
      },
      restrictToOwner: async (p) => {
        restricted.push(p);
      },
    },
    notify: (m) => notices.push(m),
    warn: (m) => warnings.push(m),
  });
  const start = (item: FakeItem, contentsId = 1) => {
    let prevented = false;
    handler({ preventDefault: () => (prevented = true) }, item, { id: contentsId });
    return prevented;
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { start, settle, removed, restricted, notices, warnings };
}

describe('planDownload', () => {
  const ctx = { policy: {}, downloadsDir: DOWNLOADS, locale: 'en' };

  it('asks where to save, in Downloads, with the suggested name and a filter per kind', () => {
    const csv = planDownload(
      { url: OWN_BLOB, filename: 'custodian-devices-2025-06-01.csv', fromKnownWindow: true },
      ctx,
    );
    expect(csv).toEqual({
      action: 'ask',
      kind: 'csv',
      dialog: {
        title: 'Save device list',
        defaultPath: path.join(DOWNLOADS, 'custodian-devices-2025-06-01.csv'),
        buttonLabel: 'Save',
        filters: [{ name: 'CSV table', extensions: ['csv'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      },
    });
    const key = planDownload(
      { url: OWN_BLOB, filename: 'GUID_DS-7608NI.bin', fromKnownWindow: true },
      { ...ctx, locale: 'ru-RU' },
    );
    expect(key).toMatchObject({
      action: 'ask',
      kind: 'secret',
      dialog: {
        title: 'Сохранить файл ключа сброса',
        defaultPath: path.join(DOWNLOADS, 'GUID_DS-7608NI.bin'),
        filters: [{ name: 'Файл ключа', extensions: ['bin'] }],
      },
    });
    expect(key.action === 'ask' && key.dialog.properties).toContain('dontAddToRecent');
  });

  it('refuses downloads from unknown windows and from any other origin', () => {
    expect(planDownload({ url: OWN_BLOB, filename: 'a.csv', fromKnownWindow: false }, ctx)).toEqual(
      { action: 'refuse', reason: 'unknown-window' },
    );
    for (const url of [
      'https://evil.example/payload.exe',
      'blob:https://evil.example/6f1c',
      'blob:app://custodian@evil/6f1c',
      'data:text/csv,a',
      'file:///etc/passwd',
      'http://192.168.1.64/ISAPI/Security/GUIDFileData',
    ]) {
      expect(planDownload({ url, filename: 'a.csv', fromKnownWindow: true }, ctx)).toEqual({
        action: 'refuse',
        reason: 'foreign-origin',
      });
    }
  });

  it('keeps the page from choosing the folder or a hidden or reserved name', () => {
    expect(safeDownloadName('../../.bashrc', 'secret')).toBe('bashrc');
    expect(safeDownloadName('C:\\Windows\\System32\\evil.csv', 'csv')).toBe('evil.csv');
    expect(safeDownloadName('a:b*c?.png', 'png')).toBe('a_b_c_.png');
    expect(safeDownloadName('...', 'secret')).toBe('custodian-reset-key.bin');
    expect(safeDownloadName('x'.repeat(300) + '.csv', 'csv')).toHaveLength(120);
  });

  it('treats anything not CSV or PNG as the secret kind', () => {
    expect(downloadKind('list.CSV')).toBe('csv');
    expect(downloadKind('qr.png')).toBe('png');
    expect(downloadKind('GUID.bin')).toBe('secret');
    expect(downloadKind('reset.key')).toBe('secret');
    expect(downloadKind('noext')).toBe('secret');
  });

  it('recognises only our own blob URLs', () => {
    expect(isOwnBlobUrl(OWN_BLOB, {})).toBe(true);
    expect(isOwnBlobUrl('blob:http://localhost:5173/x', { devUrl: 'http://localhost:5173' })).toBe(
      true,
    );
    expect(isOwnBlobUrl('blob:http://localhost:5173/x', {})).toBe(false);
    expect(isOwnBlobUrl('app://custodian/x.csv', {})).toBe(false);
  });

  it('compares folders by whole segments, folding case only where asked', () => {
    expect(isInsideAny(path.resolve('/tmp/key.bin'), [TMP], false)).toBe(true);
    expect(isInsideAny(path.resolve('/tmp/a/b/key.bin'), [TMP], false)).toBe(true);
    expect(isInsideAny(path.resolve('/tmpfiles/key.bin'), [TMP], false)).toBe(false);
    expect(isInsideAny(path.resolve('/TMP/key.bin'), [TMP], false)).toBe(false);
    expect(isInsideAny(path.resolve('/TMP/key.bin'), [TMP], true)).toBe(true);
  });
});

describe('will-download handler', () => {
  it('sets the save dialog and never a save path (the person always chooses)', () => {
    const t = setup();
    const item = new FakeItem(OWN_BLOB, 'custodian-devices.csv');
    expect(t.start(item)).toBe(false);
    expect(item.dialog?.defaultPath).toBe(path.join(DOWNLOADS, 'custodian-devices.csv'));
    expect(item.savePath).toBe('');
  });

  it('cancels a download from a window we did not create, or not from our origin', () => {
    const t = setup();
    const stranger = new FakeItem(OWN_BLOB, 'custodian-devices.csv');
    expect(t.start(stranger, 7)).toBe(true);
    expect(stranger.dialog).toBeUndefined();
    const foreign = new FakeItem('https://evil.example/x.exe', 'x.exe');
    expect(t.start(foreign)).toBe(true);
    expect(foreign.dialog).toBeUndefined();
    expect(t.warnings).toEqual([
      'refused a download (unknown-window)',
      'refused a download (foreign-origin)',
    ]);
  });

  it('saves the key file where the person chose and makes it owner-only', async () => {
    const t = setup();
    const item = new FakeItem(OWN_BLOB, 'GUID_ABC.bin');
    t.start(item);
    const target = path.join(DOWNLOADS, 'GUID_ABC.bin');
    item.choose(target);
    item.finish('completed');
    await t.settle();
    expect(item.cancelled).toBe(false);
    expect(t.restricted).toEqual([target]);
    expect(t.removed).toEqual([]);
    expect(t.notices).toEqual([]);
  });

  it('stops a key file bound for a temporary folder and says why', async () => {
    const t = setup();
    const item = new FakeItem(OWN_BLOB, 'GUID_ABC.bin');
    t.start(item);
    item.choose(path.join(TMP, 'GUID_ABC.bin'));
    expect(item.cancelled).toBe(true);
    item.finish('cancelled');
    await t.settle();
    expect(t.removed).toEqual([partialPathOf(path.join(TMP, 'GUID_ABC.bin'))]);
    expect(t.restricted).toEqual([]);
    expect(t.notices).toHaveLength(1);
    expect(t.notices[0]!.title).toBe('Reset key not saved');
  });

  it('removes a key file that finished in a temporary folder before it could be stopped', async () => {
    const t = setup('ru');
    const item = new FakeItem(OWN_BLOB, 'GUID_ABC.bin');
    t.start(item);
    const target = path.join(TMP, 'sub', 'GUID_ABC.bin');
    item.savePath = target; // completed with no `updated` event in between
    item.finish('completed');
    await t.settle();
    expect(t.removed).toContain(target);
    expect(t.restricted).toEqual([]);
    expect(t.notices[0]!.title).toBe('Ключ сброса не сохранён');
  });

  it('lets a CSV go to a temporary folder if the person picks one', async () => {
    const t = setup();
    const item = new FakeItem(OWN_BLOB, 'custodian-devices.csv');
    t.start(item);
    item.choose(path.join(TMP, 'list.csv'));
    item.finish('completed');
    await t.settle();
    expect(item.cancelled).toBe(false);
    expect(t.removed).toEqual([]);
    expect(t.notices).toEqual([]);
  });

  it('leaves no partial file behind when a download is interrupted', async () => {
    const t = setup();
    for (const name of ['custodian-devices.csv', 'GUID_ABC.bin']) {
      const item = new FakeItem(OWN_BLOB, name);
      t.start(item);
      item.choose(path.join(DOWNLOADS, name));
      item.finish('interrupted');
    }
    await t.settle();
    expect(t.removed).toEqual([
      partialPathOf(path.join(DOWNLOADS, 'custodian-devices.csv')),
      partialPathOf(path.join(DOWNLOADS, 'GUID_ABC.bin')),
    ]);
    expect(t.notices).toEqual([]);
  });

  it('writes nothing when the person cancels the dialog', async () => {
    const t = setup();
    const item = new FakeItem(OWN_BLOB, 'GUID_ABC.bin');
    t.start(item);
    item.finish('cancelled');
    await t.settle();
    expect(t.removed).toEqual([]);
    expect(t.restricted).toEqual([]);
    expect(t.notices).toEqual([]);
  });
});
