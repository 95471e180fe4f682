import { SearchQueryError } from './search-query.error';
import { addDays, assertTimeZone, dayInterval, localDate, localToInstant, toLocal } from './zoned-time.util';

describe('zoned-time.util', () => {
  it('finds the UTC instants of a local day', () => {
    const d = { year: 2026, month: 11, day: 30 };
    expect(dayInterval(d, 'UTC')).toEqual({
      start: new Date('2026-11-30T00:00:00.000Z'),
      end: new Date('2026-11-30T23:59:59.999Z'),
    });
    expect(dayInterval(d, 'Europe/Paris').start).toEqual(new Date('2026-11-29T23:00:00.000Z'));
    expect(dayInterval(d, 'Asia/Kolkata').start).toEqual(new Date('2026-11-29T18:30:00.000Z'));
  });

  it('handles 25-hour and 23-hour DST days', () => {
    // US fall back on 2026-11-01, spring forward on 2026-03-08.
    const fallBack = dayInterval({ year: 2026, month: 11, day: 1 }, 'America/New_York');
    expect(fallBack.start).toEqual(new Date('2026-11-01T04:00:00.000Z'));
    expect(fallBack.end).toEqual(new Date('2026-11-02T04:59:59.999Z'));
    const springForward = dayInterval({ year: 2026, month: 3, day: 8 }, 'America/New_York');
    expect(springForward.end.getTime() + 1 - springForward.start.getTime()).toBe(23 * 3600_000);
  });

  it('converts wall-clock times both ways', () => {
    const t = localToInstant({ year: 2026, month: 7, day: 1, hour: 10, minute: 0, second: 0, millisecond: 0 }, 'Europe/Paris');
    expect(t).toEqual(new Date('2026-07-01T08:00:00.000Z'));
    expect(toLocal(t, 'Europe/Paris')).toEqual({ year: 2026, month: 7, day: 1, hour: 10, minute: 0, second: 0, millisecond: 0 });
    expect(localDate(new Date('2026-11-30T23:30:00Z'), 'Asia/Tokyo')).toEqual({ year: 2026, month: 12, day: 1 });
  });

  it('adds days across month and year ends', () => {
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
  });

  it('rejects an unknown zone with a user error naming it', () => {
    expect(assertTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(SearchQueryError);
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(/Unknown time zone "Mars\/Olympus"/);
  });
});
