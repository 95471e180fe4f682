import { emptyFilter } from '../../modules/search/query';
import { facetAggregateSql, FACET_LIMIT, facetSourceColumns, filterClauses, Params, tsqueryExpr } from './postgres-search.query';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor';
import { BadCursorError } from './search-engine.port';
import { EngineQuery } from './search-engine.port';
import { splitSearchText } from './search-text';

const q = (over: Partial<EngineQuery> = {}): EngineQuery => ({
  workspaceId: 'ws', text: '', filter: emptyFilter(), sort: { field: 'relevance', direction: 'DESC' }, limit: 20, after: null, facets: [], ...over,
});

describe('postgres search SQL', () => {
  it('puts the workspace first and every user value in parameters', () => {
    const p = new Params();
    const hostile = "x'); DROP TABLE asset; --";
    const sql = filterClauses(q({ filter: { ...emptyFilter(), models: [hostile], tags: { all: [hostile], any: [], none: [] }, stackId: hostile } }), p).join(' AND ');
    expect(sql.startsWith('d.workspace_id = $1::uuid')).toBe(true);
    expect(sql).not.toContain('DROP');
    expect(p.values).toContain('ws');
    expect(p.values).toEqual(expect.arrayContaining([[hostile.toLowerCase()]]));
  });

  it('splits text into letter/digit words and phrases only (no tsquery syntax survives)', () => {
    expect(splitSearchText(`red "running shoes" sne&ekers:* !x | "y"`)).toEqual({ words: ['red', 'sne', 'ekers', 'x', 'y'], phrases: ['running shoes'] });
    const p = new Params();
    const expr = tsqueryExpr(['sneekers'], ['running shoes'], new Map([['sneekers', ['sneakers']]]), p)!;
    expect(expr).toContain("plainto_tsquery('english', $2)");
    expect(p.values).toEqual(['sneekers', 'sneakers', 'sneekers:*', 'running shoes']);
  });

  it('carries the ranking window boundary in relevance cursors and rejects a malformed one', () => {
    const base = { sort: 'relevance' as const, dir: 'DESC' as const, score: '0.5', key: '2026-11-30 12:00:00.123456+00', id: 'a' };
    const win = { tier: 0 as const, key: '2026-11-29 10:00:00+00', id: 'b' };
    expect(decodeSearchCursor(encodeSearchCursor({ ...base, win }), 'relevance', 'DESC').win).toEqual(win);
    expect(decodeSearchCursor(encodeSearchCursor(base), 'relevance', 'DESC').win).toBeUndefined();
    const bad = Buffer.from(JSON.stringify(['relevance', 'DESC', '0.5', 'k', 'a', null, [2, null, null]])).toString('base64url');
    expect(() => decodeSearchCursor(bad, 'relevance', 'DESC')).toThrow(BadCursorError);
  });

  it('aggregates the total and every single-valued facet in one grouping pass, each multi-valued facet in its own', () => {
    const sql = facetAggregateSql(['status', 'tags', 'projectId', 'colors'], 'm');
    expect(sql).toContain('GROUP BY GROUPING SETS ((), (status), (project_id::text))');
    expect(sql.match(/FROM m GROUP BY GROUPING SETS/g)).toHaveLength(1);
    expect(sql).toContain('unnest(m.tags)');
    expect(sql).toContain('unnest(m.colors)');
    expect(sql).toContain(`r.rn <= ${FACET_LIMIT}`);
    // Only the total: one grouping set, not two.
    expect(facetAggregateSql([], 'm')).toContain('GROUPING SETS (())');
    // Each match only yields the columns of the facets asked for.
    expect(facetSourceColumns(['status', 'tags', 'projectId'])).toEqual(['status', 'tags', 'project_id']);
  });
});
