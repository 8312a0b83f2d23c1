/**
 * tt:DateTime reading and the one assumption needed when a device omits UTCDateTime.
 */
import { child, int } from './xml';

/**
 * A tt:DateTime (Date: Year/Month/Day, Time: Hour/Minute/Second) as epoch milliseconds, reading
 * the fields as UTC; null when the element is missing or any field is out of range.
 */
export function readDateTime(node: unknown): number | null {
  if (node === undefined) return null;
  const date = child(node, 'Date');
  const time = child(node, 'Time');
  const year = int(child(date, 'Year'));
  const month = int(child(date, 'Month'));
  const day = int(child(date, 'Day'));
  const hour = int(child(time, 'Hour'));
  const minute = int(child(time, 'Minute'));
  // A leap second (60) is legal xs:time; fold it into 59 rather than reject the clock.
  const second = Math.min(int(child(time, 'Second')) ?? -1, 59);
  if (year === null || month === null || day === null || hour === null || minute === null) {
    return null;
  }
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || second < 0) return null;
  if (hour > 23 || minute > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February into March; a device that says so has a broken clock.
  if (new Date(ms).getUTCDate() !== day) return null;
  return ms;
}

const POSIX_TZ =
  /^(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{1,}>)([+-]?)(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?/;

/**
 * ASSUMPTION [I]: converts a device's LocalDateTime to UTC using the standard-time offset of its
 * POSIX TZ string (`CST-8:00:00` is UTC+8; POSIX signs are inverted). Daylight saving is ignored
 * and an unparseable zone (IANA names, empty) leaves the time as if it were UTC. Only used when
 * UTCDateTime is missing; replace once a capture of such a device shows what its TZ looks like.
 */
export function assumedLocalDateTimeToUtc(localMs: number, tz: string | null): number {
  const m = tz ? POSIX_TZ.exec(tz.trim()) : null;
  if (!m) return localMs;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  const seconds = Number(m[4] ?? 0);
  if (hours > 24 || minutes > 59 || seconds > 59) return localMs;
  const sign = m[1] === '-' ? -1 : 1;
  return localMs + sign * (hours * 3600 + minutes * 60 + seconds) * 1000;
}
