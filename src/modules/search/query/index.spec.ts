import * as api from './index';

describe('search query public API (barrel)', () => {
  it('exposes the runtime entry points', () => {
    for (const fn of [
      api.parseSearchQuery,
      api.mergeSearchFilter,
      api.normalizeFilterInput,
      api.intersectFilters,
      api.resolveProjectRefs,
      api.projectRefsToResolve,
      api.buildMeiliFilter,
      api.escapeMeiliValue,
      api.parseTimeExpression,
      api.resolveLast,
      api.parseDuration,
      api.emptyFilter,
    ]) {
      expect(typeof fn).toBe('function');
    }
    expect(new api.SearchQueryError('x')).toBeInstanceOf(Error);
    expect(api.systemClock.now()).toBeInstanceOf(Date);
  });

  it('composes: parse → merge → resolve projects → Meilisearch filter', () => {
    const opts = { clock: { now: () => new Date('2026-11-30T14:00:00.000Z') } };
    const { text, filter } = api.parseSearchQuery('sneakers project:summer status:approved', opts);
    const merged = api.mergeSearchFilter(filter, { kinds: ['IMAGE'] }, opts);
    const resolved = api.resolveProjectRefs(merged, new Map([['summer', 'p1']]));
    expect(text).toBe('sneakers');
    expect(api.buildMeiliFilter('ws', resolved)).toEqual([
      'workspaceId = "ws"',
      'projectId = "p1"',
      'status = "APPROVED"',
      'kind = "IMAGE"',
    ]);
  });
});
