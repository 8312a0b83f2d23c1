/**
 * Saves the device list as CSV in the one format the CLI also writes (electron/shared/csv.ts).
 * The file is handed over as a Blob behind an object URL and a temporary `<a download>`: no inline
 * script, no data: URL, nothing the strict CSP has to allow, and no round trip to the engine.
 */
import { devicesCsv, type Device } from '../contract';

const pad = (n: number) => String(n).padStart(2, '0');

/** `custodian-devices-YYYYMMDD-HHMM.csv`, in local time: the clock the installer reads. */
export function csvFileName(now: Date): string {
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  return `custodian-devices-${date}-${pad(now.getHours())}${pad(now.getMinutes())}.csv`;
}

/** How long the object URL lives after the click; the download has started well before that. */
const REVOKE_AFTER_MS = 10_000;

/** Starts the download of `devices` as CSV and returns the file name used. */
export function downloadDevicesCsv(
  devices: readonly Device[],
  now = new Date(),
  doc: Document = document,
): string {
  const name = csvFileName(now);
  const blob = new Blob([devicesCsv(devices)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.hidden = true;
  doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoking at once can cancel the download in Chromium; a timer frees the Blob soon after.
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
  return name;
}
