import { TimeRange } from './search-filter.model';
import { SearchQueryError } from './search-query.error';
import { assertTimeZone, CalendarDate, dayInterval, localDate, localToInstant, addDays } from './zoned-time.util';

/** Injected so tests (and "last 3h") are deterministic. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface TimeOptions {
  clock: Clock;
  /** IANA zone used for day boundaries and zone-less datetimes. Default "UTC". */
  timeZone?: string;
}

/** An inclusive instant interval denoted by one absolute expression (a day, a minute, …). */
interface Span {
  start: Date;
  end: Date;
}

type Atom = { kind: 'ago'; ms: number } | { kind: 'span'; span: Span };

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d{1,6})([mhdw])$/i;
const ABSOLUTE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
const HINT = 'expected e.g. 3h, <3h, >7d, today, yesterday, 2026-11-30, >2026-11-29, 2026-11-01..2026-11-15 (units: m, h, d, w)';

/** Milliseconds of `90m` / `3h` / `7d` / `2w`, or undefined when `expr` is not a duration. */
export function parseDuration(expr: string): number | undefined {
  const m = DURATION.exec(expr);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 ? n * UNIT_MS[m[2].toLowerCase()] : undefined;
}

function timeZoneOf(opts: TimeOptions): string {
  return assertTimeZone(opts.timeZone ?? 'UTC');
}

function validDate(y: number, mo: number, d: number): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1000 && t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function offsetMs(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m || Number(m[2]) > 23 || Number(m[3]) > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** `2026-11-30` → that day; `…T10:00` → that minute; `…T10:00:05` → that second (in the zone given). */
function parseAbsolute(expr: string, timeZone: string): Span | undefined {
  const m = ABSOLUTE.exec(expr);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(y, mo, d)) return undefined;
  const date: CalendarDate = { year: y, month: mo, day: d };
  if (m[4] === undefined) {
    const day = dayInterval(date, timeZone);
    return { start: day.start, end: day.end };
  }
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  // Precision decides the span: a minute, a second or a single millisecond.
  const width = m[7] !== undefined ? 1 : m[6] !== undefined ? 1000 : 60_000;
  let start: number;
  if (m[8] !== undefined) {
    const off = offsetMs(m[8]);
    if (off === undefined) return undefined;
    start = Date.UTC(y, mo - 1, d, h, mi, s, ms) - off;
  } else {
    start = localToInstant({ ...date, hour: h, minute: mi, second: s, millisecond: ms }, timeZone).getTime();
  }
  return { start: new Date(start), end: new Date(start + width - 1) };
}

function parseAtom(expr: string, opts: TimeOptions): Atom | undefined {
  const ms = parseDuration(expr);
  if (ms !== undefined) return { kind: 'ago', ms };
  const tz = timeZoneOf(opts);
  const word = expr.toLowerCase();
  if (word === 'today' || word === 'yesterday') {
    const today = localDate(opts.clock.now(), tz);
    const span = dayInterval(word === 'today' ? today : addDays(today, -1), tz);
    return { kind: 'span', span };
  }
  const span = parseAbsolute(expr, tz);
  return span && { kind: 'span', span };
}

const shift = (d: Date, ms: number): Date => new Date(d.getTime() + ms);

/**
 * `last` of a TimeRangeFilter: `90m` / `3h` / `7d` / `2w` → [now - N, now]; `today` / `yesterday` →
 * that local day. Anything else is a SearchQueryError naming `field`.
 */
export function resolveLast(expr: string, opts: TimeOptions, field = 'last'): TimeRange {
  const trimmed = expr.trim();
  const atom = /^(today|yesterday)$/i.test(trimmed) || DURATION.test(trimmed) ? parseAtom(trimmed, opts) : undefined;
  if (!atom) {
    throw new SearchQueryError(`Bad value "${expr}" for ${field}: expected 90m, 3h, 7d, 2w, today or yesterday`, {
      qualifier: field,
      value: expr,
    });
  }
  if (atom.kind === 'span') return { from: atom.span.start, to: atom.span.end };
  const now = opts.clock.now();
  return { from: shift(now, -atom.ms), to: now };
}

/**
 * A time qualifier value → inclusive range:
 * - `3h` / `<3h` / `<=3h`: less than 3 h ago = [now - 3h, now]; `>3h` / `>=3h`: more than 3 h ago.
 * - `today`, `2026-11-30`, `2026-11-30T10:00`: the whole day / minute; `>X` after it, `>=X` from its
 *   start, `<X` before it, `<=X` up to its end.
 * - `a..b`: from the start of a to the end of b (inclusive); either side may be omitted.
 * Errors name `qualifier` and the value.
 */
export function parseTimeExpression(expr: string, opts: TimeOptions, qualifier = 'time'): TimeRange {
  const fail = (why = HINT): never => {
    throw new SearchQueryError(`Bad value "${expr}" for ${qualifier}: — ${why}`, { qualifier, value: expr });
  };
  const now = opts.clock.now();
  const dots = expr.indexOf('..');
  if (dots >= 0) {
    const [a, b] = [expr.slice(0, dots), expr.slice(dots + 2)];
    if (!a && !b) fail();
    const from = a ? atomBound(parseAtom(a, opts) ?? fail(), now, 'start') : undefined;
    const to = b ? atomBound(parseAtom(b, opts) ?? fail(), now, 'end') : undefined;
    if (from && to && from.getTime() > to.getTime()) fail('the range starts after it ends');
    return { ...(from && { from }), ...(to && { to }) };
  }
  const m = /^(<=|>=|<|>)?(.+)$/.exec(expr);
  if (!m) return fail();
  const op = m[1];
  const atom = parseAtom(m[2], opts) ?? fail();
  if (atom.kind === 'ago') {
    // Operators compare ages: "<3h" = younger than 3 h.
    const at = shift(now, -atom.ms);
    return op === '>' || op === '>=' ? { to: at } : { from: at, to: now };
  }
  const { start, end } = atom.span;
  switch (op) {
    case '>':
      return { from: shift(end, 1) };
    case '>=':
      return { from: start };
    case '<':
      return { to: shift(start, -1) };
    case '<=':
      return { to: end };
    default:
      return { from: start, to: end };
  }
}

function atomBound(atom: Atom, now: Date, side: 'start' | 'end'): Date {
  if (atom.kind === 'ago') return shift(now, -atom.ms);
  return side === 'start' ? atom.span.start : atom.span.end;
}

/** Intersection of two ranges: the later `from`, the earlier `to`. */
export function intersectRanges(a: TimeRange | undefined, b: TimeRange | undefined): TimeRange | undefined {
  if (!a) return b;
  if (!b) return a;
  const from = maxDate(a.from, b.from);
  const to = minDate(a.to, b.to);
  return { ...(from && { from }), ...(to && { to }) };
}

const maxDate = (x?: Date, y?: Date): Date | undefined => (!x ? y : !y ? x : x.getTime() >= y.getTime() ? x : y);
const minDate = (x?: Date, y?: Date): Date | undefined => (!x ? y : !y ? x : x.getTime() <= y.getTime() ? x : y);

/** True when the range cannot contain any instant. */
export function isEmptyRange(r: TimeRange | undefined): boolean {
  return !!r?.from && !!r.to && r.from.getTime() > r.to.getTime();
}
