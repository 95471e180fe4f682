/**
 * npm run bench:search [-- --n 100000 --sizes 10000,100000 --prompts ../shared/fixtures/prompts/diffusiondb_prompts.json --repeat 30]
 *
 * Builds a corpus directly in Postgres (bulk SQL), rebuilds the postgres search index (timed,
 * = reindex), then runs a fixed query mix (free text, typos, qualifiers, facets) through GraphQL
 * and directly against the engine in the same run: p50/p95/p99 for both and their ratio.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEARCH_ENGINE, SearchEnginePort, EngineQuery, SearchFacetField } from '../../src/infrastructure/search/search-engine.port';
import { migrateDatabase } from '../../src/infrastructure/database/migrate';
import { mergeSearchFilter, parseSearchQuery, projectRefsToResolve, resolveProjectRefs } from '../../src/modules/search/query';
import { ReindexService } from '../../src/modules/search/reindex.service';
import { recreateDatabase } from '../support/services';
import { startApp, TestApp } from '../support/app';
import { createProject } from '../support/ingest';
import { keepAliveGqlClient } from './gql-client';
import { percentile, writeReport } from './bench-report';
import { productionEnv } from './production-env';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const N = Number(args.get('n') ?? 100_000);
const SIZES = [...new Set((args.get('sizes') ?? `${Math.min(10_000, N)},${N}`).split(',').map(Number).filter((s) => s <= N))];
const REPEAT = Number(args.get('repeat') ?? 30);
const DEFAULT_PROMPTS = join(__dirname, '../../../../shared/fixtures/prompts/diffusiondb_prompts.json');
const PROMPTS_FILE = args.get('prompts') ?? (existsSync(DEFAULT_PROMPTS) ? DEFAULT_PROMPTS : '');
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lightbox_bench_search';

const MODELS = ['Banana Pro', 'Flux Dev', 'SDXL', 'Midjourney v6', 'Imagen 3'];
const STATUSES = ['draft', 'in_review', 'approved', 'approved', 'changes_requested', 'rejected', 'archived'];
const TAGS = ['portrait', 'landscape', 'fantasy', 'scifi', 'product', 'draft', 'footwear', 'architecture', 'animal', 'abstract', 'food', 'vehicle'];
const COLORS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'brown', 'black', 'white', 'gray'];

interface Mix { name: string; query: string; facets?: SearchFacetField[]; sort?: { field: string; direction: 'ASC' | 'DESC' } }
const MIX: Mix[] = [
  { name: 'text: portrait', query: 'portrait' },
  { name: 'text: cyberpunk city', query: 'cyberpunk city' },
  { name: 'typo: potrait', query: 'potrait' },
  { name: 'typo: dragn fantasy', query: 'dragn fantasy' },
  { name: 'qualifiers: status+model', query: 'status:approved model:"banana pro"' },
  { name: 'text + tags', query: 'castle tag:fantasy -tag:draft' },
  { name: 'relative time', query: 'approved:<3d' },
  { name: 'browse + all facets', query: '', facets: ['status', 'model', 'tags', 'projectId', 'kind', 'colors', 'createdBy'] },
  { name: 'text + facets', query: 'landscape painting', facets: ['status', 'model', 'tags'] },
  { name: 'range + kind, sort createdAt', query: 'created:7d..1d kind:image', sort: { field: 'createdAt', direction: 'DESC' } },
];
const FACET_ENUM: Record<SearchFacetField, string> = { status: 'STATUS', model: 'MODEL', tags: 'TAG', projectId: 'PROJECT', kind: 'KIND', colors: 'COLOR', createdBy: 'CREATED_BY' };
const SORT_ENUM: Record<string, string> = { createdAt: 'CREATED_AT', relevance: 'RELEVANCE' };

function loadPrompts(): string[] {
  if (!PROMPTS_FILE) return Array.from({ length: 5000 }, (_, i) => `generated scene ${i} with ${TAGS[i % TAGS.length]} and ${COLORS[i % COLORS.length]} light`);
  const raw = JSON.parse(readFileSync(PROMPTS_FILE, 'utf8')) as ({ text?: string; prompt?: string } | string)[];
  return raw.map((r) => (typeof r === 'string' ? r : r.text ?? r.prompt ?? '')).filter(Boolean);
}

async function insertCorpus(t: TestApp, ws: string, projects: string[], from: number, to: number, prompts: string[]): Promise<void> {
  const CHUNK = 20_000;
  for (let start = from; start < to; start += CHUNK) {
    const end = Math.min(to, start + CHUNK);
    await t.sql(
      `WITH s AS (SELECT i, gen_random_uuid() AS aid, gen_random_uuid() AS bid FROM generate_series($1::int, $2::int - 1) AS i),
       b AS (INSERT INTO blob (id, workspace_id, sha256, size, mime, storage_key)
             SELECT bid, $3, md5(aid::text) || md5(bid::text), 1000, 'image/png', 'bench/' || aid FROM s RETURNING id)
       INSERT INTO asset (id, workspace_id, project_id, blob_id, kind, title, width, height, status, status_changed_at, approved_at,
         created_by, generation, generation_sources, created_at, phash, palette, version)
       SELECT aid, $3, ($4::uuid[])[1 + i % cardinality($4::uuid[])], bid, CASE WHEN i % 10 = 0 THEN 'video' ELSE 'image' END,
         'Asset ' || i, 512 + (i % 3) * 256, 768, ($5::text[])[1 + i % cardinality($5::text[])],
         now() - (i % 5000) * interval '1 minute', CASE WHEN i % 7 IN (2, 3) THEN now() - (i % 9000) * interval '1 minute' END,
         $3, jsonb_build_object('model', ($6::text[])[1 + i % cardinality($6::text[])], 'prompt', ($7::text[])[1 + i % cardinality($7::text[])]),
         '{}', now() - i * interval '20 seconds', lpad(to_hex((i * 2654435761)::bigint % 4294967296), 16, '0'),
         jsonb_build_array(jsonb_build_object('hex', '#000000', 'weight', 0.6, 'name', ($8::text[])[1 + i % cardinality($8::text[])])), 1
       FROM s`,
      [start, end, ws, projects, STATUSES, MODELS, prompts, COLORS],
    );
    // Two different tags per asset. The second index steps by 5 so that every pair occurs: with 7, `fantasy`
    // always came with `draft`, and `castle tag:fantasy -tag:draft` could never match.
    await t.sql(
      `INSERT INTO asset_tag (id, workspace_id, asset_id, key, label, source, state)
       SELECT gen_random_uuid(), $1, a.id, tg, tg, 'prompt', 'accepted'
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS r FROM asset WHERE workspace_id = $1 AND NOT EXISTS (SELECT 1 FROM asset_tag x WHERE x.asset_id = asset.id)) a,
            LATERAL (VALUES (($2::text[])[1 + (a.r % cardinality($2::text[]))]), (($2::text[])[1 + ((a.r * 5 + 3) % cardinality($2::text[]))])) v(tg)
       ON CONFLICT DO NOTHING`,
      [ws, TAGS],
    );
  }
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: +percentile(s, 50).toFixed(2), p95: +percentile(s, 95).toFixed(2), p99: +percentile(s, 99).toFixed(2) };
}

async function main(): Promise<void> {
  productionEnv();
  await recreateDatabase(DB);
  await migrateDatabase(DB);
  process.env.DATABASE_URL = DB;
  const t = await startApp({ DATABASE_URL: DB, ROLE: 'api', SEARCH_ENGINE: 'postgres' });
  const prompts = loadPrompts();
  const w = await t.workspace('bench');
  const projectGids = [await createProject(t, w.keys.admin, 'Summer Campaign'), await createProject(t, w.keys.admin, 'Winter Catalogue')];
  const projects = projectGids.map((g) => Buffer.from(g, 'base64url').toString('utf8').split(':')[1]);
  const engine = t.app.get<SearchEnginePort>(SEARCH_ENGINE);
  const reindex = t.app.get(ReindexService);
  const api = keepAliveGqlClient(t.url);
  const GQL = `query($q: String, $s: AssetSort, $facets: [SearchFacet!]) { searchAssets(query: $q, sort: $s, first: 20, facets: $facets) {
    totalHits totalHitsExact edges { cursor score node { id title status } } facets { field values { value count } } } }`;

  const results: Record<string, unknown>[] = [];
  let have = 0;
  for (const size of SIZES) {
    let t0 = process.hrtime.bigint();
    await insertCorpus(t, w.id, projects, have, size, prompts);
    have = size;
    const insertMs = ms(t0);
    await t.sql('ANALYZE');
    t0 = process.hrtime.bigint();
    await reindex.rebuild('postgres', () => undefined);
    const reindexMs = ms(t0);
    await t.sql('VACUUM ANALYZE search_document');

    const engineQuery = (m: Mix): EngineQuery => {
      const opts = { clock: { now: () => new Date() }, timeZone: 'UTC' };
      const parsed = parseSearchQuery(m.query, opts);
      let filter = mergeSearchFilter(parsed.filter, null, opts);
      if (projectRefsToResolve(filter).length) filter = resolveProjectRefs(filter, new Map());
      return {
        workspaceId: w.id, text: parsed.text, filter, sort: (m.sort as EngineQuery['sort']) ?? { field: 'relevance', direction: 'DESC' },
        limit: 20, after: null, facets: m.facets ?? [],
      };
    };
    const direct = async (m: Mix) => engine.search(engineQuery(m));
    // Accuracy of estimated totals: asking for a facet makes the engine count every match exactly.
    const totals = async (m: Mix) => {
      const r = await direct(m);
      const exact = r.totalHitsExact ? r.totalHits : (await engine.search({ ...engineQuery(m), facets: ['kind'] })).totalHits;
      const errorPct = exact ? +((r.totalHits / exact - 1) * 100).toFixed(2) : r.totalHits === 0 ? 0 : null;
      return { totalHits: r.totalHits, totalHitsExact: r.totalHitsExact, exactTotal: exact, errorPct };
    };
    const viaGql = async (m: Mix) => {
      const res = await api.gql(GQL, { q: m.query, s: m.sort ? { field: SORT_ENUM[m.sort.field], direction: m.sort.direction } : null, facets: (m.facets ?? []).map((f) => FACET_ENUM[f]) }, w.keys.viewer);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data.searchAssets.totalHits as number;
    };
    const gqlAll: number[] = [];
    const directAll: number[] = [];
    const perQuery: Record<string, unknown>[] = [];
    for (const m of MIX) {
      for (let i = 0; i < 3; i++) { await viaGql(m); await direct(m); } // warm-up
      const g: number[] = [];
      const d: number[] = [];
      let hits = 0;
      for (let i = 0; i < REPEAT; i++) {
        let s = process.hrtime.bigint();
        hits = await viaGql(m);
        g.push(ms(s));
        s = process.hrtime.bigint();
        await direct(m);
        d.push(ms(s));
      }
      gqlAll.push(...g);
      directAll.push(...d);
      perQuery.push({ query: m.name, hits, totals: await totals(m), graphql: stats(g), direct: stats(d) });
    }
    const gs = stats(gqlAll);
    const ds = stats(directAll);
    const row = { size, insertMs: Math.round(insertMs), reindexMs: Math.round(reindexMs), graphql: gs, direct: ds,
      ratioP50: +(gs.p50 / ds.p50).toFixed(2), ratioP95: +(gs.p95 / ds.p95).toFixed(2), perQuery };
    results.push(row);
    process.stdout.write(`\n[search bench] N=${size}: reindex ${(reindexMs / 1000).toFixed(1)} s; GraphQL p50/p95/p99 ${gs.p50}/${gs.p95}/${gs.p99} ms; ` +
      `direct ${ds.p50}/${ds.p95}/${ds.p99} ms; ratio p50 ${row.ratioP50}, p95 ${row.ratioP95}\n`);
    for (const q of perQuery) process.stdout.write(`  ${JSON.stringify(q)}\n`);
  }
  const cap = t.config.search.exactCountCap;
  api.close();
  await t.close();

  const md = [
    '## Search (postgres engine)',
    '',
    `\`npm run bench:search\` — corpus built with bulk SQL (${PROMPTS_FILE ? 'DiffusionDB prompts' : 'generated prompts'}), spread statuses/models/times/tags/colours; ` +
      `index rebuilt with the reindex code path (timed); a fixed mix of ${MIX.length} queries (free text, typos, qualifiers, facets, time sort), ` +
      `${REPEAT} runs each, through GraphQL (the app in this process with NODE_ENV=production as deployed, over one kept-alive HTTP/1.1 connection that the bench writes and reads directly; 20 assets with fields via DataLoader) and directly against the engine, same run. Goals: p95 ≤ 30 ms via GraphQL at 100k, GraphQL ÷ direct ≤ 1.5, reindex of 100k ≤ 60 s.`,
    '',
    '| assets | reindex | GraphQL p50 / p95 / p99 | direct p50 / p95 / p99 | ratio p50 / p95 |',
    '|---|---|---|---|---|',
    ...results.map((r: any) => `| ${r.size.toLocaleString('en')} | ${(r.reindexMs / 1000).toFixed(1)} s | ${r.graphql.p50} / ${r.graphql.p95} / ${r.graphql.p99} ms | ${r.direct.p50} / ${r.direct.p95} / ${r.direct.p99} ms | ${r.ratioP50} / ${r.ratioP95} |`),
    '',
    ...estimateLines(results, cap),
    `Per-query figures: bench-results/search.json. Measured ${new Date().toISOString().slice(0, 10)}.`,
    '',
    'Analysis and earlier readings: the section after this one (not rewritten by the bench).',
  ].join('\n');
  await writeReport('search', { date: new Date().toISOString(), prompts: PROMPTS_FILE || 'generated', repeat: REPEAT, mix: MIX, results }, md);
}

/** Estimated totals of the run (totalHitsExact false) against the exact count of the same query. */
function estimateLines(results: Record<string, unknown>[], cap: number): string[] {
  const out: string[] = [];
  for (const r of results as { size: number; perQuery: { query: string; totals: { totalHits: number; exactTotal: number; totalHitsExact: boolean; errorPct: number | null } }[] }[]) {
    const est = r.perQuery.filter((q) => !q.totals.totalHitsExact);
    if (est.length) {
      out.push(`Estimated totals at ${r.size.toLocaleString('en')} (SEARCH_EXACT_COUNT_CAP ${cap}; all other totals exact): ` +
        est.map((q) => `${q.query} ${q.totals.totalHits.toLocaleString('en')} vs ${q.totals.exactTotal.toLocaleString('en')} (${q.totals.errorPct}%)`).join('; ') + '.', '');
    }
  }
  return out;
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
