import { intersectFilters, MAX_FILTER_VALUES, mergeSearchFilter, normalizeFilterInput } from './filter-merge';
import { parseSearchQuery } from './qualifier.parser';
import { Clock } from './relative-time';
import { emptyFilter, NormalizedFilter } from './search-filter.model';
import { SearchQueryError } from './search-query.error';

const clock: Clock = { now: () => new Date('2026-11-30T14:00:00.000Z') };
const opts = { clock };
const d = (iso: string): Date => new Date(iso);
const f = (patch: Partial<NormalizedFilter>): NormalizedFilter => ({ ...emptyFilter(), ...patch });

describe('normalizeFilterInput', () => {
  it('null / undefined / {} is no constraint', () => {
    expect(normalizeFilterInput(null, opts)).toStrictEqual(emptyFilter());
    expect(normalizeFilterInput(undefined, opts)).toStrictEqual(emptyFilter());
    expect(normalizeFilterInput({}, opts)).toStrictEqual(emptyFilter());
    expect(normalizeFilterInput({ statuses: null, tags: null, createdAt: null, picksOnly: false }, opts)).toStrictEqual(emptyFilter());
  });

  it('maps every field', () => {
    expect(
      normalizeFilterInput(
        {
          projectIds: ['p1', 'p1', ' p2 '],
          statuses: ['APPROVED'],
          kinds: ['IMAGE', 'VIDEO'],
          models: ['banana pro'],
          providers: ['openai'],
          tags: { all: ['footwear'], any: ['red', 'blue'], none: ['draft'] },
          createdBy: ['u1'],
          approvedBy: ['u2'],
          colors: ['Red', 'blue'],
          orientation: 'Portrait',
          aiGenerated: false,
          createdAt: { from: d('2026-11-01T00:00:00Z'), to: '2026-11-15T00:00:00Z' },
          approvedAt: { last: '3h' },
          statusChangedAt: { last: 'yesterday' },
          stackId: 'stk',
          picksOnly: true,
          similarTo: 'a1',
          nearDuplicatesOf: 'a2',
        },
        opts,
      ),
    ).toStrictEqual(
      f({
        projectIds: ['p1', 'p2'],
        statuses: ['APPROVED'],
        kinds: ['IMAGE', 'VIDEO'],
        models: ['banana pro'],
        providers: ['openai'],
        tags: { all: ['footwear'], any: [['red', 'blue']], none: ['draft'] },
        createdBy: ['u1'],
        approvedBy: ['u2'],
        colors: { all: [], any: [['red', 'blue']], none: [] },
        orientation: 'portrait',
        aiGenerated: false,
        createdAt: { from: d('2026-11-01T00:00:00Z'), to: d('2026-11-15T00:00:00Z') },
        approvedAt: { from: d('2026-11-30T11:00:00Z'), to: d('2026-11-30T14:00:00Z') },
        statusChangedAt: { from: d('2026-11-29T00:00:00Z'), to: d('2026-11-29T23:59:59.999Z') },
        stackId: 'stk',
        picksOnly: true,
        similarTo: 'a1',
        nearDuplicatesOf: 'a2',
      }),
    );
  });

  it('a one-value any group is the same as an all-of value (like tag:x in the query)', () => {
    expect(normalizeFilterInput({ tags: { any: ['x'] }, colors: ['red'] }, opts)).toStrictEqual(
      f({ tags: { all: ['x'], any: [], none: [] }, colors: { all: ['red'], any: [], none: [] } }),
    );
  });

  it('last and from/to together must both hold', () => {
    expect(normalizeFilterInput({ createdAt: { from: d('2026-11-30T12:00:00Z'), last: '7d' } }, opts).createdAt).toEqual({
      from: d('2026-11-30T12:00:00Z'),
      to: d('2026-11-30T14:00:00Z'),
    });
  });

  it('resolves last in the given time zone', () => {
    // 14:00Z is 23:00 in Tokyo: still 30 November there.
    expect(normalizeFilterInput({ createdAt: { last: 'today' } }, { clock, timeZone: 'Asia/Tokyo' }).createdAt).toEqual({
      from: d('2026-11-29T15:00:00Z'),
      to: d('2026-11-30T14:59:59.999Z'),
    });
  });

  it.each([
    [{ orientation: 'diagonal' }, 'orientation', /Bad filter.orientation: expected one of landscape, portrait, square/],
    [{ createdAt: { last: '3 hours' } }, 'createdAt.last', /Bad value "3 hours" for createdAt.last/],
    [{ createdAt: { from: 'not a date' } }, 'createdAt.from', /not a valid date-time/],
    [{ approvedAt: { from: d('2026-11-02T00:00Z'), to: d('2026-11-01T00:00Z') } }, 'approvedAt', /"from" is after "to"/],
    [{ models: ['ok', '  '] }, 'models', /contains an empty value/],
    [{ tags: { none: [''] } }, 'tags.none', /empty value/],
    [{ statuses: ['MAYBE' as never] }, 'statuses', /unknown value "MAYBE"/],
    [{ createdBy: Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => `u${i}`) }, 'createdBy', /more than 100 values/],
  ])('%p is a BAD_USER_INPUT error naming %s', (input, field, message) => {
    let err: unknown;
    try {
      normalizeFilterInput(input, opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SearchQueryError);
    expect((err as SearchQueryError).qualifier).toBe(field);
    expect((err as SearchQueryError).message).toMatch(message);
  });
});

describe('intersectFilters', () => {
  it('positive any-of lists intersect; empty means unconstrained', () => {
    expect(intersectFilters(f({ statuses: ['APPROVED', 'IN_REVIEW'] }), f({ statuses: ['APPROVED', 'DRAFT'] })).statuses).toEqual(['APPROVED']);
    expect(intersectFilters(f({ models: ['a'] }), f({})).models).toEqual(['a']);
    expect(intersectFilters(f({}), f({ kinds: ['VIDEO'] })).kinds).toEqual(['VIDEO']);
  });

  it('an empty intersection matches nothing', () => {
    const out = intersectFilters(f({ statuses: ['APPROVED'] }), f({ statuses: ['DRAFT'] }));
    expect(out.matchesNothing).toBe(true);
    expect(out.statuses).toEqual([]);
  });

  it('exclusions and set constraints accumulate', () => {
    const out = intersectFilters(
      f({ notStatuses: ['DRAFT'], tags: { all: ['a'], any: [['b', 'c']], none: ['x'] } }),
      f({ notStatuses: ['DRAFT', 'ARCHIVED'], tags: { all: ['a', 'z'], any: [['c', 'b'], ['d', 'e']], none: ['y'] } }),
    );
    expect(out.notStatuses).toEqual(['DRAFT', 'ARCHIVED']);
    expect(out.tags).toEqual({ all: ['a', 'z'], any: [['b', 'c'], ['d', 'e']], none: ['x', 'y'] });
    expect(out.matchesNothing).toBe(false);
  });

  it('scalars: same value kept, different values match nothing', () => {
    expect(intersectFilters(f({ orientation: 'square' }), f({ orientation: 'square' }))).toStrictEqual(f({ orientation: 'square' }));
    expect(intersectFilters(f({ orientation: 'square' }), f({ orientation: 'portrait' })).matchesNothing).toBe(true);
    expect(intersectFilters(f({ aiGenerated: true }), f({ aiGenerated: false })).matchesNothing).toBe(true);
    expect(intersectFilters(f({ stackId: 's1' }), f({ stackId: 's2' })).matchesNothing).toBe(true);
    expect(intersectFilters(f({ aiGenerated: false }), f({})).aiGenerated).toBe(false);
    expect(intersectFilters(f({}), f({ picksOnly: true })).picksOnly).toBe(true);
  });

  it('time ranges narrow; disjoint ranges match nothing', () => {
    const out = intersectFilters(f({ createdAt: { from: d('2026-11-01T00:00Z') } }), f({ createdAt: { to: d('2026-11-10T00:00Z') } }));
    expect(out.createdAt).toEqual({ from: d('2026-11-01T00:00Z'), to: d('2026-11-10T00:00Z') });
    const disjoint = intersectFilters(f({ approvedAt: { to: d('2026-11-01T00:00Z') } }), f({ approvedAt: { from: d('2026-11-10T00:00Z') } }));
    expect(disjoint.matchesNothing).toBe(true);
  });

  it('two different similarTo / nearDuplicatesOf ids are an error', () => {
    expect(() => intersectFilters(f({ similarTo: 'a' }), f({ similarTo: 'b' }))).toThrow(/filter.similarTo: given twice/);
    expect(() => intersectFilters(f({ nearDuplicatesOf: 'a' }), f({ nearDuplicatesOf: 'b' }))).toThrow(SearchQueryError);
    expect(intersectFilters(f({ similarTo: 'a' }), f({ similarTo: 'a' })).similarTo).toBe('a');
  });

  it('matchesNothing is sticky', () => {
    expect(intersectFilters(f({ matchesNothing: true }), f({})).matchesNothing).toBe(true);
  });
});

describe('mergeSearchFilter', () => {
  it('ANDs the parsed query with the explicit filter', () => {
    const parsed = parseSearchQuery('status:approved,in_review tag:footwear -tag:draft approved:<3h project:summer', opts).filter;
    const merged = mergeSearchFilter(
      parsed,
      { statuses: ['APPROVED'], tags: { none: ['nsfw'] }, approvedAt: { last: 'today' }, projectIds: ['p1'] },
      opts,
    );
    expect(merged).toStrictEqual(
      f({
        projectIds: ['p1'],
        projectRefs: ['summer'],
        statuses: ['APPROVED'],
        tags: { all: ['footwear'], any: [], none: ['draft', 'nsfw'] },
        approvedAt: { from: d('2026-11-30T11:00:00Z'), to: d('2026-11-30T14:00:00Z') },
      }),
    );
  });

  it('no explicit filter leaves the parsed filter as is', () => {
    const parsed = parseSearchQuery('kind:video color:red', opts).filter;
    expect(mergeSearchFilter(parsed, null, opts)).toStrictEqual(parsed);
  });
});
