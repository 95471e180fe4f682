import { emptyFilter } from '../../modules/search/query';
import { meiliSearchRequest, meiliTotalIsExact, toMeiliDocument } from './meilisearch.search-adapter';
import { MEILI_MAX_TOTAL_HITS, meiliSettings, settingsMatch, synonymMap } from './meilisearch.settings';
import { encodeSearchCursor } from './search-cursor';
import { EngineQuery, SearchDocument } from './search-engine.port';

const WS = '11111111-1111-4111-8111-111111111111';
const base = (over: Partial<EngineQuery> = {}): EngineQuery => ({
  workspaceId: WS, text: '', filter: emptyFilter(), sort: { field: 'relevance', direction: 'DESC' }, limit: 20, after: null, facets: [], ...over,
});

describe('meiliSearchRequest', () => {
  it('always filters by the server-side workspace first', () => {
    const { params } = meiliSearchRequest(base());
    expect((params.filter as string[])[0]).toBe(`workspaceId = "${WS}"`);
  });

  it('escapes hostile values (backslash first, then quotes) so they stay one value', () => {
    const hostile = 'a\\" OR workspaceId = "other';
    const f = { ...emptyFilter(), models: [hostile], tags: { all: ['x" OR 1=1'], any: [], none: [] } };
    const { params } = meiliSearchRequest(base({ filter: f, restrictToIds: ['id"] OR id IN ["x'] }));
    const filters = params.filter as string[];
    expect(filters).toContain('model = "a\\\\\\" OR workspaceId = \\"other"');
    expect(filters).toContain('tags = "x\\" OR 1=1"');
    expect(filters).toContain('id IN ["id\\"] OR id IN [\\"x"]');
    // Every quote in user input is escaped: unescaped quotes only delimit values.
    for (const clause of filters) expect(clause.replace(/\\\\/g, '').replace(/\\"/g, '').split('"').length % 2).toBe(1);
  });

  it('contradictions match nothing but keep the workspace clause', () => {
    const { params } = meiliSearchRequest(base({ filter: { ...emptyFilter(), matchesNothing: true } }));
    expect(params.filter).toEqual([`workspaceId = "${WS}"`, `workspaceId != "${WS}"`]);
  });

  it('asks for facets, sort, and one extra hit to know about a next page', () => {
    const { params } = meiliSearchRequest(base({ facets: ['status', 'tags'], sort: { field: 'approvedAt', direction: 'ASC' } }));
    expect(params.facets).toEqual(['status', 'tags']);
    expect(params.sort).toEqual(['approvedAt:asc']);
    expect(params.limit).toBe(21);
  });

  it('time-sorted pages continue from the cursor key with an offset within that key', () => {
    const after = encodeSearchCursor({ sort: 'createdAt', dir: 'DESC', score: null, key: '1700000000000', id: 'x', offset: 2 });
    const { params } = meiliSearchRequest(base({ sort: { field: 'createdAt', direction: 'DESC' }, after }));
    expect(params.filter).toContain('createdAt <= 1700000000000');
    expect(params.offset).toBe(2);
  });

  it('rejects a cursor from another sort', () => {
    const after = encodeSearchCursor({ sort: 'createdAt', dir: 'DESC', score: null, key: '1', id: 'x' });
    expect(() => meiliSearchRequest(base({ after }))).toThrow(/different sort/);
  });

  it('similarTo is a vector search on the user-provided embedder, excluding the reference', () => {
    const { params } = meiliSearchRequest(base({ similarTo: { vector: [3, 4], excludeId: 'ref"x' } }));
    expect(params.vector).toEqual([0.6, 0.8]);
    expect(params.hybrid).toEqual({ embedder: 'visual', semanticRatio: 1 });
    expect(params.filter).toContain('id != "ref\\"x"');
  });
});

describe('meiliTotalIsExact', () => {
  it('trusts the count below maxTotalHits, not at the cap, not after a search cutoff, not for vector search', () => {
    expect(meiliTotalIsExact(base({ text: 'red' }), MEILI_MAX_TOTAL_HITS - 1, false)).toBe(true);
    expect(meiliTotalIsExact(base(), MEILI_MAX_TOTAL_HITS, false)).toBe(false);
    expect(meiliTotalIsExact(base(), 10, true)).toBe(false);
    expect(meiliTotalIsExact(base({ similarTo: { vector: [1], excludeId: 'x' } }), 3, false)).toBe(false);
    expect(meiliSettings({ synonyms: {}, descriptorDims: 4 }).pagination).toEqual({ maxTotalHits: MEILI_MAX_TOTAL_HITS });
  });
});

describe('meilisearch settings', () => {
  const wanted = meiliSettings({ synonyms: { sneakers: ['trainers'] }, descriptorDims: 128 });

  it('declares searchable, filterable (the allow-list + id), sortable, ranking, typo tolerance and the embedder', () => {
    expect(wanted.searchableAttributes).toEqual(['title', 'tags', 'tagTerms', 'prompt', 'notes']);
    expect(wanted.filterableAttributes).toEqual(expect.arrayContaining(['workspaceId', 'status', 'tags', 'createdAt', 'isPick', 'id']));
    expect(wanted.sortableAttributes).toEqual(['createdAt', 'approvedAt', 'statusChangedAt']);
    expect(wanted.rankingRules).toContain('sort');
    expect(wanted.typoTolerance).toMatchObject({ enabled: true });
    expect(wanted.embedders).toEqual({ visual: { source: 'userProvided', dimensions: 128 } });
  });

  it('is idempotent: settings equal to the live ones need no update', () => {
    const live = { ...JSON.parse(JSON.stringify(wanted)), filterableAttributes: [...(wanted.filterableAttributes as string[])].reverse(), stopWords: [] };
    expect(settingsMatch(wanted, live)).toBe(true);
    expect(settingsMatch(wanted, { ...live, sortableAttributes: ['createdAt'] })).toBe(false);
    expect(settingsMatch(wanted, { ...live, synonyms: { sneakers: ['trainers'], old: ['stale'] } })).toBe(false);
  });

  it('builds multi-way synonyms from vocabulary groups', () => {
    expect(synonymMap([['Sneakers', 'trainers', 'kicks'], ['solo']])).toEqual({
      kicks: ['sneakers', 'trainers'], sneakers: ['kicks', 'trainers'], trainers: ['kicks', 'sneakers'],
    });
  });
});

describe('toMeiliDocument', () => {
  it('stores times as epoch ms, enums as GraphQL names and a unit descriptor', () => {
    const d: SearchDocument = {
      id: 'a', workspaceId: WS, projectId: 'p', status: 'APPROVED', kind: 'IMAGE', title: 't', prompt: null, notes: null, tags: ['Foot'],
      tagTerms: [], model: null, provider: null, createdBy: null, approvedBy: null, colors: ['Red'], orientation: 'square', aiGenerated: null,
      createdAt: new Date(1000), approvedAt: null, statusChangedAt: new Date(2000), stackId: null, isPick: false, phash: null, descriptor: [0, 2], version: 1,
    };
    expect(toMeiliDocument(d)).toMatchObject({ createdAt: 1000, approvedAt: null, statusChangedAt: 2000, tags: ['foot'], colors: ['red'], _vectors: { visual: [0, 1] } });
  });
});
