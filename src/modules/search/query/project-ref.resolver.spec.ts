import { projectRefsToResolve, resolveProjectRefs } from './project-ref.resolver';
import { emptyFilter, NormalizedFilter } from './search-filter.model';
import { SearchQueryError } from './search-query.error';

const f = (patch: Partial<NormalizedFilter>): NormalizedFilter => ({ ...emptyFilter(), ...patch });
const lookup = new Map([
  ['summer-campaign', 'p1'],
  ['p1', 'p1'],
  ['winter', 'p2'],
  ['old', 'p9'],
]);

describe('project refs', () => {
  it('lists every ref to look up, once', () => {
    expect(projectRefsToResolve(f({ projectRefs: ['summer-campaign', 'p1'], notProjectRefs: ['old', 'p1'] }))).toEqual([
      'summer-campaign',
      'p1',
      'old',
    ]);
  });

  it('replaces refs by ids (slug and id for the same project collapse)', () => {
    expect(resolveProjectRefs(f({ projectRefs: ['summer-campaign', 'p1', 'winter'], notProjectRefs: ['old'] }), lookup)).toStrictEqual(
      f({ projectIds: ['p1', 'p2'], notProjectIds: ['p9'] }),
    );
  });

  it('intersects with explicit projectIds', () => {
    expect(resolveProjectRefs(f({ projectIds: ['p2', 'p3'], projectRefs: ['winter'] }), lookup).projectIds).toEqual(['p2']);
    const none = resolveProjectRefs(f({ projectIds: ['p3'], projectRefs: ['winter'] }), lookup);
    expect(none.matchesNothing).toBe(true);
  });

  it('without refs the filter is unchanged', () => {
    expect(resolveProjectRefs(f({ projectIds: ['p3'] }), lookup)).toStrictEqual(f({ projectIds: ['p3'] }));
  });

  it('an unknown ref is a user error naming it', () => {
    let err: unknown;
    try {
      resolveProjectRefs(f({ notProjectRefs: ['nope'] }), lookup);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SearchQueryError);
    expect(err).toMatchObject({ qualifier: 'project', value: 'nope', message: expect.stringContaining('Unknown project "nope"') });
  });
});
