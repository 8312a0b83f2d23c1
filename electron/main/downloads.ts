/**
 * The session's `will-download` handler. Every Electron object and every file-system call is
 * injected (structural types, no `electron` import), so the real handler runs against fakes in
 * plain Node; `index.ts` passes the real session, dialog and `fs`.
 *
 * The rules (see download-plan.ts for why): refuse downloads that are not our own window's own
 * blobs; always show the save dialog, starting in Downloads; for the reset key, never leave it in
 * a temporary folder and make the saved file readable by its owner only; never leave a partial
 * file behind when a download does not complete.
 */
import { downloadTexts, isInsideAny, planDownload, type SaveDialogPlan } from './download-plan';
import type { OriginPolicy } from './sender-policy';

type UpdatedState = 'progressing' | 'interrupted';
type DoneState = 'completed' | 'cancelled' | 'interrupted';

/** The parts of Electron's `DownloadItem` used here. */
export interface DownloadItemLike {
  getURL(): string;
  getFilename(): string;
  /** Empty until the person has chosen a path in the dialog. */
  getSavePath(): string;
  setSaveDialogOptions(options: SaveDialogPlan): void;
  cancel(): void;
  on(event: 'updated', listener: (event: unknown, state: UpdatedState) => void): unknown;
  once(event: 'done', listener: (event: unknown, state: DoneState) => void): unknown;
}

/** The file-system operations the handler needs, injected for tests. */
export interface DownloadFs {
  /** Resolves symlinks (of the nearest existing ancestor); returns the input when it cannot. */
  realPath(p: string): string;
  /** Deletes a file if it is there; never throws. */
  removeIfPresent(p: string): Promise<void>;
  /** Owner read/write only (POSIX 0600); a no-op where modes mean nothing (Windows). */
  restrictToOwner(p: string): Promise<void>;
}

export interface DownloadDeps {
  policy: OriginPolicy;
  /** Whether a WebContents (by id) belongs to a window this app created. */
  isKnownContents(id: number | undefined): boolean;
  /** Where the dialog starts: the person's Downloads folder (never a temporary one). */
  downloadsDir(): string;
  /** The OS temporary folders a secret must not stay in (real paths). */
  tempDirs(): string[];
  /** The OS locale for dialog texts. */
  locale(): string;
  /** True where the file system folds case (Windows, macOS). */
  caseInsensitive: boolean;
  fs: DownloadFs;
  /** Tells the person something went differently from what they asked (a message box). */
  notify(message: { title: string; message: string }): void;
  /** Diagnostics; never given the file's content. */
  warn?: (message: string) => void;
}

/** The intermediate file Chromium writes next to the target while downloading. */
export function partialPathOf(savePath: string): string {
  return `${savePath}.crdownload`;
}

/**
 * Builds the `will-download` listener. The save dialog is Electron's own, set synchronously through
 * `setSaveDialogOptions` (the handler cannot wait for an async dialog); the destination is known
 * once the person confirmed it, on the first `updated` event or at `done`.
 */
export function createDownloadHandler(
  deps: DownloadDeps,
): (event: { preventDefault(): void }, item: DownloadItemLike, contents?: { id: number }) => void {
  const warn = deps.warn ?? ((m: string) => console.warn(`[downloads] ${m}`));
  return (event, item, contents) => {
    const plan = planDownload(
      {
        url: item.getURL(),
        filename: item.getFilename(),
        fromKnownWindow: deps.isKnownContents(contents?.id),
      },
      { policy: deps.policy, downloadsDir: deps.downloadsDir(), locale: deps.locale() },
    );
    if (plan.action === 'refuse') {
      event.preventDefault();
      warn(`refused a download (${plan.reason})`);
      return;
    }
    item.setSaveDialogOptions(plan.dialog);
    if (plan.kind !== 'secret') {
      item.once('done', (_e, state) => {
        if (state !== 'completed') void cleanPartial(deps, item.getSavePath());
      });
      return;
    }

    const inTemp = (p: string): boolean =>
      isInsideAny(deps.fs.realPath(p), deps.tempDirs(), deps.caseInsensitive);
    const tellRefused = (): void => {
      const texts = downloadTexts(deps.locale());
      deps.notify({ title: texts.tempRefusedTitle, message: texts.tempRefused });
    };
    let refused = false;
    item.on('updated', (_e, state) => {
      const savePath = item.getSavePath();
      if (refused || state !== 'progressing' || !savePath || !inTemp(savePath)) return;
      refused = true;
      item.cancel();
    });
    item.once('done', (_e, state) => {
      const savePath = item.getSavePath();
      if (!savePath) return; // the person cancelled the dialog: nothing was written
      if (state !== 'completed') {
        void cleanPartial(deps, savePath).then(() => {
          if (refused) tellRefused();
        });
        return;
      }
      if (inTemp(savePath)) {
        // Finished before an `updated` event let us stop it (a small key arrives at once).
        void deps.fs.removeIfPresent(savePath).then(() => {
          void cleanPartial(deps, savePath);
          tellRefused();
        });
        return;
      }
      void deps.fs.restrictToOwner(savePath).catch(() => warn('could not restrict the key file'));
    });
  };
}

/** Removes Chromium's intermediate file; the target itself is only replaced on completion. */
async function cleanPartial(deps: DownloadDeps, savePath: string): Promise<void> {
  if (savePath) await deps.fs.removeIfPresent(partialPathOf(savePath));
}
