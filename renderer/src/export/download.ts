/**
 * Hands a Blob to the browser as a file download (object URL + temporary `<a download>`), the same
 * way the CSV export does: nothing the strict CSP has to allow, no round trip to the engine.
 */

const REVOKE_AFTER_MS = 10_000;

export function downloadBlob(blob: Blob, name: string, doc: Document = document): void {
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
    // Revoking at once can cancel the download in Chromium.
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}

/** Decodes base64 (the key file in a flow handout) to bytes; throws on anything else. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64.replace(/\s+/g, ''));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Encodes bytes as base64 (a key file picked by the person, for flow:submit). */
export function bytesToBase64(bytes: Uint8Array): string {
  let text = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    text += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(text);
}

/** A file name safe on Windows and macOS: the device's handout names it, but it is not trusted. */
export function safeFileName(name: string | undefined, fallback: string): string {
  const cleaned = [...(name ?? '')]
    // Control characters and the ones Windows or macOS refuse in a file name.
    .map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '_' : c))
    .join('')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 120);
  return cleaned || fallback;
}
