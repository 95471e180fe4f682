import { Clock, intersectRanges, isEmptyRange, parseDuration, parseTimeExpression, resolveLast } from './relative-time';
import { SearchQueryError } from './search-query.error';

const at = (iso: string): Clock => ({ now: () => new Date(iso) });
const d = (iso: string): Date => new Date(iso);
const NOW = '2026-11-30T14:00:00.000Z';
const utc = { clock: at(NOW) };

describe('parseDuration', () => {
  it.each([
    ['90m', 90 * 60_000],
    ['3h', 3 * 3600_000],
    ['7d', 7 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['3H', 3 * 3600_000],
  ])('%s', (expr, ms) => expect(parseDuration(expr)).toBe(ms));

  it.each(['3x', '0h', 'h', '3', '1.5h', '-3h', '1234567h', ' 3h'])('rejects %p', (expr) =>
    expect(parseDuration(expr)).toBeUndefined(),
  );
});

describe('resolveLast', () => {
  it('durations are [now - N, now]', () => {
    expect(resolveLast('3h', utc)).toEqual({ from: d('2026-11-30T11:00:00Z'), to: d(NOW) });
    expect(resolveLast('90m', utc)).toEqual({ from: d('2026-11-30T12:30:00Z'), to: d(NOW) });
    expect(resolveLast('2w', utc)).toEqual({ from: d('2026-11-16T14:00:00Z'), to: d(NOW) });
  });

  it('today and yesterday are whole local days', () => {
    expect(resolveLast('today', utc)).toEqual({ from: d('2026-11-30T00:00:00Z'), to: d('2026-11-30T23:59:59.999Z') });
    expect(resolveLast('Yesterday', utc)).toEqual({ from: d('2026-11-29T00:00:00Z'), to: d('2026-11-29T23:59:59.999Z') });
  });

  it('rejects anything else, naming the field', () => {
    for (const bad of ['3 hours', '2026-11-30', '<3h', '']) {
      expect(() => resolveLast(bad, utc, 'createdAt.last')).toThrow(SearchQueryError);
    }
    expect(() => resolveLast('3 hours', utc, 'createdAt.last')).toThrow('Bad value "3 hours" for createdAt.last');
  });
});

describe('today / yesterday around midnight', () => {
  it('UTC, one millisecond before and at midnight', () => {
    const before = { clock: at('2026-11-30T23:59:59.999Z') };
    const after = { clock: at('2026-12-01T00:00:00.000Z') };
    expect(parseTimeExpression('today', before).from).toEqual(d('2026-11-30T00:00:00Z'));
    expect(parseTimeExpression('today', after)).toEqual({ from: d('2026-12-01T00:00:00Z'), to: d('2026-12-01T23:59:59.999Z') });
    expect(parseTimeExpression('yesterday', after)).toEqual({ from: d('2026-11-30T00:00:00Z'), to: d('2026-11-30T23:59:59.999Z') });
  });

  it('Asia/Tokyo: 23:30 UTC is already tomorrow', () => {
    const opts = { clock: at('2026-11-30T23:30:00Z'), timeZone: 'Asia/Tokyo' };
    expect(parseTimeExpression('today', opts)).toEqual({ from: d('2026-11-30T15:00:00Z'), to: d('2026-12-01T14:59:59.999Z') });
    expect(parseTimeExpression('yesterday', opts)).toEqual({ from: d('2026-11-29T15:00:00Z'), to: d('2026-11-30T14:59:59.999Z') });
  });

  it('America/Los_Angeles: 05:00 UTC is still the previous evening', () => {
    const opts = { clock: at('2026-12-01T05:00:00Z'), timeZone: 'America/Los_Angeles' };
    expect(parseTimeExpression('today', opts)).toEqual({ from: d('2026-11-30T08:00:00Z'), to: d('2026-12-01T07:59:59.999Z') });
    expect(parseTimeExpression('yesterday', opts)).toEqual({ from: d('2026-11-29T08:00:00Z'), to: d('2026-11-30T07:59:59.999Z') });
  });

  it('America/New_York: yesterday was the 25-hour fall-back day', () => {
    const opts = { clock: at('2026-11-02T12:00:00Z'), timeZone: 'America/New_York' };
    expect(resolveLast('yesterday', opts)).toEqual({ from: d('2026-11-01T04:00:00Z'), to: d('2026-11-02T04:59:59.999Z') });
  });
});

describe('parseTimeExpression', () => {
  it.each([
    ['3h', { from: d('2026-11-30T11:00:00Z'), to: d(NOW) }],
    ['<3h', { from: d('2026-11-30T11:00:00Z'), to: d(NOW) }],
    ['<=3h', { from: d('2026-11-30T11:00:00Z'), to: d(NOW) }],
    ['>3h', { to: d('2026-11-30T11:00:00Z') }],
    ['>=7d', { to: d('2026-11-23T14:00:00Z') }],
    ['2026-11-30', { from: d('2026-11-30T00:00:00Z'), to: d('2026-11-30T23:59:59.999Z') }],
    ['>2026-11-29', { from: d('2026-11-30T00:00:00Z') }],
    ['>=2026-11-29', { from: d('2026-11-29T00:00:00Z') }],
    ['<2026-11-29', { to: d('2026-11-28T23:59:59.999Z') }],
    ['<=2026-11-29', { to: d('2026-11-29T23:59:59.999Z') }],
    ['>yesterday', { from: d('2026-11-30T00:00:00Z') }],
    ['<today', { to: d('2026-11-29T23:59:59.999Z') }],
    ['2026-11-30T10:00', { from: d('2026-11-30T10:00:00Z'), to: d('2026-11-30T10:00:59.999Z') }],
    ['2026-11-30T10:00:05', { from: d('2026-11-30T10:00:05Z'), to: d('2026-11-30T10:00:05.999Z') }],
    ['2026-11-30T10:00:05.25Z', { from: d('2026-11-30T10:00:05.250Z'), to: d('2026-11-30T10:00:05.250Z') }],
    ['2026-11-30T10:00:00+02:00', { from: d('2026-11-30T08:00:00Z'), to: d('2026-11-30T08:00:00.999Z') }],
    ['>2026-11-30T10:00Z', { from: d('2026-11-30T10:01:00Z') }],
    ['2026-11-01..2026-11-15', { from: d('2026-11-01T00:00:00Z'), to: d('2026-11-15T23:59:59.999Z') }],
    ['2026-11-01..', { from: d('2026-11-01T00:00:00Z') }],
    ['..2026-11-15', { to: d('2026-11-15T23:59:59.999Z') }],
    ['7d..1d', { from: d('2026-11-23T14:00:00Z'), to: d('2026-11-29T14:00:00Z') }],
    ['yesterday..today', { from: d('2026-11-29T00:00:00Z'), to: d('2026-11-30T23:59:59.999Z') }],
  ])('%s (UTC, now = 2026-11-30T14:00Z)', (expr, range) => {
    expect(parseTimeExpression(expr, utc)).toStrictEqual(range);
  });

  it('reads zone-less dates and datetimes in the given zone', () => {
    const paris = { clock: at(NOW), timeZone: 'Europe/Paris' };
    expect(parseTimeExpression('2026-11-30', paris)).toEqual({ from: d('2026-11-29T23:00:00Z'), to: d('2026-11-30T22:59:59.999Z') });
    expect(parseTimeExpression('2026-11-30T10:00', paris).from).toEqual(d('2026-11-30T09:00:00Z'));
    // An explicit zone wins over the option.
    expect(parseTimeExpression('2026-11-30T10:00Z', paris).from).toEqual(d('2026-11-30T10:00:00Z'));
  });

  it.each([
    '<3x',
    '3 h',
    '=3h',
    '<>3h',
    '2026-02-30',
    '2026-13-01',
    '2026-11-30T24:00',
    '2026-11-30T10:00+25:00',
    '26-11-30',
    'tomorrow',
    '..',
    '2026-11-01...2026-11-02',
  ])('rejects %p naming the qualifier and value', (expr) => {
    let err: unknown;
    try {
      parseTimeExpression(expr, utc, 'approved');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SearchQueryError);
    expect((err as SearchQueryError).message).toContain(`"${expr}" for approved:`);
    expect((err as SearchQueryError).qualifier).toBe('approved');
    expect((err as SearchQueryError).value).toBe(expr);
  });

  it('rejects a range that ends before it starts', () => {
    expect(() => parseTimeExpression('2026-11-15..2026-11-01', utc, 'created')).toThrow(/starts after it ends/);
  });

  it('rejects an unknown time zone', () => {
    expect(() => parseTimeExpression('today', { clock: at(NOW), timeZone: 'Nope/Nowhere' })).toThrow(/Unknown time zone/);
  });
});

describe('intersectRanges / isEmptyRange', () => {
  it('keeps the later from and the earlier to', () => {
    expect(intersectRanges({ from: d('2026-11-01T00:00Z') }, { from: d('2026-11-05T00:00Z'), to: d('2026-11-20T00:00Z') })).toEqual({
      from: d('2026-11-05T00:00Z'),
      to: d('2026-11-20T00:00Z'),
    });
    expect(intersectRanges(undefined, { to: d(NOW) })).toEqual({ to: d(NOW) });
    expect(intersectRanges(undefined, undefined)).toBeUndefined();
  });

  it('detects an empty range', () => {
    expect(isEmptyRange({ from: d('2026-11-02T00:00Z'), to: d('2026-11-01T00:00Z') })).toBe(true);
    expect(isEmptyRange({ from: d(NOW), to: d(NOW) })).toBe(false);
    expect(isEmptyRange(undefined)).toBe(false);
  });
});
