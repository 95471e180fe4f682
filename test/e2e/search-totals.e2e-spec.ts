import { createHash, randomUUID } from 'node:crypto';
import { SEARCH_ENGINE, SearchDocument, SearchEnginePort } from '../../src/infrastructure/search/search-engine.port';
import { emptyFilter } from '../../src/modules/search/query';
import { startApp, TestApp, TestWorkspace } from '../support/app';

/**
 * Postgres engine only: totals above SEARCH_EXACT_COUNT_CAP (exact or estimated, docs/search.md
 * "Totals") and the ranking window over a corpus large enough to use both of its access paths.
 * Documents are written straight through the engine (ids deterministic, so the estimates are too).
 */
const CAP = 200;
const N = 12_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');

/** Which words document i carries (each count chosen for one behaviour, see the tests). */
function wordsOf(i: number): string[] {
  const w: string[] = ['filler'];
  if (i % 10 < 8) w.push(i % 3 === 0 ? 'gnu gnu gnu' : 'gnu'); // 9600: dense, the window walks newest-first
  if (i % 4 === 3) w.push(i % 5 === 0 ? 'marmot marmot' : 'marmot'); // 3000: sparser, the window comes from the GIN index
  if (i % 60 === 0) w.push('zebra'); // 200 = CAP
  if (i % 60 === 1 || i === 2) w.push('quokka'); // 201 = CAP + 1
  if (i % 30 === 7) w.push('ocelot'); // 400: above the cap, too sparse to estimate
  if (i % 500 === 9) w.push('heron'); // 24 each: a word, a plural with its stem, another typo neighbour
  if (i % 500 === 10) w.push('herons');
  if (i % 500 === 11) w.push('herod');
  if (i >= N - 250) w.push('puffin'); // 250, all among the newest: the probe expects an estimate, the sample slice is too sparse
  return w;
}

function uuidOf(i: number): string {
  const h = createHash('sha256').update(`search-totals:${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

describe('search totals and ranking window (postgres)', () => {
  let t: TestApp;
  let W: TestWorkspace;
  let engine: SearchEnginePort;
  const createdAt = new Map<string, number>();
  const has = (i: number, word: string) => wordsOf(i).some((w) => w.split(' ').includes(word));
  const idsWith = (word: string) => Array.from({ length: N }, (_, i) => i).filter((i) => has(i, word)).map(uuidOf);
  const count = (word: string) => idsWith(word).length;
  const search = (text: string, over: { limit?: number; after?: string | null; facets?: ('tags' | 'status')[] } = {}) =>
    engine.search({
      workspaceId: W.id, text, filter: emptyFilter(), sort: { field: 'relevance', direction: 'DESC' },
      limit: over.limit ?? 20, after: over.after ?? null, facets: over.facets ?? [],
    });

  beforeAll(async () => {
    t = await startApp({ SEARCH_ENGINE: 'postgres', SEARCH_EXACT_COUNT_CAP: String(CAP) });
    W = await t.workspace('search-totals');
    engine = t.app.get<SearchEnginePort>(SEARCH_ENGINE);
    const project = randomUUID();
    const docs: SearchDocument[] = Array.from({ length: N }, (_, i) => {
      const at = new Date(T0 + i * 60_000);
      createdAt.set(uuidOf(i), at.getTime());
      return {
        id: uuidOf(i), workspaceId: W.id, projectId: project, status: i % 2 ? 'APPROVED' : 'DRAFT', kind: 'IMAGE', title: wordsOf(i).join(' '),
        prompt: null, notes: null, tags: [i % 7 === 0 ? 'seven' : 'other'], tagTerms: [], model: null, provider: null, createdBy: null,
        approvedBy: null, colors: [], orientation: null, aiGenerated: null, createdAt: at, approvedAt: null, statusChangedAt: null,
        stackId: null, isPick: false, phash: null, descriptor: null, version: 1,
      };
    });
    for (let i = 0; i < docs.length; i += 2000) await engine.upsert(docs.slice(i, i + 2000));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('counts exactly up to the cap, and just above it when the set is too sparse to estimate', async () => {
    expect(count('zebra')).toBe(CAP);
    expect(count('quokka')).toBe(CAP + 1);
    expect(await search('zebra').then((r) => [r.totalHits, r.totalHitsExact])).toEqual([CAP, true]);
    // Fewer than cap+1 of the 201 fall in the hash sample slice (~13% of the workspace): counted exactly.
    expect(await search('quokka').then((r) => [r.totalHits, r.totalHitsExact])).toEqual([CAP + 1, true]);
    expect(await search('ocelot').then((r) => [r.totalHits, r.totalHitsExact])).toEqual([count('ocelot'), true]);
    // Dense among the newest documents, so the hash sample is searched; it holds too few: counted exactly.
    expect(await search('puffin').then((r) => [r.totalHits, r.totalHitsExact])).toEqual([250, true]);
  });

  it('estimates large match sets within the k-minimum-values error (1/sqrt(cap) relative)', async () => {
    const sigma = 1 / Math.sqrt(CAP - 1); // 7.1% at cap 200
    for (const word of ['gnu', 'marmot']) {
      const r = await search(word);
      expect(r.totalHitsExact).toBe(false);
      expect(Math.abs(r.totalHits / count(word) - 1)).toBeLessThan(3 * sigma);
    }
  });

  it('keeps totals and facets exact when facets are asked for, and exposes the flag through GraphQL', async () => {
    const r = await search('gnu', { facets: ['tags', 'status'] });
    expect(r.totalHitsExact).toBe(true);
    expect(r.totalHits).toBe(count('gnu'));
    const seven = Array.from({ length: N }, (_, i) => i).filter((i) => i % 10 < 8 && i % 7 === 0).length;
    expect(r.facets.find((f) => f.field === 'tags')!.values).toEqual([
      { value: 'other', count: count('gnu') - seven }, { value: 'seven', count: seven },
    ]);
    expect(r.facets.find((f) => f.field === 'status')!.values.reduce((a, v) => a + v.count, 0)).toBe(count('gnu'));

    const gql = `query($q: String, $facets: [SearchFacet!]) { searchAssets(query: $q, facets: $facets) { totalHits totalHitsExact } }`;
    const broad = await t.gql(gql, { q: 'gnu' }, W.keys.viewer);
    expect(broad.errors).toBeUndefined();
    expect(broad.data.searchAssets.totalHitsExact).toBe(false);
    expect((await t.gql(gql, { q: 'gnu', facets: ['TAG'] }, W.keys.viewer)).data.searchAssets).toEqual({ totalHits: count('gnu'), totalHitsExact: true });
    expect((await t.gql(gql, { q: 'zebra' }, W.keys.viewer)).data.searchAssets).toEqual({ totalHits: CAP, totalHitsExact: true });
  });

  it('drops typo neighbours that stem like the word (same matches, one posting list fewer)', async () => {
    const expand = (engine as unknown as { expand(ws: string, words: string[]): Promise<Map<string, string[]>> }).expand.bind(engine);
    const neighbours = (await expand(W.id, ['heron'])).get('heron') ?? [];
    expect(neighbours).toContain('herod');
    expect(neighbours).not.toContain('herons');
    expect(await search('heron').then((r) => [r.totalHits, r.totalHitsExact])).toEqual([72, true]);
  });

  it.each([
    ['gnu', 'dense: the window walks the newest documents'],
    ['marmot', 'sparser: the window comes from the GIN index'],
  ])('ranks the newest 1000 matches of %s, then the older ones by time, each match once (%s)', async (word) => {
    const seen: string[] = [];
    const scores: number[] = [];
    let after: string | null = null;
    for (;;) {
      const r = await search(word, { limit: 500, after });
      seen.push(...r.hits.map((h) => h.id));
      scores.push(...r.hits.map((h) => h.score ?? NaN));
      if (!r.hasNextPage) break;
      after = r.hits[r.hits.length - 1].cursor;
    }
    const expected = idsWith(word);
    expect(seen.length).toBe(count(word));
    expect(new Set(seen)).toEqual(new Set(expected));
    const newest = [...expected].sort((a, b) => createdAt.get(b)! - createdAt.get(a)!).slice(0, 1000);
    expect(new Set(seen.slice(0, 1000))).toEqual(new Set(newest));
    for (let i = 1; i < 1000; i++) expect(scores[i]).toBeLessThanOrEqual(scores[i - 1]);
    expect(new Set(scores.slice(0, 1000)).size).toBeGreaterThan(1); // the ranking does order something
    const older = seen.slice(1000).map((id) => createdAt.get(id)!);
    for (let i = 1; i < older.length; i++) expect(older[i]).toBeLessThan(older[i - 1]);
  });
  it('a search repeated after the lexicon changed uses the new typo neighbours, and reports its page before its total', async () => {
    // The adapter starts a repeated search with the neighbours found last time while it looks them up
    // again: here the lookup finds a new one ("wombat"), so the search runs again with it.
    const query = { workspaceId: W.id, text: 'wombta', filter: emptyFilter(), sort: { field: 'relevance' as const, direction: 'DESC' as const }, limit: 20, after: null, facets: [] };
    expect((await engine.search(query)).totalHits).toBe(0);
    expect((await engine.search(query)).totalHits).toBe(0);
    const id = uuidOf(N + 1);
    await engine.upsert([{
      id, workspaceId: W.id, projectId: randomUUID(), status: 'DRAFT', kind: 'IMAGE', title: 'wombat', prompt: null, notes: null, tags: [], tagTerms: [],
      model: null, provider: null, createdBy: null, approvedBy: null, colors: [], orientation: null, aiGenerated: null, createdAt: new Date(T0 - 60_000),
      approvedAt: null, statusChangedAt: null, stackId: null, isPick: false, phash: null, descriptor: null, version: 1,
    }]);
    const early: string[][] = [];
    const r = await engine.search(query, (ids) => early.push(ids));
    expect([r.totalHits, r.hits.map((h) => h.id)]).toEqual([1, [id]]);
    expect(early).toEqual([[id]]);
    // Same neighbours again: the early answer stands, and the page is reported once.
    early.length = 0;
    expect((await engine.search(query, (ids) => early.push(ids))).hits.map((h) => h.id)).toEqual([id]);
    expect(early).toEqual([[id]]);
  });
});
