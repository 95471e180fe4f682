import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { encodeSearchCursor } from './search-cursor';
import {
  EngineQuery,
  EngineResult,
  normalizeVector,
  ReindexProgress,
  SearchDocument,
  SearchEnginePort,
  SearchFacetField,
} from './search-engine.port';
import { facetSql, FACET_SOURCE_COLUMNS, filterClauses, keysetClause, Params, sortPlan, tsqueryExpr } from './postgres-search.query';
import { lexiconWords, splitSearchText } from './search-text';

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
    const from = tsq ? `search_document d, (SELECT ${tsq} AS q) tq` : 'search_document d';
    const matchSql = `SELECT ${FACET_SOURCE_COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')} FROM ${from} WHERE ${where.join(' AND ')}`;
    const countParams = p.values.length;

    const plan = sortPlan(q, score !== 'NULL::real');
    const keyset = keysetClause(q, plan, p);
    const order = plan.byScore
      ? `s.score DESC, s.sort_key DESC, s.asset_id DESC`
      : `s.sort_key ${plan.dir}, s.asset_id ${plan.dir}`;
    const pageSql = `SELECT s.asset_id, s.score, s.score::text AS score_text, s.sort_key::text AS key_text FROM (
        SELECT d.asset_id, ${score} AS score, ${plan.key} AS sort_key FROM ${from} WHERE ${where.join(' AND ')}
      ) s ${keyset ? `WHERE ${keyset}` : ''} ORDER BY ${order} LIMIT ${q.limit + 1}`;

    // Count and facets over the whole match set (no keyset), in one statement, run beside the page query.
    const aggSql = `WITH m AS MATERIALIZED (${matchSql})
        SELECT 'total' AS f, NULL AS v, count(*)::int AS n FROM m
        ${facetSql(q.facets).map((s) => `UNION ALL ${s}`).join('\n')}`;
    const [rows, agg] = await Promise.all([
      this.db.query(pageSql, p.values) as Promise<{ asset_id: string; score: number | null; score_text: string | null; key_text: string }[]>,
      this.db.query(aggSql, p.values.slice(0, countParams)) as Promise<{ f: string; v: string | null; n: number }[]>,
    ]);
    const page = rows.slice(0, q.limit);
    const hits = page.map((r) => ({
      id: r.asset_id,
      score: r.score === null ? null : Number(r.score),
      cursor: encodeSearchCursor({ sort: q.sort.field, dir: q.sort.direction, score: r.score_text, key: r.key_text, id: r.asset_id }),
    }));
    let totalHits = 0;
    const facets: EngineResult['facets'] = q.facets.map((field) => ({ field, values: [] }));
    for (const r of agg) {
      if (r.f === 'total') totalHits = r.n;
      else facets.find((x) => x.field === (r.f as SearchFacetField))?.values.push({ value: r.v as string, count: r.n });
    }
    return { totalHits, hits, hasNextPage: rows.length > q.limit, facets };
  }

  /** Lexicon neighbours of each query word (same workspace only): the typo candidates. */
  private async expand(workspaceId: string, words: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const candidates = words.filter((w) => w.length >= TYPO_MIN_LENGTH && !/^\d+$/.test(w));
    if (!candidates.length) return out;
    const rows: { term: string; word: string }[] = await this.db.query(
      `SELECT t.term, l.word FROM unnest($2::text[]) AS t(term)
       CROSS JOIN LATERAL (
         SELECT word, similarity(word, t.term) AS sim FROM search_lexicon
         WHERE workspace_id = $1 AND word % t.term AND word <> t.term
         ORDER BY sim DESC, word LIMIT ${TYPO_NEIGHBOURS}
       ) l WHERE l.sim >= ${TYPO_SIMILARITY}`,
      [workspaceId, candidates],
    );
    for (const r of rows) out.set(r.term, [...(out.get(r.term) ?? []), r.word]);
    return out;
  }
}
