/**
 * The mailbox as a small HTML page for a person running the demo. Every value is escaped: the
 * messages carry device-supplied text (serials), which must never become markup.
 */
import type { MailMessage } from './mailbox';

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** The page for one address, newest message first. */
export function mailboxPage(address: string, messages: readonly MailMessage[]): string {
  const e = escapeHtml;
  const items = messages
    .map(
      (m) =>
        `<article><h2>${e(m.subject)}</h2><p>From ${e(m.from)} to ${e(m.to)}, ${e(m.at)}</p>` +
        `<pre>${e(m.body)}</pre></article>`,
    )
    .join('\n');
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<title>Lab mailbox: ${e(address)}</title></head><body>` +
    `<h1>Lab mailbox: ${e(address)}</h1>` +
    (messages.length === 0 ? '<p>No messages.</p>' : items) +
    '</body></html>\n'
  );
}
