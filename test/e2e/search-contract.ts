import { randomUUID } from 'node:crypto';
import { SEARCH_ENGINE, SearchEnginePort } from '../../src/infrastructure/search/search-engine.port';
import { SearchClock } from '../../src/modules/search/search-clock';
import { startApp, TestApp, TestWorkspace } from '../support/app';
import { createProject, eventually } from '../support/ingest';
import { announce, descriptorAlong, globalId, rawId, seedAsset, stack, sync } from './search-fixtures';

const NOW = new Date('2026-11-30T12:00:00Z');
const h = (n: number) => new Date(NOW.getTime() - n * 3_600_000);

const SEARCH = `query($q: String, $f: AssetSearchFilter, $s: AssetSort, $first: Int, $after: String, $facets: [SearchFacet!]) {
  searchAssets(query: $q, filter: $f, sort: $s, first: $first, after: $after, facets: $facets) {
    totalHits totalHitsExact edges { cursor score node { id title status } } pageInfo { hasNextPage endCursor }
    facets { field values { value count } } } }`;

/**
 * The one behaviour contract every search engine passes (docs/search.md). `env` selects the
 * engine; the data is written straight to Postgres and announced on the outbox, as the pipeline does.
 */
export function searchContract(engine: 'postgres' | 'meilisearch', env: Record<string, string>): void {
  describe(`search contract: ${engine}`, () => {
    let t: TestApp;
    let A: TestWorkspace;
    let B: TestWorkspace;
    const id: Record<string, string> = {};
    let summer: string;
    let winter: string;
    let stackId: string;
    const U1 = randomUUID();
    const U2 = randomUUID();

    const search = async (ws: TestWorkspace, vars: Record<string, unknown>) => {
      const res = await t.gql(SEARCH, vars, ws.keys.viewer);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data.searchAssets as {
        totalHits: number;
        totalHitsExact: boolean;
        edges: { cursor: string; score: number | null; node: { id: string; title: string; status: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        facets: { field: string; values: { value: string; count: number }[] }[];
      };
    };
    const found = async (vars: Record<string, unknown>, ws = A) => (await search(ws, vars)).edges.map((e) => rawId(e.node.id)).sort();
    const expectIds = async (vars: Record<string, unknown>, names: string[]) =>
      expect(await found(vars)).toEqual(names.map((n) => id[n]).sort());

    beforeAll(async () => {
      t = await startApp({ SEARCH_ENGINE: engine, ...env });
      t.app.get(SearchClock).set(NOW);
      A = await t.workspace('search-a');
      B = await t.workspace('search-b');
      summer = rawId(await createProject(t, A.keys.admin, 'Summer Campaign'));
      winter = rawId(await createProject(t, A.keys.admin, 'Winter'));
      stackId = await stack(t, A.id);
      id.a1 = await seedAsset(t, A.id, summer, {
        title: 'Red sneakers on a beach', prompt: 'red sneakers on a sandy beach, product photo', model: 'Banana Pro', provider: 'acme',
        status: 'approved', approvedAt: h(1), approvedBy: U2, statusChangedAt: h(1), createdAt: h(48), createdBy: U1, width: 200, height: 100,
        tags: ['footwear'], colors: ['red'], aiGenerated: true, phash: 'ffffffffffffffff', descriptor: descriptorAlong(0), stackId, isPick: true,
      });
      id.a2 = await seedAsset(t, A.id, summer, {
        title: 'Blue sneakers in the city', prompt: 'blue running shoes', model: 'Banana Pro', provider: 'acme', status: 'in_review',
        statusChangedAt: h(20), createdAt: h(24), createdBy: U2, width: 100, height: 200, tags: ['footwear', 'draft'], colors: ['blue'],
        aiGenerated: false, phash: 'fffffffffffffff0', descriptor: descriptorAlong(0, 0.3), stackId,
      });
      id.a3 = await seedAsset(t, A.id, winter, {
        title: 'Mountain lake at dawn', prompt: 'a calm mountain lake', model: 'Flux Dev', provider: 'bfl', status: 'rejected',
        statusChangedAt: h(5), createdAt: h(3), createdBy: U1, tags: ['nature'], colors: ['green', 'blue'], phash: '0000000000000000',
        descriptor: descriptorAlong(5),
      });
      id.a4 = await seedAsset(t, A.id, winter, {
        title: 'Archived poster', prompt: 'vintage poster', model: 'Flux Dev', status: 'archived', kind: 'video',
        createdAt: new Date('2026-11-01T10:00:00Z'), statusChangedAt: h(2), tags: ['poster'],
      });
      const bProject = rawId(await createProject(t, B.keys.admin, 'Summer Campaign'));
      id.b1 = await seedAsset(t, B.id, bProject, {
        title: 'Red sneakers secret of B', prompt: 'red sneakers', model: 'Banana Pro', status: 'approved', approvedAt: h(1),
        tags: ['footwear', 'secretb'], colors: ['red'], descriptor: descriptorAlong(0), phash: 'ffffffffffffffff',
      });
      await sync(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('free text matches title, prompt and tags; ranked hits carry a score', async () => {
      const r = await search(A, { q: 'sneakers' });
      expect(r.edges.map((e) => rawId(e.node.id)).sort()).toEqual([id.a1, id.a2].sort());
      expect(r.totalHits).toBe(2);
      expect(r.totalHitsExact).toBe(true);
      expect(r.edges[0].score).toEqual(expect.any(Number));
      await expectIds({ q: 'sandy' }, ['a1']);
      await expectIds({ q: 'poster' }, ['a4']);
    });

    it('is typo tolerant ("sneekers" finds "sneakers", "mountian" finds "mountain")', async () => {
      await expectIds({ q: 'sneekers' }, ['a1', 'a2']);
      await expectIds({ q: 'mountian lake' }, ['a3']);
    });

    it('phrases match words in order only', async () => {
      await expectIds({ q: '"running shoes"' }, ['a2']);
      await expectIds({ q: '"shoes running"' }, []);
    });

    it('applies every explicit filter', async () => {
      await expectIds({ f: { statuses: ['APPROVED', 'REJECTED'] } }, ['a1', 'a3']);
      await expectIds({ f: { kinds: ['VIDEO'] } }, ['a4']);
      await expectIds({ f: { models: ['banana pro'] } }, ['a1', 'a2']);
      await expectIds({ f: { providers: ['bfl'] } }, ['a3']);
      await expectIds({ f: { projectIds: [globalId('Project', winter)] } }, ['a3', 'a4']);
      await expectIds({ f: { tags: { all: ['footwear', 'draft'] } } }, ['a2']);
      await expectIds({ f: { tags: { any: ['draft', 'nature'] } } }, ['a2', 'a3']);
      await expectIds({ f: { tags: { all: ['footwear'], none: ['draft'] } } }, ['a1']);
      await expectIds({ f: { createdBy: [U1] } }, ['a1', 'a3']);
      await expectIds({ f: { approvedBy: [U2] } }, ['a1']);
      await expectIds({ f: { colors: ['blue'] } }, ['a2', 'a3']);
      await expectIds({ f: { orientation: 'portrait' } }, ['a2']);
      await expectIds({ f: { orientation: 'square' } }, ['a3', 'a4']);
      await expectIds({ f: { aiGenerated: true } }, ['a1']);
      await expectIds({ f: { aiGenerated: false } }, ['a2']);
      await expectIds({ f: { createdAt: { from: h(30).toISOString(), to: h(2).toISOString() } } }, ['a2', 'a3']);
      await expectIds({ f: { approvedAt: { last: '3h' } } }, ['a1']);
      await expectIds({ f: { statusChangedAt: { last: '6h' } } }, ['a1', 'a3', 'a4']);
      await expectIds({ f: { stackId: globalId('Stack', stackId) } }, ['a1', 'a2']);
      await expectIds({ f: { stackId: globalId('Stack', stackId), picksOnly: true } }, ['a1']);
    });

    it('similarTo ranks by visual descriptor; nearDuplicatesOf uses pHash distance', async () => {
      const r = await search(A, { f: { similarTo: globalId('Asset', id.a1) } });
      expect(r.edges.map((e) => rawId(e.node.id))).toEqual([id.a2]);
      expect(r.edges[0].score).toBeGreaterThan(0.9);
      await expectIds({ f: { nearDuplicatesOf: globalId('Asset', id.a1) } }, ['a2']);
      await expectIds({ f: { nearDuplicatesOf: globalId('Asset', id.a3) } }, []);
    });

    it('parses every qualifier into the same filter', async () => {
      await expectIds({ q: 'status:approved' }, ['a1']);
      await expectIds({ q: 'status:in-review,rejected' }, ['a2', 'a3']);
      await expectIds({ q: 'kind:video' }, ['a4']);
      await expectIds({ q: 'sneakers model:"banana pro"' }, ['a1', 'a2']);
      await expectIds({ q: 'provider:acme -status:approved' }, ['a2']);
      await expectIds({ q: 'tag:footwear -tag:draft' }, ['a1']);
      await expectIds({ q: 'project:summer-campaign' }, ['a1', 'a2']);
      await expectIds({ q: '-project:summer-campaign' }, ['a3', 'a4']);
      await expectIds({ q: 'created:2026-11-01' }, ['a4']);
      await expectIds({ q: 'created:2026-11-28..2026-11-29' }, ['a1', 'a2']);
      await expectIds({ q: 'approved:<3h' }, ['a1']);
      await expectIds({ q: 'approved:>3h' }, []);
      await expectIds({ q: 'changed:today' }, ['a1', 'a3', 'a4']);
      await expectIds({ q: 'color:red' }, ['a1']);
      await expectIds({ q: 'colour:green,red' }, ['a1', 'a3']);
      await expectIds({ q: 'orientation:landscape' }, ['a1']);
      await expectIds({ q: `by:${U2}` }, ['a2']);
      await expectIds({ q: `approver:${U2}` }, ['a1']);
      await expectIds({ q: 'ai:no' }, ['a2']);
      await expectIds({ q: `stack:${stackId} is:pick` }, ['a1']);
      await expectIds({ q: `stack:${stackId} pick:true` }, ['a1']);
      await expectIds({ q: `similar:${id.a1}` }, ['a2']);
      await expectIds({ q: `dup:${globalId('Asset', id.a2)}` }, ['a1']);
    });

    it('rejects unknown qualifiers and bad values with BAD_USER_INPUT naming them', async () => {
      for (const [q, qualifier] of [['colr:red', 'colr'], ['status:maybe', 'status'], ['approved:<3x', 'approved'], ['project:nope', 'project']]) {
        const res = await t.gql(SEARCH, { q }, A.keys.viewer);
        expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(res.errors?.[0].extensions?.qualifier).toBe(qualifier);
      }
      const res = await t.gql(SEARCH, { q: 'model:"banana pro' }, A.keys.viewer);
      expect(res.errors?.[0].message).toMatch(/Unbalanced quote/);
    });

    it('resolves relative times against the injected clock', async () => {
      const clock = t.app.get(SearchClock);
      try {
        clock.set(new Date(NOW.getTime() + 3 * 3_600_000));
        await expectIds({ q: 'approved:<3h' }, []);
        await expectIds({ q: 'approved:<5h' }, ['a1']);
        clock.set(new Date('2026-12-01T09:00:00Z'));
        await expectIds({ q: 'changed:yesterday' }, ['a1', 'a3', 'a4']);
      } finally {
        clock.set(NOW);
      }
    });

    it('returns facets with counts over the whole match set', async () => {
      const r = await search(A, { q: '', first: 1, facets: ['STATUS', 'MODEL', 'TAG', 'PROJECT', 'KIND', 'COLOR', 'CREATED_BY'] });
      expect(r.totalHits).toBe(4);
      const facet = (f: string) => Object.fromEntries(r.facets.find((x) => x.field === f)!.values.map((v) => [v.value, v.count]));
      expect(facet('STATUS')).toEqual({ APPROVED: 1, IN_REVIEW: 1, REJECTED: 1, ARCHIVED: 1 });
      expect(facet('MODEL')).toEqual({ 'Banana Pro': 2, 'Flux Dev': 2 });
      expect(facet('TAG')).toEqual({ footwear: 2, draft: 1, nature: 1, poster: 1 });
      expect(facet('PROJECT')).toEqual({ [globalId('Project', summer)]: 2, [globalId('Project', winter)]: 2 });
      expect(facet('KIND')).toEqual({ IMAGE: 3, VIDEO: 1 });
      expect(facet('COLOR')).toEqual({ blue: 2, red: 1, green: 1 });
      expect(facet('CREATED_BY')).toEqual({ [U1]: 2, [U2]: 1 });
    });

    it('counts facets exactly over a text or filtered match set too', async () => {
      const facet = (r: Awaited<ReturnType<typeof search>>, f: string) => Object.fromEntries(r.facets.find((x) => x.field === f)!.values.map((v) => [v.value, v.count]));
      const all = ['STATUS', 'MODEL', 'TAG', 'PROJECT', 'KIND', 'COLOR', 'CREATED_BY'];
      const text = await search(A, { q: 'sneakers', first: 1, facets: all });
      expect([text.totalHits, text.totalHitsExact]).toEqual([2, true]);
      expect(facet(text, 'STATUS')).toEqual({ APPROVED: 1, IN_REVIEW: 1 });
      expect(facet(text, 'MODEL')).toEqual({ 'Banana Pro': 2 });
      expect(facet(text, 'TAG')).toEqual({ footwear: 2, draft: 1 });
      expect(facet(text, 'PROJECT')).toEqual({ [globalId('Project', summer)]: 2 });
      expect(facet(text, 'KIND')).toEqual({ IMAGE: 2 });
      expect(facet(text, 'COLOR')).toEqual({ red: 1, blue: 1 });
      expect(facet(text, 'CREATED_BY')).toEqual({ [U1]: 1, [U2]: 1 });
      const filtered = await search(A, { f: { models: ['flux dev'] }, facets: ['TAG', 'KIND', 'STATUS'] });
      expect([filtered.totalHits, filtered.totalHitsExact]).toEqual([2, true]);
      expect(facet(filtered, 'TAG')).toEqual({ nature: 1, poster: 1 });
      expect(facet(filtered, 'KIND')).toEqual({ IMAGE: 1, VIDEO: 1 });
      expect(facet(filtered, 'STATUS')).toEqual({ REJECTED: 1, ARCHIVED: 1 });
    });

    it('sorts by createdAt, approvedAt and statusChangedAt in both directions', async () => {
      const order = async (s: Record<string, string>) => (await search(A, { s })).edges.map((e) => rawId(e.node.id));
      expect(await order({ field: 'CREATED_AT', direction: 'DESC' })).toEqual([id.a3, id.a2, id.a1, id.a4]);
      expect(await order({ field: 'CREATED_AT', direction: 'ASC' })).toEqual([id.a4, id.a1, id.a2, id.a3]);
      expect((await order({ field: 'APPROVED_AT', direction: 'DESC' }))[0]).toBe(id.a1);
      expect(await order({ field: 'STATUS_CHANGED_AT', direction: 'DESC' })).toEqual([id.a1, id.a4, id.a3, id.a2]);
      expect(await order({ field: 'STATUS_CHANGED_AT', direction: 'ASC' })).toEqual([id.a2, id.a3, id.a4, id.a1]);
      const rel = await search(A, { q: 'red sneakers', s: { field: 'RELEVANCE' } });
      expect(rawId(rel.edges[0].node.id)).toBe(id.a1);
    });

    it('paginates with cursors, stable under concurrent inserts', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let inserted = false;
      for (let page = 0; page < 10; page++) {
        const r: Awaited<ReturnType<typeof search>> = await search(A, { first: 1, after, s: { field: 'CREATED_AT', direction: 'DESC' } });
        seen.push(...r.edges.map((e) => rawId(e.node.id)));
        if (!inserted) {
          // A newer asset arrives between pages: it must not shift or duplicate later pages.
          id.late = await seedAsset(t, A.id, summer, { title: 'Late arrival', createdAt: NOW });
          await sync(t);
          inserted = true;
        }
        if (!r.pageInfo.hasNextPage) break;
        after = r.pageInfo.endCursor;
      }
      expect(seen).toEqual([id.a3, id.a2, id.a1, id.a4]);
      const text: string[] = [];
      after = null;
      for (let page = 0; page < 5; page++) {
        const r: Awaited<ReturnType<typeof search>> = await search(A, { q: 'sneakers', first: 1, after });
        text.push(...r.edges.map((e) => rawId(e.node.id)));
        if (!r.pageInfo.hasNextPage) break;
        after = r.pageInfo.endCursor;
      }
      expect(text.sort()).toEqual([id.a1, id.a2].sort());
      const bad = await t.gql(SEARCH, { after: 'garbage' }, A.keys.viewer);
      expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('keeps workspaces apart: text, filters, similarTo, nearDuplicatesOf and facets', async () => {
      expect(await found({ q: 'secretb' }, A)).toEqual([]);
      expect(await found({ q: 'sneakers' }, B)).toEqual([id.b1]);
      expect(await found({ f: { projectIds: [globalId('Project', summer)] } }, B)).toEqual([]);
      expect(await found({ q: `project:${globalId('Project', summer)}` }, B).catch((e: Error) => e.message)).toMatch(/Unknown project/);
      expect(await found({ f: { similarTo: globalId('Asset', id.a1) } }, B)).toEqual([]);
      expect(await found({ f: { nearDuplicatesOf: globalId('Asset', id.a1) } }, B)).toEqual([]);
      expect(await found({ f: { similarTo: globalId('Asset', id.b1) } }, A)).toEqual([]);
      const r = await search(B, { facets: ['TAG', 'STATUS'] });
      expect(r.totalHits).toBe(1);
      expect(r.facets.find((f) => f.field === 'TAG')!.values.map((v) => v.value).sort()).toEqual(['footwear', 'secretb']);
    });

    it('reflects archival (still searchable as ARCHIVED) and deletion (gone)', async () => {
      const tmp = await seedAsset(t, A.id, summer, { title: 'Ephemeral zebra', status: 'approved' });
      await sync(t);
      expect(await found({ q: 'zebra' })).toEqual([tmp]);
      await t.sql(`UPDATE asset SET status = 'archived', status_changed_at = now(), version = version + 1 WHERE id = $1`, [tmp]);
      await announce(t, A.id, tmp, 'asset.status_changed');
      await sync(t);
      expect(await found({ q: 'zebra status:archived' })).toEqual([tmp]);
      expect(await found({ q: 'zebra status:approved' })).toEqual([]);
      await t.sql(`UPDATE asset SET deleted_at = now() WHERE id = $1`, [tmp]);
      await announce(t, A.id, tmp, 'asset.deleted');
      await sync(t);
      expect(await found({ q: 'zebra' })).toEqual([]);
    });

    it('loses nothing while the engine is down: the relay retries until it is back', async () => {
      const eng = t.app.get<SearchEnginePort>(SEARCH_ENGINE);
      const upsert = eng.upsert.bind(eng);
      eng.upsert = () => Promise.reject(new Error('engine down (test)'));
      const made: string[] = [];
      try {
        for (let i = 0; i < 3; i++) made.push(await seedAsset(t, A.id, summer, { title: `Outage giraffe ${i}` }));
        await eventually(
          () => t.sql(`SELECT max(attempts)::int AS a FROM outbox WHERE aggregate_id = ANY($1::uuid[]) AND dispatched_at IS NULL`, [made]),
          (rows) => rows[0].a >= 1,
        );
        expect(await found({ q: 'giraffe' })).toEqual([]);
      } finally {
        eng.upsert = upsert;
      }
      await eventually(() => found({ q: 'giraffe' }), (ids) => ids.length === 3, 40_000);
      expect(await found({ q: 'giraffe' })).toEqual(made.sort());
    });

    it('reindex (admin job with progress) rebuilds the same state as incremental sync', async () => {
      const battery = [
        { q: 'sneakers' }, { q: 'sneekers' }, { q: 'status:archived' }, { q: 'tag:footwear' }, { q: '', first: 50 },
        { f: { similarTo: globalId('Asset', id.a1) } }, { q: 'color:blue', s: { field: 'CREATED_AT', direction: 'ASC' } },
      ];
      const snapshot = async () => Promise.all(battery.map(async (v) => (await search(A, v)).edges.map((e) => e.node.id)));
      const before = await snapshot();
      // Drift the index behind Postgres' back: reindex must repair it.
      await t.app.get<SearchEnginePort>(SEARCH_ENGINE).remove([id.a1]);
      const denied = await t.gql(`mutation { reindex { id } }`, {}, A.keys.approver);
      expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const res = await t.gql(`mutation($i: ReindexInput) { reindex(input: $i) { id name state progress } }`, { i: { engine: engine.toUpperCase() } }, A.keys.admin);
      expect(res.errors).toBeUndefined();
      const jobId = res.data.reindex.id;
      const job = await eventually(
        async () => (await t.gql(`query($id: ID!) { job(id: $id) { state progress startedAt finishedAt error } }`, { id: jobId }, A.keys.viewer)).data.job,
        (j) => j?.state === 'completed' || j?.state === 'failed',
        60_000,
      );
      expect(job).toMatchObject({ state: 'completed', progress: 1, error: null });
      expect((await t.gql(`query($id: ID!) { job(id: $id) { id } }`, { id: jobId }, B.keys.admin)).data.job).toBeNull();
      expect(await snapshot()).toEqual(before);
    });
  });
}
