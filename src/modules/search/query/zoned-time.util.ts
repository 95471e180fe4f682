import { SearchQueryError } from './search-query.error';

/**
 * Minimal IANA time-zone arithmetic on top of Intl (no dependency): enough to find where a local
 * calendar day starts and ends as UTC instants, including on DST-change days (23 h / 25 h days).
 */
export interface LocalDateTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone; callers go through assertTimeZone first.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Validates an IANA zone name (e.g. "Europe/Paris"); a bad one is a user-input error. */
export function assertTimeZone(timeZone: string): string {
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    throw new SearchQueryError(`Unknown time zone "${timeZone}" (expected an IANA name such as "Europe/Paris")`, {
      qualifier: 'timeZone',
      value: timeZone,
    });
  }
}

/** Wall-clock fields of `instant` in `timeZone`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    millisecond: instant.getUTCMilliseconds(),
  };
}

function utcOf(l: LocalDateTime): number {
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second, l.millisecond);
}

/** Zone offset (local minus UTC, in ms) in effect at `epochMs`. */
function offsetAt(epochMs: number, timeZone: string): number {
  return utcOf(toLocal(new Date(epochMs), timeZone)) - epochMs;
}

/** The UTC instant of a wall-clock time in `timeZone` (two passes to settle across a DST change). */
export function localToInstant(l: LocalDateTime, timeZone: string): Date {
  const guess = utcOf(l);
  const first = offsetAt(guess, timeZone);
  let t = guess - first;
  const second = offsetAt(t, timeZone);
  if (second !== first) t = guess - second;
  return new Date(t);
}

export function addDays(d: CalendarDate, n: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function startOfDay(d: CalendarDate, timeZone: string): Date {
  return localToInstant({ ...d, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}

/** The whole local day as inclusive instants: [00:00, next day's 00:00 - 1 ms]. */
export function dayInterval(d: CalendarDate, timeZone: string): { start: Date; end: Date } {
  const start = startOfDay(d, timeZone);
  const end = new Date(startOfDay(addDays(d, 1), timeZone).getTime() - 1);
  return { start, end };
}

/** The local calendar date of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): CalendarDate {
  const l = toLocal(instant, timeZone);
  return { year: l.year, month: l.month, day: l.day };
}
