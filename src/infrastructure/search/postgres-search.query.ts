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

const FACET_COLUMN: Record<SearchFacetField, { expr: string; multi: boolean }> = {
  status: { expr: 'status', multi: false },
  model: { expr: 'model', multi: false },
  tags: { expr: 'tags', multi: true },
  projectId: { expr: 'project_id::text', multi: false },
  kind: { expr: 'kind', multi: false },
  colors: { expr: 'colors', multi: true },
  createdBy: { expr: 'created_by::text', multi: false },
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

export function facetSql(fields: SearchFacetField[]): string[] {
  return fields.map((f) => {
    const { expr, multi } = FACET_COLUMN[f];
    const value = multi ? 'v' : expr;
    const from = multi ? `m, unnest(m.${expr}) AS v` : 'm';
    return `(SELECT '${f}' AS f, ${value} AS v, count(*)::int AS n FROM ${from} WHERE ${value} IS NOT NULL GROUP BY 2 ORDER BY 3 DESC, 2 ASC LIMIT ${FACET_LIMIT})`;
  });
}

export const FACET_SOURCE_COLUMNS = 'status, model, tags, project_id, kind, colors, created_by';

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
