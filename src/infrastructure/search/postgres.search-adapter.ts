import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
import {
  facetSql, FACET_SOURCE_COLUMNS, facetTableSql, filterClauses, keysetClause, Params, RANK_WINDOW, sortPlan, tsqueryExpr,
} from './postgres-search.query';
import { lexiconWords, splitSearchText } from './search-text';

interface PageRow {
  tier: number;
  asset_id: string;
  score: number | null;
  score_text: string | null;
  key_text: string;
  b_key?: string | null;
  b_id?: string | null;
}

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

/**
 * The built-in engine: search_document rows in the main database. Full text is a weighted
 * tsvector (title > tags > prompt > notes, english stemming); typo tolerance expands each query
 * word through a per-workspace lexicon with pg_trgm similarity; filters are plain SQL on
 * denormalised columns; similarTo is a dot product of unit descriptors.
 */
export class PostgresSearchAdapter implements SearchEnginePort {
  readonly kind = 'postgres' as const;
  private readonly logger = new Logger('PostgresSearch');

  constructor(private readonly db: DataSource) {}

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
    this.logger.log(`rebuilt ${done} documents, dropped ${removed?.[1] ?? 0} stale ones`);
  }

  async search(q: EngineQuery): Promise<EngineResult> {
    const text = splitSearchText(q.text);
    const expansions = await this.expand(q.workspaceId, text.words);

    const p = new Params();
    const where = filterClauses(q, p);
    // Only the workspace clause: counts come from search_facet_count instead of every document.
    const unfiltered = where.length === 1 && !text.words.length && !text.phrases.length;
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
    const countParams = p.values.length;

    const plan = sortPlan(q, score !== 'NULL::real');
    const windowed = plan.byScore && !!tsq && !q.similarTo;
    let pageSql: string;
    if (windowed) {
      pageSql = this.windowPageSql(q, tq, where.join(' AND '), p);
    } else {
      const keyset = keysetClause(q, plan, p);
      const order = plan.byScore
        ? `s.score DESC, s.sort_key DESC, s.asset_id DESC`
        : `s.sort_key ${plan.dir}, s.asset_id ${plan.dir}`;
      pageSql = `SELECT 0 AS tier, s.asset_id, s.score, s.score::text AS score_text, s.sort_key::text AS key_text FROM (
          SELECT d.asset_id, ${score} AS score, ${plan.key} AS sort_key FROM ${from} WHERE ${where.join(' AND ')}
        ) s ${keyset ? `WHERE ${keyset}` : ''} ORDER BY ${order} LIMIT ${q.limit + 1}`;
    }

    // Count and facets over the whole match set (no keyset), in one statement, run beside the page query.
    let aggSql: string;
    let aggParams = p.values.slice(0, countParams);
    if (unfiltered) {
      aggSql = facetTableSql();
      aggParams = [q.workspaceId, ['#total', ...q.facets]];
    } else if (!q.facets.length) {
      // No columns needed: lets the planner count with an index-only scan.
      aggSql = `SELECT 'total' AS f, NULL AS v, count(*)::int AS n FROM ${from} WHERE ${where.join(' AND ')}`;
    } else {
      const matchSql = `SELECT ${FACET_SOURCE_COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')} FROM ${from} WHERE ${where.join(' AND ')}`;
      aggSql = `WITH m AS MATERIALIZED (${matchSql})
        SELECT 'total' AS f, NULL AS v, count(*)::int AS n FROM m
        ${facetSql(q.facets).map((s) => `UNION ALL ${s}`).join('\n')}`;
    }
    const [found, agg] = await Promise.all([
      this.db.query(pageSql, p.values) as Promise<PageRow[]>,
      (tsq ? this.queryWithoutSeqScan(aggSql, aggParams) : this.db.query(aggSql, aggParams)) as Promise<{ f: string; v: string | null; n: number }[]>,
    ]);
    const rows = [...found].sort((a, b) => a.tier - b.tier); // window first (UNION ALL keeps it so; never rely on it)
    const page = rows.slice(0, q.limit);
    const hits = page.map((r) => ({
      id: r.asset_id,
      score: r.score === null ? null : Number(r.score),
      cursor: encodeSearchCursor({
        sort: q.sort.field, dir: q.sort.direction, score: r.score_text, key: r.key_text, id: r.asset_id,
        win: windowed ? { tier: r.tier as 0 | 1, key: r.b_key ?? null, id: r.b_id ?? null } : undefined,
      }),
    }));
    let totalHits = 0;
    const facets: EngineResult['facets'] = q.facets.map((field) => ({ field, values: [] }));
    for (const r of agg) {
      if (r.f === 'total') totalHits = r.n;
      else facets.find((x) => x.field === (r.f as SearchFacetField))?.values.push({ value: r.v as string, count: r.n });
    }
    return { totalHits, hits, hasNextPage: rows.length > q.limit, facets };
  }

  /**
   * Counting text matches through the GIN bitmap reads only the matching rows and never evaluates
   * `@@` per row; the planner's estimate for OR-ed typo alternatives is often far too high (stems
   * counted as independent) and then picks a full scan 3-4x slower. Only this statement is affected.
   */
  private async queryWithoutSeqScan(sql: string, params: unknown[]): Promise<unknown> {
    const runner = this.db.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('SET LOCAL enable_seqscan = off');
      const rows = await runner.query(sql, params);
      await runner.commitTransaction();
      return rows;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /**
   * Relevance page of a text query (docs/search.md, "Ranking window"). Tier 0: the newest
   * RANK_WINDOW matches (or, after a cursor, the matches from the cursor's window boundary on),
   * ranked by ts_rank; tier 1: the older matches, newest first. The boundary travels in the cursor,
   * so later pages see the same window even while new assets arrive.
   */
  private windowPageSql(q: EngineQuery, tq: string, where: string, p: Params): string {
    const L = q.limit + 1;
    const c = q.after ? decodeSearchCursor(q.after, q.sort.field, q.sort.direction) : null;
    const byTime = 'ORDER BY d.created_at DESC, d.asset_id DESC';
    if (c?.win?.tier === 1) {
      return `SELECT 1 AS tier, d.asset_id, ts_rank(d.tsv, tq.q)::real AS score, ts_rank(d.tsv, tq.q)::real::text AS score_text,
          d.created_at::text AS key_text, NULL::text AS b_key, NULL::text AS b_id
        FROM search_document d, ${tq} WHERE ${where}
          AND (d.created_at, d.asset_id) < (${p.add(c.key, '::timestamptz')}, ${p.add(c.id, '::uuid')}) ${byTime} LIMIT ${L}`;
    }
    let bound = '';
    let limit = '';
    let edge: string;
    if (!c) {
      limit = `LIMIT ${RANK_WINDOW}`;
      edge = `SELECT w.sort_key AS b_key, w.asset_id AS b_id FROM win w WHERE (SELECT count(*) FROM win) >= ${RANK_WINDOW}
        ORDER BY w.sort_key, w.asset_id LIMIT 1`;
    } else if (c.win?.key && c.win.id) {
      const bk = p.add(c.win.key, '::timestamptz');
      const bi = p.add(c.win.id, '::uuid');
      bound = ` AND (d.created_at, d.asset_id) >= (${bk}, ${bi})`;
      edge = `SELECT ${bk} AS b_key, ${bi} AS b_id`;
    } else {
      // A window holding every match (or a cursor from before the window existed): no older tier.
      edge = `SELECT NULL::timestamptz AS b_key, NULL::uuid AS b_id WHERE false`;
    }
    const keyset = c
      ? `WHERE (r.score, r.sort_key, r.asset_id) < (${p.add(c.score, '::real')}, ${p.add(c.key, '::timestamptz')}, ${p.add(c.id, '::uuid')})`
      : '';
    // ts_rank runs over the window's rows only (after its LIMIT), whatever plan finds them.
    return `WITH win AS MATERIALIZED (
        SELECT d.asset_id, d.created_at AS sort_key, d.tsv FROM search_document d, ${tq} WHERE ${where}${bound} ${byTime} ${limit}
      ),
      edge AS (${edge}),
      ranked AS (SELECT w.asset_id, w.sort_key, ts_rank(w.tsv, tq.q)::real AS score FROM win w, ${tq})
      SELECT x.tier, x.asset_id, x.score, x.score::text AS score_text, x.sort_key::text AS key_text, e.b_key::text AS b_key, e.b_id::text AS b_id
      FROM (
        (SELECT 0 AS tier, r.asset_id, r.score, r.sort_key FROM ranked r ${keyset} ORDER BY r.score DESC, r.sort_key DESC, r.asset_id DESC LIMIT ${L})
        UNION ALL
        (SELECT 1, d.asset_id, ts_rank(d.tsv, tq.q)::real, d.created_at FROM search_document d, ${tq} WHERE ${where}
          AND (d.created_at, d.asset_id) < ((SELECT b_key FROM edge), (SELECT b_id FROM edge)) ${byTime} LIMIT ${L})
        LIMIT ${L}
      ) x LEFT JOIN edge e ON true`;
  }

  /** Lexicon neighbours of each query word (same workspace only): the typo candidates. */
  private async expand(workspaceId: string, words: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const candidates = words.filter((w) => w.length >= TYPO_MIN_LENGTH && !/^\d+$/.test(w));
    if (!candidates.length) return out;
    // One branch per word with the word as its own parameter: the planner sees a constant and uses the
    // (workspace_id, word) trigram index; `%` keeps pg_trgm's similarity threshold as before.
    const params: unknown[] = [workspaceId];
    const branches = candidates.map((w) => {
      params.push(w);
      const t = `$${params.length}::text`;
      return `(SELECT ${t} AS term, word FROM (
          SELECT word, similarity(word, ${t}) AS sim FROM search_lexicon
          WHERE workspace_id = $1::uuid AND word % ${t} AND word <> ${t}
          ORDER BY sim DESC, word LIMIT ${TYPO_NEIGHBOURS}
        ) l WHERE l.sim >= ${TYPO_SIMILARITY})`;
    });
    const rows: { term: string; word: string }[] = await this.db.query(branches.join(' UNION ALL '), params);
    for (const r of rows) out.set(r.term, [...(out.get(r.term) ?? []), r.word]);
    return out;
  }
}
