/**
 * Lineage rules: parent links must never form a cycle, and a lineage (ancestors,
 * descendants, edges) is assembled from the flat rows a recursive CTE returns.
 * Pure TypeScript; the service owns the SQL.
 */

/** Deepest lineage the API serves in either direction; deeper requests are clamped. */
export const MAX_LINEAGE_DEPTH = 10;

/**
 * True when making `newParentId` the parent of `childId` would close a loop: the new parent
 * is the child itself, or the child is already among the new parent's ancestors.
 *
 * `ancestorsOf(id)` must return every ancestor of `id` (parent, grandparent, …; order
 * irrelevant), typically one recursive CTE walking `parent_id` upwards with a cycle guard.
 * It must not apply the lineage depth cap: a capped walk could miss a long loop.
 */
export async function wouldCreateCycle(
  childId: string,
  newParentId: string,
  ancestorsOf: (id: string) => Promise<string[]>,
): Promise<boolean> {
  if (childId === newParentId) return true;
  const ancestors = await ancestorsOf(newParentId);
  return ancestors.includes(childId);
}

/**
 * One row of the lineage CTE. Each row is an asset reached from the root, with its own
 * parent link, so every edge is (row.parentId → row.id). Example for the root $1:
 *
 *   WITH RECURSIVE up AS (
 *     SELECT a.id, a.parent_id, a.operation, 1 AS depth FROM asset a
 *       WHERE a.id = (SELECT parent_id FROM asset WHERE id = $1 AND workspace_id = $2)
 *         AND a.workspace_id = $2 AND a.deleted_at IS NULL
 *     UNION ALL
 *     SELECT a.id, a.parent_id, a.operation, up.depth + 1 FROM asset a JOIN up ON a.id = up.parent_id
 *       WHERE up.depth <= $3 AND a.workspace_id = $2 AND a.deleted_at IS NULL
 *   ), down AS (
 *     SELECT a.id, a.parent_id, a.operation, 1 AS depth FROM asset a
 *       WHERE a.parent_id = $1 AND a.workspace_id = $2 AND a.deleted_at IS NULL
 *     UNION ALL
 *     SELECT a.id, a.parent_id, a.operation, down.depth + 1 FROM asset a JOIN down ON a.parent_id = down.id
 *       WHERE down.depth <= $3 AND a.workspace_id = $2 AND a.deleted_at IS NULL
 *   )
 *   SELECT *, 'ancestor' AS direction FROM up UNION ALL SELECT *, 'descendant' FROM down;
 *
 * with $3 = the clamped depth: the CTE then yields rows up to depth + 1, which is how
 * assembleLineage knows a side was truncated. The depth bound also stops a corrupt cycle.
 */
export interface LineageRow {
  id: string;
  parentId: string | null;
  /** Distance from the root asset: 1 = parent (ancestor) or child (descendant). */
  depth: number;
  direction: 'ancestor' | 'descendant';
  /** How `id` was derived from its parent (variation, inpaint, …), if known. */
  operation?: string | null;
}

export interface LineageNode {
  id: string;
  depth: number;
  parentId: string | null;
}

export interface LineageEdge {
  parentId: string;
  childId: string;
  operation: string | null;
}

export interface Lineage {
  rootId: string;
  depth: number;
  /** Nearest first: parent, grandparent, … */
  ancestors: LineageNode[];
  /** Breadth-first: children, then grandchildren, …; ties by id for a stable order. */
  descendants: LineageNode[];
  /** Every parent→child link between nodes in this lineage (root included). */
  edges: LineageEdge[];
  /** True when rows existed beyond `depth` on that side (there is more to fetch). */
  truncated: { ancestors: boolean; descendants: boolean };
}

/** The depth to query: integer 0..MAX_LINEAGE_DEPTH (default MAX); larger values are clamped. */
export function clampLineageDepth(depth?: number | null): number {
  if (depth === undefined || depth === null) return MAX_LINEAGE_DEPTH;
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`lineage depth must be a whole number ≥ 0, got ${depth}`);
  return Math.min(depth, MAX_LINEAGE_DEPTH);
}

/**
 * Builds the lineage of `rootId` from CTE rows. Tolerates what real data and UNION ALL
 * produce: duplicate rows (kept at their smallest depth), rows past the cap (dropped and
 * reported as truncation), and a corrupt cycle (the root or an ancestor showing up again is
 * not listed twice).
 */
export function assembleLineage(
  rootId: string,
  rows: readonly LineageRow[],
  opts: { depth?: number | null | undefined; rootOperation?: string | null | undefined } = {},
): Lineage {
  const depth = clampLineageDepth(opts.depth);
  const truncated = { ancestors: false, descendants: false };
  const ancestors = new Map<string, LineageRow>();
  const descendants = new Map<string, LineageRow>();

  // Shallowest first, so the first occurrence of an id wins.
  const sorted = [...rows].sort((a, b) => a.depth - b.depth || (a.direction === b.direction ? 0 : a.direction === 'ancestor' ? -1 : 1));
  for (const row of sorted) {
    if (!Number.isInteger(row.depth) || row.depth < 1) continue;
    const side = row.direction === 'ancestor' ? 'ancestors' : 'descendants';
    if (row.depth > depth) {
      truncated[side] = true;
      continue;
    }
    if (row.id === rootId || ancestors.has(row.id) || descendants.has(row.id)) continue;
    (side === 'ancestors' ? ancestors : descendants).set(row.id, row);
  }

  const toNode = (r: LineageRow): LineageNode => ({ id: r.id, depth: r.depth, parentId: r.parentId });
  const ancestorNodes = [...ancestors.values()].sort((a, b) => a.depth - b.depth).map(toNode);
  const descendantNodes = [...descendants.values()]
    .sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(toNode);

  const included = new Set<string>([rootId, ...ancestors.keys(), ...descendants.keys()]);
  const edges: LineageEdge[] = [];
  const seen = new Set<string>();
  const addEdge = (parentId: string | null, childId: string, operation: string | null | undefined): void => {
    if (parentId === null || !included.has(parentId)) return;
    const key = `${parentId}\u0000${childId}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ parentId, childId, operation: operation ?? null });
  };

  // Ancestor rows carry the link to *their* parent; the root's own link is the depth-1
  // ancestor. The root is not a CTE row, so its operation comes from the caller (opts).
  const parentOfRoot = ancestorNodes.find((n) => n.depth === 1);
  if (parentOfRoot) addEdge(parentOfRoot.id, rootId, opts.rootOperation);
  for (const n of ancestorNodes) addEdge(n.parentId, n.id, ancestors.get(n.id)?.operation);
  for (const n of descendantNodes) addEdge(n.parentId, n.id, descendants.get(n.id)?.operation);

  return { rootId, depth, ancestors: ancestorNodes, descendants: descendantNodes, edges, truncated };
}
