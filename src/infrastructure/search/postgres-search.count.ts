/**
 * totalHits of a Postgres query without facets: exact up to `cap` matches, estimated above it
 * (docs/search.md, "Totals"). Counting every match of a broad text query costs a visit per match
 * (~25 ms for 31k of 100k); the estimate reads ~cap matches instead.
 *
 * Estimator: k minimum values. Every document has a uniform pseudo-random hash (uuid_hash of its
 * id, independent of its content and age); the k = cap+1 smallest hashes among the matches are
 * found through the (workspace_id, uuid_hash(asset_id)) index, and with U = the k-th smallest as a
 * fraction of the hash space, (k-1)/U is an unbiased estimate of the match count with a relative
 * standard error of about 1/sqrt(k-2) (3.2% for cap 1000).
 *
 * Cost bound: the hash-ordered search only looks at a slice of the workspace's hash space holding
 * about sqrt(cap x documents) documents. When fewer than k matches fall in that slice the query is
 * too selective to estimate cheaply, and then it is counted exactly instead (at most about
 * sqrt(documents/cap) x cap matches, also cheap). So a total is estimated only from k matches, never
 * from fewer, and is exact otherwise. A caller-supplied guess of whether k matches will be found
 * (a probe of the newest documents) skips the search when they will not: it only saves time, the
 * fallback keeps the result the same.
 */

const HASH_MIN = -2147483648;
const HASH_SPACE = 4294967296;

/** One row: n matches in the slice (≤ cap+1), the largest hash among them, and the exact count when it was needed. */
export interface CountRow {
  n: number | null;
  kth: number | null;
  exact: number | null;
}

/**
 * Upper end (exclusive) of the hash slice the estimate may look at: about sqrt(cap x documents)
 * documents, so that both the hash-ordered search (≤ that many rows) and the exact count it falls
 * back to (a set too sparse to hold cap+1 matches in the slice) stay near that many rows. The whole
 * hash space (2^31) when the workspace is small.
 */
export function sliceBound(cap: number, documents: number): number {
  const n = Math.max(documents, 1);
  const share = Math.min(1, Math.sqrt(cap * n) / n);
  return share >= 1 ? -HASH_MIN : Math.floor(HASH_MIN + share * HASH_SPACE);
}

/** Documents in the hash slice (sliceBound's share of the workspace): what a probe's threshold needs. */
export function sliceDocuments(cap: number, documents: number): number {
  const n = Math.max(documents, 1);
  return Math.min(n, Math.sqrt(cap * n));
}

/**
 * The count statement over `from` / `where` (the match set, `d` = search_document); `boundParam`
 * is the bind parameter holding sliceBound (a bind value, so the planner prices the slice).
 * `dense` is a boolean SQL expression guessing that the slice holds cap+1 matches.
 */
export function countSql(from: string, where: string, boundParam: string, cap: number, dense = 'true'): string {
  const k = cap + 1;
  const exact = `(SELECT count(*)::int FROM ${from} WHERE ${where})`;
  // CTEs and scalar subqueries are evaluated lazily, and CASE in order: the hash search only runs
  // when the guess says it can succeed, the exact count only when it is not tried or falls short.
  return `WITH dense AS MATERIALIZED (SELECT ${dense} AS yes),
    s AS MATERIALIZED (
      SELECT count(*)::int AS n, max(x.h) AS kth FROM (
        SELECT uuid_hash(d.asset_id) AS h FROM ${from} WHERE ${where} AND uuid_hash(d.asset_id) < ${boundParam}
        ORDER BY 1 LIMIT ${k}
      ) x
    )
    SELECT CASE WHEN (SELECT yes FROM dense) THEN (SELECT n FROM s) END AS n,
      CASE WHEN (SELECT yes FROM dense) THEN (SELECT kth FROM s) END AS kth,
      CASE WHEN NOT (SELECT yes FROM dense) THEN ${exact}
        WHEN (SELECT n FROM s) < ${k} AND ${boundParam} < ${-HASH_MIN} THEN ${exact} END AS exact`;
}

/** totalHits from the count row: exact when it could be counted, else the k-minimum-values estimate (never below cap+1). */
export function totalFromCount(row: CountRow, cap: number): { total: number; exact: boolean } {
  if (row.exact !== null && row.exact !== undefined) return { total: row.exact, exact: true };
  const n = row.n ?? 0;
  if (n <= cap) return { total: n, exact: true };
  return { total: Math.max(cap + 1, kmvEstimate(cap + 1, Number(row.kth))), exact: false };
}

/** (k-1)/U, U = the fraction of the hash space at or below the k-th smallest hash. */
export function kmvEstimate(k: number, kthHash: number): number {
  const u = (kthHash - HASH_MIN + 1) / HASH_SPACE;
  return Math.round((k - 1) / u);
}
