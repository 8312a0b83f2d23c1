/**
 * What to do with a file the renderer hands over as a download (the CSV export, the reset QR as
 * PNG, the reset key file). Pure: no `electron`, no file system, so every rule is unit-tested.
 *
 * The threats: a download the person did not ask for landing on disk without a word (a page that
 * is not ours, or a renderer bug, triggering `<a download>`), and the reset key, a secret that lets
 * vendor support reset the device, ending up in a temporary folder where it is forgotten, swept up
 * by cleaners or readable by other accounts.
 */
import path from 'node:path';
import { isOwnUrl, type OriginPolicy } from './sender-policy';

/** What the file is, by its suggested name. Anything not recognised is treated as a secret. */
export type DownloadKind = 'csv' | 'png' | 'secret';

export type DownloadLocale = 'en' | 'ru';

/** The renderer's download as the main process sees it. */
export interface DownloadRequest {
  /** `blob:app://custodian/<uuid>` for our own exports. */
  url: string;
  /** The name the page suggested (`<a download="...">`). */
  filename: string;
  /** The download came from a window this app created. */
  fromKnownWindow: boolean;
}

/** The subset of Electron's SaveDialogOptions the plan sets. */
export interface SaveDialogPlan {
  title: string;
  defaultPath: string;
  buttonLabel: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('createDirectory' | 'showOverwriteConfirmation' | 'dontAddToRecent')[];
}

export type DownloadPlan =
  | { action: 'refuse'; reason: 'unknown-window' | 'foreign-origin' }
  | { action: 'ask'; kind: DownloadKind; dialog: SaveDialogPlan };

interface Texts {
  title: Record<DownloadKind, string>;
  filter: Record<DownloadKind, string>;
  save: string;
  tempRefusedTitle: string;
  tempRefused: string;
}

const TEXTS: Record<DownloadLocale, Texts> = {
  en: {
    title: { csv: 'Save device list', png: 'Save QR code', secret: 'Save reset key file' },
    filter: { csv: 'CSV table', png: 'PNG image', secret: 'Key file' },
    save: 'Save',
    tempRefusedTitle: 'Reset key not saved',
    tempRefused:
      'The reset key is a secret, so it was not kept in a temporary folder: files there are ' +
      'forgotten, cleaned away or readable by others. Save it again into a private folder ' +
      '(for example Documents or a USB stick you keep safe).',
  },
  ru: {
    title: {
      csv: 'Сохранить список устройств',
      png: 'Сохранить QR-код',
      secret: 'Сохранить файл ключа сброса',
    },
    filter: { csv: 'Таблица CSV', png: 'Изображение PNG', secret: 'Файл ключа' },
    save: 'Сохранить',
    tempRefusedTitle: 'Ключ сброса не сохранён',
    tempRefused:
      'Ключ сброса — секрет, поэтому он не оставлен во временной папке: такие файлы забывают, ' +
      'их удаляет очистка, их могут прочитать другие. Сохраните его ещё раз в личную папку ' +
      '(например, «Документы» или USB-накопитель, который хранится в надёжном месте).',
  },
};

/** The texts for the OS locale (`app.getLocale()`): Russian for `ru*`, English otherwise. */
export function downloadTexts(locale: string): Texts {
  return TEXTS[locale.toLowerCase().startsWith('ru') ? 'ru' : 'en'];
}

/** The kind of a download, by extension; unknown extensions get the strictest handling. */
export function downloadKind(filename: string): DownloadKind {
  const ext = path.extname(filename).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.png') return 'png';
  return 'secret';
}

const FALLBACK_NAME: Record<DownloadKind, string> = {
  csv: 'custodian-devices.csv',
  png: 'custodian-reset-qr.png',
  secret: 'custodian-reset-key.bin',
};

/**
 * A bare file name safe on Windows, macOS and Linux: no directory part (the page must not choose
 * the folder), no control or reserved characters, no leading dots (hidden files), at most 120
 * characters; the kind's fallback when nothing usable is left.
 */
export function safeDownloadName(filename: string, kind: DownloadKind): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '_' : c))
    .join('')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 120);
  return cleaned || FALLBACK_NAME[kind];
}

/** True for a `blob:` URL minted by our own origin (the only downloads the renderer starts). */
export function isOwnBlobUrl(url: string, policy: OriginPolicy): boolean {
  if (!url.toLowerCase().startsWith('blob:')) return false;
  return isOwnUrl(url.slice('blob:'.length), policy);
}

/**
 * Decides a download: refused unless our own window started it from our own origin; otherwise the
 * person is always asked where to save (nothing is saved without the dialog), starting in
 * `downloadsDir` with the suggested name and a filter for its kind. The reset key is kept out of
 * the OS "recent files" list.
 */
export function planDownload(
  req: DownloadRequest,
  ctx: { policy: OriginPolicy; downloadsDir: string; locale: string },
): DownloadPlan {
  if (!req.fromKnownWindow) return { action: 'refuse', reason: 'unknown-window' };
  if (!isOwnBlobUrl(req.url, ctx.policy)) return { action: 'refuse', reason: 'foreign-origin' };
  const kind = downloadKind(req.filename);
  const name = safeDownloadName(req.filename, kind);
  const texts = downloadTexts(ctx.locale);
  const ext = path.extname(name).slice(1).toLowerCase() || 'bin';
  const properties: SaveDialogPlan['properties'] = ['createDirectory', 'showOverwriteConfirmation'];
  if (kind === 'secret') properties.push('dontAddToRecent');
  return {
    action: 'ask',
    kind,
    dialog: {
      title: texts.title[kind],
      defaultPath: path.join(ctx.downloadsDir, name),
      buttonLabel: texts.save,
      filters: [{ name: texts.filter[kind], extensions: [ext] }],
      properties,
    },
  };
}

/** Normalises a path for prefix comparison (case-folded where the file system folds case). */
function comparable(p: string, caseInsensitive: boolean): string {
  const resolved = path.resolve(p);
  return caseInsensitive ? resolved.toLowerCase() : resolved;
}

/**
 * True when `file` lies inside one of `dirs`. Both sides should already be real paths (symlinks
 * resolved: macOS `/tmp` is `/private/tmp`); `caseInsensitive` for Windows and macOS volumes.
 */
export function isInsideAny(
  file: string,
  dirs: readonly string[],
  caseInsensitive: boolean,
): boolean {
  const target = comparable(file, caseInsensitive);
  return dirs.some((d) => {
    const dir = comparable(d, caseInsensitive);
    return target.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
  });
}
