import type { NormalizedFilter, SetFilter, TimeRange } from '../../modules/search/query';
import { decodeSearchCursor } from './search-cursor';
import { EngineQuery, SearchFacetField } from './search-engine.port';

/** Positional parameters for one statement: every user value goes through here, never into the SQL text. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown, cast = ''): string {
    this.values.push(v);
    return `$${this.values.length}${cast}`;
  }
}

const FACET_COLUMN: Record<SearchFacetField, { column: string; expr: string; multi: boolean }> = {
  status: { column: 'status', expr: 'status', multi: false },
  model: { column: 'model', expr: 'model', multi: false },
  tags: { column: 'tags', expr: 'tags', multi: true },
  projectId: { column: 'project_id', expr: 'project_id::text', multi: false },
  kind: { column: 'kind', expr: 'kind', multi: false },
  colors: { column: 'colors', expr: 'colors', multi: true },
  createdBy: { column: 'created_by', expr: 'created_by::text', multi: false },
};
export const FACET_LIMIT = 50;

const lower = (vs: string[]) => vs.map((v) => v.toLowerCase());

/** WHERE clauses for the workspace + filter (+ restriction); `d` is search_document. */
export function filterClauses(q: EngineQuery, p: Params): string[] {
  const f: NormalizedFilter = q.filter;
  const out = [`d.workspace_id = ${p.add(q.workspaceId, '::uuid')}`];
  const inList = (col: string, pos: string[], neg: string[], cast: string, nullable: boolean) => {
    if (pos.length) out.push(`${col} = ANY(${p.add(pos, cast)})`);
    if (neg.length) out.push(nullable ? `(${col} IS NULL OR NOT (${col} = ANY(${p.add(neg, cast)})))` : `NOT (${col} = ANY(${p.add(neg, cast)}))`);
  };
  const set = (col: string, s: SetFilter) => {
    if (s.all.length) out.push(`d.${col} @> ${p.add(lower(s.all), '::text[]')}`);
    for (const g of s.any) if (g.length) out.push(`d.${col} && ${p.add(lower(g), '::text[]')}`);
    if (s.none.length) out.push(`NOT (d.${col} && ${p.add(lower(s.none), '::text[]')})`);
  };
  const range = (col: string, r: TimeRange | undefined) => {
    if (r?.from) out.push(`d.${col} >= ${p.add(r.from.toISOString(), '::timestamptz')}`);
    if (r?.to) out.push(`d.${col} <= ${p.add(r.to.toISOString(), '::timestamptz')}`);
  };
  inList('d.project_id::text', f.projectIds, f.notProjectIds, '::text[]', false);
  inList('d.status', f.statuses, f.notStatuses, '::text[]', false);
  inList('d.kind', f.kinds, f.notKinds, '::text[]', false);
  inList('lower(d.model)', lower(f.models), lower(f.notModels), '::text[]', true);
  inList('lower(d.provider)', lower(f.providers), lower(f.notProviders), '::text[]', true);
  set('tags', f.tags);
  inList('d.created_by::text', lower(f.createdBy), lower(f.notCreatedBy), '::text[]', true);
  inList('d.approved_by::text', lower(f.approvedBy), lower(f.notApprovedBy), '::text[]', true);
  set('colors', f.colors);
  if (f.orientation !== undefined) out.push(`d.orientation = ${p.add(f.orientation)}`);
  if (f.aiGenerated !== undefined) out.push(`d.ai_generated = ${p.add(f.aiGenerated, '::boolean')}`);
  range('created_at', f.createdAt);
  range('approved_at', f.approvedAt);
  range('status_changed_at', f.statusChangedAt);
  if (f.stackId !== undefined) out.push(`d.stack_id::text = ${p.add(f.stackId.toLowerCase())}`);
  if (f.picksOnly) out.push('d.is_pick');
  if (q.restrictToIds) out.push(`d.asset_id = ANY(${p.add(q.restrictToIds, '::uuid[]')})`);
  if (q.similarTo) {
    out.push('d.descriptor IS NOT NULL');
    out.push(`d.asset_id <> ${p.add(q.similarTo.excludeId, '::uuid')}`);
  }
  return out;
}

/**
 * tsquery over the text: each word must match itself or one of its lexicon neighbours (typos),
 * the last word also as a prefix; each phrase must match as a phrase. null when there is no text.
 */
export function tsqueryExpr(words: string[], phrases: string[], expansions: Map<string, string[]>, p: Params): string | null {
  const groups: string[] = [];
  words.forEach((w, i) => {
    const alts = [`plainto_tsquery('english', ${p.add(w)})`];
    for (const e of expansions.get(w) ?? []) alts.push(`plainto_tsquery('english', ${p.add(e)})`);
    // Words are letters/digits only (wordsOf), so the prefix form cannot carry tsquery syntax.
    if (i === words.length - 1 && w.length >= 3) alts.push(`to_tsquery('simple', ${p.add(`${w}:*`)})`);
    groups.push(`(${alts.join(' || ')})`);
  });
  for (const ph of phrases) groups.push(`phraseto_tsquery('english', ${p.add(ph)})`);
  return groups.length ? groups.join(' && ') : null;
}

export interface SortPlan {
  /** SQL expression of the sort key (text-comparable via ::text). */
  key: string;
  keyCast: string;
  dir: 'ASC' | 'DESC';
  byScore: boolean;
}

export function sortPlan(q: EngineQuery, hasScore: boolean): SortPlan {
  const { field } = q.sort;
  if (field === 'relevance') return { key: 'd.created_at', keyCast: '::timestamptz', dir: 'DESC', byScore: hasScore };
  const col = field === 'createdAt' ? 'd.created_at' : field === 'approvedAt' ? 'd.approved_at' : 'd.status_changed_at';
  const dir = q.sort.direction;
  // Assets without the time sort last in both directions.
  const key = field === 'createdAt' ? col : `coalesce(${col}, '${dir === 'DESC' ? '-infinity' : 'infinity'}'::timestamptz)`;
  return { key, keyCast: '::timestamptz', dir, byScore: false };
}

/** Keyset condition "strictly after the cursor" on (score?, key, id) in the sort's direction. */
export function keysetClause(q: EngineQuery, plan: SortPlan, p: Params): string | null {
  if (!q.after) return null;
  const c = decodeSearchCursor(q.after, q.sort.field, q.sort.direction);
  const op = plan.dir === 'DESC' ? '<' : '>';
  const key = p.add(c.key, plan.keyCast);
  const id = p.add(c.id, '::uuid');
  if (plan.byScore) return `(s.score, s.sort_key, s.asset_id) ${op} (${p.add(c.score, '::real')}, ${key}, ${id})`;
  return `(s.sort_key, s.asset_id) ${op} (${key}, ${id})`;
}

/**
 * Total and facet counts over the match set `source` in one statement: the total and every
 * single-valued facet in one pass (GROUPING SETS), each multi-valued facet in one pass over its
 * unnested values; top FACET_LIMIT values per facet. Rows (f, v, n), f = 'total' for the total.
 */
export function facetAggregateSql(fields: SearchFacetField[], source: string): string {
  const single = fields.filter((f) => !FACET_COLUMN[f].multi);
  const multi = fields.filter((f) => FACET_COLUMN[f].multi);
  const expr = (f: SearchFacetField) => FACET_COLUMN[f].expr;
  const label = single.length ? `CASE ${single.map((f) => `WHEN GROUPING(${expr(f)}) = 0 THEN '${f}'`).join(' ')} ELSE 'total' END` : `'total'`;
  // In a grouping set's row the other sets' columns are NULL, so COALESCE yields the grouped value.
  const value = single.length ? `COALESCE(${single.map(expr).join(', ')})` : 'NULL::text';
  const parts = [
    `SELECT ${label} AS f, ${value} AS v, count(*)::int AS n FROM ${source} GROUP BY GROUPING SETS (${['()', ...single.map((f) => `(${expr(f)})`)].join(', ')})`,
    ...multi.map((f) => `SELECT '${f}' AS f, u.v, count(*)::int AS n FROM (SELECT unnest(${source}.${expr(f)}) AS v FROM ${source}) u GROUP BY u.v`),
  ];
  return `SELECT r.f, r.v, r.n FROM (
      SELECT a.f, a.v, a.n, row_number() OVER (PARTITION BY a.f ORDER BY a.n DESC, a.v ASC) AS rn
      FROM (${parts.join('\n      UNION ALL ')}) a WHERE a.f = 'total' OR a.v IS NOT NULL
    ) r WHERE r.f = 'total' OR r.rn <= ${FACET_LIMIT}`;
}

/** The columns facetAggregateSql reads for these facets: only those are fetched from each match (every one costs time per match). */
export function facetSourceColumns(fields: SearchFacetField[]): string[] {
  return [...new Set(fields.map((f) => FACET_COLUMN[f].column))];
}

/**
 * Ranked text search scores only the newest RANK_WINDOW matches (ts_rank over every match of a broad
 * query costs ~10 µs a row); older matches follow in time order. Exact whenever a query has at most
 * this many matches. See docs/search.md ("Ranking window").
 */
export const RANK_WINDOW = 1000;

/** Facets and total of a whole workspace from search_facet_count (kept exact by triggers): rows (f, v, n) like the aggregation. */
export function facetTableSql(): string {
  return `SELECT CASE WHEN field = '#total' THEN 'total' ELSE field END AS f, value AS v, n FROM (
      SELECT field, value, n, row_number() OVER (PARTITION BY field ORDER BY n DESC, value ASC) AS rn
      FROM search_facet_count WHERE workspace_id = $1::uuid AND field = ANY($2::text[])
    ) c WHERE rn <= ${FACET_LIMIT}`;
}
