import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appPool } from '../database/app-pool';
import {
  EngineQuery,
  EngineResult,
  normalizeVector,
  ReindexProgress,
  SearchDocument,
  SearchEnginePort,
  SearchFacetField,
} from './search-engine.port';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor';
import { CountRow, countSql, sliceBound, sliceDocuments, totalFromCount } from './postgres-search.count';
import {
  facetAggregateSql, facetSourceColumns, facetTableSql, filterClauses, keysetClause, Params, RANK_WINDOW, SortPlan, sortPlan, tsqueryExpr,
} from './postgres-search.query';
import { lexiconWords, SearchText, splitSearchText } from './search-text';

interface PageRow {
  tier: number;
  asset_id: string;
  score: number | null;
  score_text: string | null;
  key_text: string;
  b_key?: string | null;
  b_id?: string | null;
}

/** Total / facet rows: f = 'total' or a facet field, v its value, n the count. */
interface AggRow {
  f: string;
  v: string | null;
  n: number;
}

/** A statement's match set: `from` (search_document as `d`, and the tsquery as `tq` for text) and `where`. */
interface RowSource {
  from: string;
  where: string;
}

export interface PostgresSearchOptions {
  /** totalHits is exact up to this many matches, estimated above (docs/search.md, "Totals"). */
  exactCountCap: number;
}

/** Default of SEARCH_EXACT_COUNT_CAP. */
export const DEFAULT_EXACT_COUNT_CAP = 1000;

/** Typo neighbours: trigram similarity at least this (sneekers~sneakers 0.5, mountian~mountain 0.38), at most this many per word. */
const TYPO_SIMILARITY = 0.35;
const TYPO_NEIGHBOURS = 4;
const TYPO_MIN_LENGTH = 4;
/** similarTo keeps hits at least this similar (cosine of unit descriptors). */
export const MIN_SIMILARITY = 0.5;

const DOC_COLUMNS = [
  'workspace_id', 'project_id', 'status', 'kind', 'model', 'provider', 'created_by', 'approved_by', 'orientation',
  'ai_generated', 'created_at', 'approved_at', 'status_changed_at', 'stack_id', 'is_pick', 'tags', 'colors', 'title',
  'prompt', 'notes', 'tag_text', 'tsv', 'phash', 'descriptor', 'source_version',
];

// A stale write (lower asset version) keeps the stored values but still marks the row as seen.
const UPSERT_SQL = `
INSERT INTO search_document (asset_id, ${DOC_COLUMNS.join(', ')}, indexed_at)
SELECT r.id, r.workspace_id, r.project_id, r.status, r.kind, r.model, r.provider, r.created_by, r.approved_by, r.orientation,
  r.ai_generated, r.created_at, r.approved_at, r.status_changed_at, r.stack_id, coalesce(r.is_pick, false),
  coalesce(r.tags, '{}'), coalesce(r.colors, '{}'), r.title, r.prompt, r.notes, coalesce(r.tag_text, ''),
  setweight(to_tsvector('english', coalesce(r.title, '')), 'A') || setweight(to_tsvector('english', coalesce(r.tag_text, '')), 'B')
    || setweight(to_tsvector('english', coalesce(r.prompt, '')), 'C') || setweight(to_tsvector('english', coalesce(r.notes, '')), 'D'),
  CASE WHEN r.phash ~ '^[0-9a-fA-F]{16}$' THEN ('x' || r.phash)::bit(64)::bigint END,
  r.descriptor, r.version, clock_timestamp()
FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, workspace_id uuid, project_id uuid, status text, kind text, model text,
  provider text, created_by uuid, approved_by uuid, orientation text, ai_generated boolean, created_at timestamptz,
  approved_at timestamptz, status_changed_at timestamptz, stack_id uuid, is_pick boolean, tags text[], colors text[],
  title text, prompt text, notes text, tag_text text, phash text, descriptor real[], version int)
ON CONFLICT (asset_id) DO UPDATE SET
${DOC_COLUMNS.map((c) => `  ${c} = CASE WHEN search_document.source_version <= EXCLUDED.source_version THEN EXCLUDED.${c} ELSE search_document.${c} END`).join(',\n')},
  indexed_at = EXCLUDED.indexed_at`;

/** Session settings of the connections that run text statements and counts (see queryTuned). */
const TUNED_OPTIONS = '-c enable_seqscan=off -c jit=off -c max_parallel_workers_per_gather=0';
/** Connections of that pool (per process, opened on demand): two per search at most. */
const TUNED_POOL_SIZE = 10;

/** The part of a pg Pool the adapter uses. */
interface TunedPool {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
  on(event: 'error', cb: (err: Error) => void): unknown;
  end(): Promise<void>;
}

/** Recent typo lookups remembered (per process) to start the next search with the same words early. */
const EXPANSION_MEMORY = 1000;

/** The query words that get typo neighbours. */
function typoCandidates(words: string[]): string[] {
  return words.filter((w) => w.length >= TYPO_MIN_LENGTH && !/^\d+$/.test(w));
}

function sameExpansions(a: Map<string, string[]>, b: Map<string, string[]>): boolean {
  if (a.size !== b.size) return false;
  for (const [w, xs] of a) {
    const ys = b.get(w);
    if (!ys || ys.length !== xs.length || xs.some((x, i) => x !== ys[i])) return false;
  }
  return true;
}

/** Documents the recency probe of a first ranked page looks at. */
const PROBE_ROWS = 300;
/** How long a workspace's document count is reused for sizing the estimate's sample. */
const SIZE_TTL_MS = 30_000;

/** Matches among the workspace's newest PROBE_ROWS documents: a cheap sample of how dense the match set is. */
function recentMatches(tq: string, where: string): string {
  return `(SELECT count(*) FROM (SELECT * FROM search_document d WHERE d.workspace_id = $1::uuid
      ORDER BY d.created_at DESC, d.asset_id DESC LIMIT ${PROBE_ROWS}) d, ${tq} WHERE ${where})`;
}

/**
 * The first page's window: the newest RANK_WINDOW matches, found one of two ways. Walking the
 * workspace newest-first and testing each document costs ~RANK_WINDOW/p row tests (p = share of
 * documents matching); collecting every match through the GIN index and sorting costs ~p x
 * documents heap visits, each ~3x cheaper than a test. The planner cannot tell (it prices `@@` as
 * a trivial operator and overestimates OR-ed typo alternatives), so a probe counts matches among
 * the newest PROBE_ROWS documents and picks the walk when p^2 >= 3 x RANK_WINDOW / documents
 * (p >= 17% at 100k documents). The other branch sorts on an expression no index provides, so its
 * only sensible plan is the GIN bitmap. Both branches are one-time filtered: only one runs.
 */
function windowByDensity(tq: string, src: string, where: string, documents: number): string[] {
  const minHits = Math.ceil(PROBE_ROWS * Math.sqrt((3 * RANK_WINDOW) / Math.max(documents, 1)));
  // The walk reads rows in order and keeps their tsv for ranking; the sort keeps narrow rows (row address,
  // no tsv: it sorts every match) and ranking reads tsv by address for the window's rows only.
  const cols = 'd.ctid AS t, d.asset_id, d.created_at AS sort_key';
  return [
    `dense AS (SELECT ${recentMatches(tq, where)} >= ${minHits} AS yes)`,
    `win AS MATERIALIZED (
        (SELECT ${cols}, d.tsv FROM ${src} AND (SELECT yes FROM dense) ORDER BY d.created_at DESC, d.asset_id DESC LIMIT ${RANK_WINDOW})
        UNION ALL
        (SELECT ${cols}, NULL::tsvector FROM ${src} AND NOT (SELECT yes FROM dense) ORDER BY d.created_at + interval '0' DESC, d.asset_id DESC LIMIT ${RANK_WINDOW})
      )`,
  ];
}

/**
 * Whether the estimate's hash slice likely holds cap+1 matches (then it is searched; otherwise the
 * matches are counted exactly right away): the probe's share p times the slice's documents.
 */
function estimatable(tq: string, where: string, cap: number, documents: number): string {
  const minHits = Math.ceil((PROBE_ROWS * (cap + 1)) / sliceDocuments(cap, documents));
  return `${recentMatches(tq, where)} >= ${minHits}`;
}

/**
 * The built-in engine: search_document rows in the main database. Full text is a weighted
 * tsvector (title > tags > prompt > notes, english stemming); typo tolerance expands each query
 * word through a per-workspace lexicon with pg_trgm similarity; filters are plain SQL on
 * denormalised columns; similarTo is a dot product of unit descriptors.
 */
export class PostgresSearchAdapter implements SearchEnginePort {
  readonly kind = 'postgres' as const;
  private readonly logger = new Logger('PostgresSearch');

  private readonly exactCountCap: number;
  private tuned?: TunedPool;
  private readonly recentExpansions = new Map<string, Map<string, string[]>>();
  private readonly sizes = new Map<string, { n: number; at: number }>();

  constructor(
    private readonly db: DataSource,
    opts: Partial<PostgresSearchOptions> = {},
  ) {
    this.exactCountCap = opts.exactCountCap ?? DEFAULT_EXACT_COUNT_CAP;
  }

  async setup(): Promise<void> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`);
    if (!row?.n) throw new Error('pg_trgm is not installed: run the migrations (npm run migration:run)');
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1 FROM search_document LIMIT 1');
  }

  async upsert(docs: SearchDocument[]): Promise<void> {
    if (!docs.length) return;
    const rows = docs.map((d) => ({
      id: d.id, workspace_id: d.workspaceId, project_id: d.projectId, status: d.status, kind: d.kind, model: d.model,
      provider: d.provider, created_by: d.createdBy, approved_by: d.approvedBy, orientation: d.orientation,
      ai_generated: d.aiGenerated, created_at: d.createdAt, approved_at: d.approvedAt, status_changed_at: d.statusChangedAt,
      stack_id: d.stackId, is_pick: d.isPick, tags: d.tags.map((t) => t.toLowerCase()), colors: d.colors.map((c) => c.toLowerCase()),
      title: d.title, prompt: d.prompt, notes: d.notes, tag_text: [...d.tags, ...d.tagTerms].join(' '), phash: d.phash,
      descriptor: normalizeVector(d.descriptor), version: d.version,
    }));
    const words = new Map<string, Set<string>>();
    for (const d of docs) {
      const set = words.get(d.workspaceId) ?? new Set<string>();
      for (const w of lexiconWords([d.title, d.prompt, d.notes, ...d.tags, ...d.tagTerms])) set.add(w);
      words.set(d.workspaceId, set);
    }
    await this.db.transaction(async (tx) => {
      await tx.query(UPSERT_SQL, [JSON.stringify(rows)]);
      for (const [ws, set] of words) {
        if (!set.size) continue;
        await tx.query(
          `INSERT INTO search_lexicon (workspace_id, word) SELECT $1, w FROM unnest($2::text[]) AS w ORDER BY 2 ON CONFLICT DO NOTHING`,
          [ws, [...set].sort()],
        );
      }
    });
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length) await this.db.query(`DELETE FROM search_document WHERE asset_id = ANY($1::uuid[])`, [ids]);
  }

  /** In place, batch by batch (searches keep answering); rows not seen by this run are dropped at the end. */
  async rebuild(batches: AsyncIterable<SearchDocument[]>, progress: ReindexProgress): Promise<void> {
    const [{ started }] = await this.db.query(`SELECT clock_timestamp() AS started`);
    let done = 0;
    for await (const batch of batches) {
      await this.upsert(batch);
      done += batch.length;
      await progress(done);
    }
    const removed = await this.db.query(`DELETE FROM search_document WHERE indexed_at < $1`, [started]);
    // Fresh statistics right away: with the lexicon's from before the rebuild (e.g. empty) the planner
    // scans a workspace's every word for a typo lookup instead of using the trigram index (~30 ms vs ~1 ms).
    await this.db.query('ANALYZE search_document, search_lexicon');
    this.logger.log(`rebuilt ${done} documents, dropped ${removed?.[1] ?? 0} stale ones`);
  }

  /**
   * The typo lookup (expand) must finish before the statements that use its words can be built. When
   * the same words were searched in the workspace recently, the statements start right away with the
   * neighbours found then, while the lookup runs again beside them; if it finds the same neighbours
   * (the lexicon rarely changes between two searches) their result is the answer, otherwise they are
   * run again with the new ones. Either way the answer is built from a lookup made for this search.
   */
  async search(q: EngineQuery, pageReady?: (ids: string[]) => void): Promise<EngineResult> {
    const text = splitSearchText(q.text);
    const hasText = text.words.length > 0 || text.phrases.length > 0;
    // The workspace's size only tunes text statements (window access path, estimate sample).
    const size = hasText ? this.workspaceSize(q.workspaceId) : Promise.resolve(0);
    const key = typoCandidates(text.words).length ? `${q.workspaceId} ${text.words.join(' ')}` : null;
    const guess = key ? this.recentExpansions.get(key) : undefined;
    if (!key || !guess) {
      const [expansions, documents] = await Promise.all([this.expand(q.workspaceId, text.words), size]);
      if (key) this.rememberExpansions(key, expansions);
      return this.run(q, text, expansions, documents, pageReady);
    }
    const documents = await size;
    let confirmed!: (same: boolean) => void;
    const verdict = new Promise<boolean>((resolve) => (confirmed = resolve));
    // The early page notice only goes out once the guess is confirmed.
    const early = pageReady
      ? (ids: string[]) => void verdict.then((same) => (same ? pageReady(ids) : undefined)).catch(() => undefined)
      : undefined;
    const speculative = this.run(q, text, guess, documents, early);
    speculative.catch(() => undefined); // awaited below unless the guess was wrong
    // Sent after the search's own statements: it only confirms the guess, and every statement sent first
    // can wake a backend that takes this thread's core before the next one goes out.
    const lookup = this.expand(q.workspaceId, text.words);
    let expansions: Map<string, string[]>;
    try {
      expansions = await lookup;
    } catch (err) {
      confirmed(false);
      throw err;
    }
    this.rememberExpansions(key, expansions);
    const same = sameExpansions(guess, expansions);
    confirmed(same);
    return same ? speculative : this.run(q, text, expansions, documents, pageReady);
  }

  private rememberExpansions(key: string, expansions: Map<string, string[]>): void {
    this.recentExpansions.delete(key);
    this.recentExpansions.set(key, expansions);
    if (this.recentExpansions.size > EXPANSION_MEMORY) this.recentExpansions.delete(this.recentExpansions.keys().next().value as string);
  }

  /** One search with the typo neighbours decided: the page statement and the total/facets statement, side by side. */
  private async run(
    q: EngineQuery, text: SearchText, expansions: Map<string, string[]>, documents: number, pageReady?: (ids: string[]) => void,
  ): Promise<EngineResult> {
    const hasText = text.words.length > 0 || text.phrases.length > 0;
    const p = new Params();
    const where = filterClauses(q, p); // the workspace is always its first clause, so $1
    // Only the workspace clause: counts come from search_facet_count instead of every document.
    const unfiltered = where.length === 1 && !hasText;
    const tsq = tsqueryExpr(text.words, text.phrases, expansions, p);
    let score = 'NULL::real';
    if (q.similarTo) {
      const v = p.add(normalizeVector(q.similarTo.vector), '::real[]');
      score = `(SELECT sum(x * y) FROM unnest(d.descriptor, ${v}) AS u(x, y))::real`;
      where.push(`${score} >= ${MIN_SIMILARITY}`);
    } else if (tsq) {
      score = `ts_rank(d.tsv, tq.q)::real`;
    }
    if (tsq) where.push('d.tsv @@ tq.q');
    const tq = tsq ? `(SELECT ${tsq} AS q) tq` : '';
    const from = tsq ? `search_document d, ${tq}` : 'search_document d';
    const matches: RowSource = { from, where: where.join(' AND ') };
    const countParams = p.values.length;

    const plan = sortPlan(q, score !== 'NULL::real');
    const windowed = plan.byScore && !!tsq && !q.similarTo;

    const pageSql = windowed ? this.windowPageSql(q, tq, matches, p, documents) : this.sortedPageSql(q, plan, score, matches, p);
    // The page goes out first: loading its hits waits for it, and sending a statement can wake a backend
    // that takes this thread's core for a while (two cores) before the next statement goes out.
    const pageQuery = windowed ? this.queryTuned<PageRow[]>(pageSql, p.values) : this.queryPlain<PageRow[]>(pageSql, p.values);
    // Total (and facets) over the whole match set (no keyset), beside the page query.
    const countValues = p.values.slice(0, countParams);
    let aggQuery: Promise<unknown>;
    if (unfiltered) {
      aggQuery = this.queryPlain(facetTableSql(), [q.workspaceId, ['#total', ...q.facets]]);
    } else if (q.facets.length) {
      // Facets are exact: counted over every match (and the total with them).
      const sql = `WITH m AS MATERIALIZED (SELECT ${facetSourceColumns(q.facets).map((c) => `d.${c}`).join(', ')} FROM ${from} WHERE ${matches.where})
        ${facetAggregateSql(q.facets, 'm')}`;
      aggQuery = tsq ? this.queryTuned(sql, countValues) : this.queryPlain(sql, countValues);
    } else if (tsq) {
      // Text matches cost a heap visit each to count: exact up to the cap, estimated above it.
      const bound = `$${countValues.length + 1}::int8`;
      const dense = estimatable(tq, matches.where, this.exactCountCap, documents);
      aggQuery = this.queryTuned(countSql(from, matches.where, bound, this.exactCountCap, dense), [...countValues, sliceBound(this.exactCountCap, documents)]);
    } else {
      // Filters alone count exactly: btree (often index-only) scans, an order of magnitude cheaper per match.
      aggQuery = this.queryPlain(`SELECT 0 AS n, NULL::int AS kth, count(*)::int AS exact FROM ${from} WHERE ${matches.where}`, countValues);
    }
    // Two statements on two connections: on a free core this beats one statement that reads the matches
    // once for both (measured, docs/BENCHMARKS.md), since each would otherwise wait for the other's work.
    // The page is often known before the counts: tell the caller, so loading the hits overlaps them.
    const pageRows = pageQuery.then((found) => {
      const sorted = [...found].sort((a, b) => a.tier - b.tier); // window first (UNION ALL keeps it so; never rely on it)
      if (pageReady) {
        try {
          pageReady(sorted.slice(0, q.limit).map((r) => r.asset_id));
        } catch {
          // only a head start: the result does not depend on it
        }
      }
      return sorted;
    });
    const [rows, agg] = await Promise.all([pageRows, aggQuery]);
    const page = rows.slice(0, q.limit);
    const hits = page.map((r) => ({
      id: r.asset_id,
      score: r.score === null ? null : Number(r.score),
      cursor: encodeSearchCursor({
        sort: q.sort.field, dir: q.sort.direction, score: r.score_text, key: r.key_text, id: r.asset_id,
        win: windowed ? { tier: r.tier as 0 | 1, key: r.b_key ?? null, id: r.b_id ?? null } : undefined,
      }),
    }));
    const facets: EngineResult['facets'] = q.facets.map((field) => ({ field, values: [] }));
    if (!unfiltered && !q.facets.length) {
      const { total, exact } = totalFromCount((agg as CountRow[])[0], this.exactCountCap);
      return { totalHits: total, totalHitsExact: exact, hits, hasNextPage: rows.length > q.limit, facets };
    }
    let totalHits = 0;
    for (const r of agg as AggRow[]) {
      if (r.f === 'total') totalHits = r.n;
      else facets.find((x) => x.field === (r.f as SearchFacetField))?.values.push({ value: r.v as string, count: r.n });
    }
    return { totalHits, totalHitsExact: true, hits, hasNextPage: rows.length > q.limit, facets };
  }

  /** Page of a time sort (or of similarTo / filter-only relevance): keyset on (score?, key, id). */
  private sortedPageSql(q: EngineQuery, plan: SortPlan, score: string, rows: RowSource, p: Params): string {
    const keyset = keysetClause(q, plan, p);
    const order = plan.byScore ? `s.score DESC, s.sort_key DESC, s.asset_id DESC` : `s.sort_key ${plan.dir}, s.asset_id ${plan.dir}`;
    return `SELECT 0 AS tier, s.asset_id, s.score, s.score::text AS score_text, s.sort_key::text AS key_text FROM (
        SELECT d.asset_id, ${score} AS score, ${plan.key} AS sort_key FROM ${rows.from} WHERE ${rows.where}
      ) s ${keyset ? `WHERE ${keyset}` : ''} ORDER BY ${order} LIMIT ${q.limit + 1}`;
  }

  /**
   * Runs a text statement (or a count) with seq scans off: through the GIN bitmap only the matching
   * rows are read and `@@` is never evaluated per row, but the planner's estimate for OR-ed typo
   * alternatives is often far too high (stems counted as independent) and then picks a full scan 3-4x
   * slower. JIT and parallel workers are off too: with seq scans disabled a plan's cost can pass
   * jit_above_cost or the parallel thresholds, and compiling or starting workers costs 100+ ms for a
   * ~10 ms query (even in a branch a one-time filter then skips). The settings belong to the
   * connections of a small pool of their own (session options), so a statement is one round trip:
   * no BEGIN/SET LOCAL/COMMIT around it, and no other statement of the app ever runs with them.
   */
  private async queryTuned<T>(sql: string, params: unknown[]): Promise<T> {
    const res = await this.tunedPool().query(sql, params);
    return res.rows as T;
  }

  /**
   * A search statement with the default settings, on the app's own pool but without TypeORM's query
   * runner around it (that costs ~0.2 ms of CPU a statement; a search runs two or three).
   */
  private async queryPlain<T>(sql: string, params: unknown[]): Promise<T> {
    const res = await appPool(this.db).query(sql, params);
    return res.rows as T;
  }

  /** The pool of queryTuned: the app's connection settings plus TUNED_OPTIONS, opened on first use. */
  private tunedPool(): TunedPool {
    if (!this.tuned) {
      const driver = this.db.driver as unknown as { postgres: { Pool: new (o: Record<string, unknown>) => TunedPool } };
      const base = appPool(this.db).options;
      const pool = new driver.postgres.Pool({
        ...base,
        max: TUNED_POOL_SIZE,
        options: [base.options, TUNED_OPTIONS].filter(Boolean).join(' '),
      });
      // An idle connection that breaks (server restart) is dropped by the pool; without a listener it would crash the process.
      pool.on('error', (err: Error) => this.logger.warn(`idle search connection failed: ${err.message}`));
      this.tuned = pool;
    }
    return this.tuned;
  }

  async close(): Promise<void> {
    const pool = this.tuned;
    this.tuned = undefined;
    await pool?.end();
  }

  /**
   * Relevance page of a text query (docs/search.md, "Ranking window"). Tier 0: the newest
   * RANK_WINDOW matches (or, after a cursor, the matches from the cursor's window boundary on),
   * ranked by ts_rank; tier 1: the older matches, newest first. The boundary travels in the cursor,
   * so later pages see the same window even while new assets arrive. A window that is sorted holds
   * row addresses (ctid), not `tsv`: its top-N sort moves narrow rows, and ts_rank reads `tsv` by
   * address (a TID scan in the same statement, so the same row versions) for the window's rows only.
   */
  private windowPageSql(q: EngineQuery, tq: string, rows: RowSource, p: Params, documents: number): string {
    const L = q.limit + 1;
    const c = q.after ? decodeSearchCursor(q.after, q.sort.field, q.sort.direction) : null;
    const byTime = 'ORDER BY d.created_at DESC, d.asset_id DESC';
    const src = `${rows.from} WHERE ${rows.where}`;
    if (c?.win?.tier === 1) {
      return `SELECT 1 AS tier, d.asset_id, ts_rank(d.tsv, tq.q)::real AS score, ts_rank(d.tsv, tq.q)::real::text AS score_text,
          d.created_at::text AS key_text, NULL::text AS b_key, NULL::text AS b_id
        FROM ${src} AND (d.created_at, d.asset_id) < (${p.add(c.key, '::timestamptz')}, ${p.add(c.id, '::uuid')}) ${byTime} LIMIT ${L}`;
    }
    const ctes: string[] = [];
    let edge: string;
    if (!c) {
      ctes.push(...windowByDensity(tq, src, rows.where, documents));
      edge = `SELECT w.sort_key AS b_key, w.asset_id AS b_id FROM win w WHERE (SELECT count(*) FROM win) >= ${RANK_WINDOW}
        ORDER BY w.sort_key, w.asset_id LIMIT 1`;
    } else if (c.win?.key && c.win.id) {
      const bk = p.add(c.win.key, '::timestamptz');
      const bi = p.add(c.win.id, '::uuid');
      ctes.push(`win AS MATERIALIZED (SELECT d.ctid AS t, d.asset_id, d.created_at AS sort_key, NULL::tsvector AS tsv FROM ${src} AND (d.created_at, d.asset_id) >= (${bk}, ${bi}))`);
      edge = `SELECT ${bk} AS b_key, ${bi} AS b_id`;
    } else {
      // A window holding every match (or a cursor from before the window existed): no older tier.
      ctes.push(`win AS MATERIALIZED (SELECT d.ctid AS t, d.asset_id, d.created_at AS sort_key, NULL::tsvector AS tsv FROM ${src})`);
      edge = `SELECT NULL::timestamptz AS b_key, NULL::uuid AS b_id WHERE false`;
    }
    const keyset = c
      ? `WHERE (r.score, r.sort_key, r.asset_id) < (${p.add(c.score, '::real')}, ${p.add(c.key, '::timestamptz')}, ${p.add(c.id, '::uuid')})`
      : '';
    // ts_rank runs over the window's rows only (after its LIMIT), whatever plan finds them.
    ctes.push(
      `edge AS (${edge})`,
      `ranked AS (SELECT w.asset_id, w.sort_key,
        ts_rank(coalesce(w.tsv, (SELECT x.tsv FROM search_document x WHERE x.ctid = w.t)), tq.q)::real AS score FROM win w, ${tq})`,
    );
    // Tier 1 only runs when the window has a boundary (EXISTS is a one-time filter): a query whose
    // matches all fit in the window does not look for them a second time.
    return `WITH ${ctes.join(',\n')}
      SELECT x.tier, x.asset_id, x.score, x.score::text AS score_text, x.sort_key::text AS key_text, e.b_key::text AS b_key, e.b_id::text AS b_id
      FROM (
        (SELECT 0 AS tier, r.asset_id, r.score, r.sort_key FROM ranked r ${keyset} ORDER BY r.score DESC, r.sort_key DESC, r.asset_id DESC LIMIT ${L})
        UNION ALL
        (SELECT 1, d.asset_id, ts_rank(d.tsv, tq.q)::real, d.created_at FROM ${src}
          AND EXISTS (SELECT 1 FROM edge) AND (d.created_at, d.asset_id) < ((SELECT b_key FROM edge), (SELECT b_id FROM edge)) ${byTime} LIMIT ${L})
        LIMIT ${L}
      ) x LEFT JOIN edge e ON true`;
  }

  /**
   * Documents in the workspace (the trigger-maintained '#total'), cached briefly: it only sizes the
   * estimate's sample slice, so a stale value costs a little time, never correctness.
   */
  private async workspaceSize(workspaceId: string): Promise<number> {
    const now = Date.now();
    const hit = this.sizes.get(workspaceId);
    if (hit && now - hit.at < SIZE_TTL_MS) return hit.n;
    const [row] = await this.queryPlain<{ n: number }[]>(`SELECT n FROM search_facet_count WHERE workspace_id = $1 AND field = '#total' AND value = ''`, [workspaceId]);
    if (this.sizes.size > 10_000) this.sizes.clear();
    this.sizes.set(workspaceId, { n: row?.n ?? 0, at: now });
    return row?.n ?? 0;
  }

  /**
   * Lexicon neighbours of each query word (same workspace only): the typo candidates. A neighbour
   * that stems like the word or an earlier neighbour (`portraits` for `portrait`) is dropped: it
   * matches the same documents, and every duplicate alternative is one more GIN posting list to read.
   */
  private async expand(workspaceId: string, words: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const candidates = typoCandidates(words);
    if (!candidates.length) return out;
    // One branch per word with the word as its own parameter: the planner sees a constant and uses the
    // (workspace_id, word) trigram index; `%` keeps pg_trgm's similarity threshold as before.
    const params: unknown[] = [workspaceId];
    const branches = candidates.map((w) => {
      params.push(w);
      const t = `$${params.length}::text`;
      return `(SELECT ${t} AS term, plainto_tsquery('english', ${t})::text AS term_stem, word, plainto_tsquery('english', word)::text AS stem FROM (
          SELECT word, similarity(word, ${t}) AS sim FROM search_lexicon
          WHERE workspace_id = $1::uuid AND word % ${t} AND word <> ${t}
          ORDER BY sim DESC, word LIMIT ${TYPO_NEIGHBOURS}
        ) l WHERE l.sim >= ${TYPO_SIMILARITY} ORDER BY l.sim DESC, l.word)`;
    });
    // On the tuned pool: with seq scans off the lookup always takes the trigram index (even with stale statistics).
    const rows = await this.queryTuned<{ term: string; term_stem: string; word: string; stem: string }[]>(branches.join(' UNION ALL '), params);
    const stems = new Map<string, Set<string>>();
    for (const r of rows) {
      const seen = stems.get(r.term) ?? new Set([r.term_stem]);
      stems.set(r.term, seen);
      if (seen.has(r.stem)) continue;
      seen.add(r.stem);
      out.set(r.term, [...(out.get(r.term) ?? []), r.word]);
    }
    return out;
  }
}
