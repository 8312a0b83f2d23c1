/** Locale-aware display helpers shared by the table and the details panel. */

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A timestamp as a person reads it in their locale; the raw value if it does not parse. */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let fmt = dateFormats.get(locale);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    dateFormats.set(locale, fmt);
  }
  return fmt.format(date);
}

/** Milliseconds as seconds with one decimal, e.g. `2.5` / `2,5`. */
export function formatSeconds(ms: number, locale: string): string {
  return (Math.max(0, ms) / 1000).toLocaleString(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
}
