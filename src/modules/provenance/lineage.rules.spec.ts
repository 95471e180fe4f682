import { LineageRow, MAX_LINEAGE_DEPTH, assembleLineage, clampLineageDepth, wouldCreateCycle } from './lineage.rules';

/** child → parent, standing in for asset.parent_id. */
type ParentMap = Record<string, string | null>;

/** What an uncapped ancestor CTE (UNION + cycle guard) returns. */
function ancestorsFrom(parents: ParentMap) {
  const calls: string[] = [];
  const fn = async (id: string): Promise<string[]> => {
    calls.push(id);
    const out: string[] = [];
    for (let p = parents[id] ?? null; p !== null && !out.includes(p); p = parents[p] ?? null) out.push(p);
    return out;
  };
  return { fn, calls };
}

/** What the lineage CTE returns: rows up to depth + 1 each way (UNION ALL, depth-bounded). */
function cteRows(parents: ParentMap, rootId: string, depth: number, operations: Record<string, string> = {}): LineageRow[] {
  const rows: LineageRow[] = [];
  let cur = parents[rootId] ?? null;
  for (let d = 1; cur !== null && d <= depth + 1; d++) {
    rows.push({ id: cur, parentId: parents[cur] ?? null, depth: d, direction: 'ancestor', operation: operations[cur] ?? null });
    cur = parents[cur] ?? null;
  }
  let frontier = [rootId];
  for (let d = 1; frontier.length > 0 && d <= depth + 1; d++) {
    const next = Object.keys(parents).filter((id) => parents[id] !== null && frontier.includes(parents[id] as string));
    for (const id of next) rows.push({ id, parentId: parents[id] ?? null, depth: d, direction: 'descendant', operation: operations[id] ?? null });
    frontier = next;
  }
  return rows;
}

//        a
//       / \
//      b   c
//     / \   \
//    d   e   f
//    |
//    g
const TREE: ParentMap = { a: null, b: 'a', c: 'a', d: 'b', e: 'b', f: 'c', g: 'd', x: null };

describe('wouldCreateCycle', () => {
  it.each([
    ['b', 'b', true], // own parent
    ['a', 'g', true], // root under its great-grandchild
    ['b', 'd', true], // under its own child
    ['b', 'g', true], // under its grandchild
    ['d', 'c', false], // move to an uncle
    ['d', 'e', false], // under a sibling
    ['g', 'a', false], // re-parent to an existing ancestor (shortcut), no loop
    ['x', 'g', false], // unrelated root joins the tree
    ['a', 'x', false], // tree root under an unrelated asset
  ])('child %s under new parent %s → %s', async (child, parent, expected) => {
    const { fn } = ancestorsFrom(TREE);
    await expect(wouldCreateCycle(child, parent, fn)).resolves.toBe(expected);
  });

  it('asks for the ancestors of the new parent once, and not at all for a self-link', async () => {
    const a = ancestorsFrom(TREE);
    await wouldCreateCycle('c', 'g', a.fn);
    expect(a.calls).toEqual(['g']);
    const b = ancestorsFrom(TREE);
    await wouldCreateCycle('c', 'c', b.fn);
    expect(b.calls).toEqual([]);
  });

  it('finds a loop deeper than the lineage depth cap', async () => {
    const chain: ParentMap = { n0: null };
    for (let i = 1; i <= 25; i++) chain[`n${i}`] = `n${i - 1}`;
    await expect(wouldCreateCycle('n0', 'n25', ancestorsFrom(chain).fn)).resolves.toBe(true);
  });

  it('propagates a failing lookup instead of guessing', async () => {
    await expect(wouldCreateCycle('a', 'b', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
  });
});

describe('clampLineageDepth', () => {
  it('defaults to the maximum and clamps above it', () => {
    expect(MAX_LINEAGE_DEPTH).toBe(10);
    expect(clampLineageDepth()).toBe(10);
    expect(clampLineageDepth(null)).toBe(10);
    expect(clampLineageDepth(0)).toBe(0);
    expect(clampLineageDepth(3)).toBe(3);
    expect(clampLineageDepth(50)).toBe(10);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p', (d) => {
    expect(() => clampLineageDepth(d)).toThrow(RangeError);
  });
});

describe('assembleLineage', () => {
  it('assembles ancestors, descendants and edges of a middle node', () => {
    const ops = { b: 'variation', d: 'inpaint', e: 'upscale', g: 'img2img' };
    const lineage = assembleLineage('b', cteRows(TREE, 'b', 10, ops), { depth: 10, rootOperation: 'variation' });
    expect(lineage).toEqual({
      rootId: 'b',
      depth: 10,
      ancestors: [{ id: 'a', depth: 1, parentId: null }],
      descendants: [
        { id: 'd', depth: 1, parentId: 'b' },
        { id: 'e', depth: 1, parentId: 'b' },
        { id: 'g', depth: 2, parentId: 'd' },
      ],
      edges: [
        { parentId: 'a', childId: 'b', operation: 'variation' },
        { parentId: 'b', childId: 'd', operation: 'inpaint' },
        { parentId: 'b', childId: 'e', operation: 'upscale' },
        { parentId: 'd', childId: 'g', operation: 'img2img' },
      ],
      truncated: { ancestors: false, descendants: false },
    });
  });

  it('gives a lone asset an empty lineage', () => {
    expect(assembleLineage('x', cteRows(TREE, 'x', 10))).toEqual({
      rootId: 'x',
      depth: 10,
      ancestors: [],
      descendants: [],
      edges: [],
      truncated: { ancestors: false, descendants: false },
    });
  });

  it('orders ancestors nearest first and links the chain', () => {
    const lineage = assembleLineage('g', cteRows(TREE, 'g', 10));
    expect(lineage.ancestors.map((n) => n.id)).toEqual(['d', 'b', 'a']);
    expect(lineage.edges.map((e) => `${e.parentId}>${e.childId}`)).toEqual(['d>g', 'b>d', 'a>b']);
    expect(lineage.edges.every((e) => e.operation === null)).toBe(true);
  });

  it('respects a smaller depth and reports truncation per side', () => {
    const lineage = assembleLineage('b', cteRows(TREE, 'b', 1), { depth: 1 });
    expect(lineage.ancestors.map((n) => n.id)).toEqual(['a']);
    expect(lineage.descendants.map((n) => n.id)).toEqual(['d', 'e']);
    expect(lineage.truncated).toEqual({ ancestors: false, descendants: true });
    // g is beyond the cap, so no edge may point at it.
    expect(lineage.edges.map((e) => `${e.parentId}>${e.childId}`)).toEqual(['a>b', 'b>d', 'b>e']);
  });

  it('depth 0 returns only the root, flagging that more exists', () => {
    const lineage = assembleLineage('b', cteRows(TREE, 'b', 0), { depth: 0 });
    expect(lineage.ancestors).toEqual([]);
    expect(lineage.descendants).toEqual([]);
    expect(lineage.edges).toEqual([]);
    expect(lineage.truncated).toEqual({ ancestors: true, descendants: true });
  });

  it('caps a long chain at MAX_LINEAGE_DEPTH even when asked for more', () => {
    const chain: ParentMap = { n0: null };
    for (let i = 1; i <= 30; i++) chain[`n${i}`] = `n${i - 1}`;
    const fromTop = assembleLineage('n0', cteRows(chain, 'n0', 10), { depth: 99 });
    expect(fromTop.depth).toBe(10);
    expect(fromTop.descendants.map((n) => n.id)).toEqual(Array.from({ length: 10 }, (_, i) => `n${i + 1}`));
    expect(fromTop.truncated).toEqual({ ancestors: false, descendants: true });
    expect(fromTop.edges).toHaveLength(10);

    const fromBottom = assembleLineage('n30', cteRows(chain, 'n30', 10));
    expect(fromBottom.ancestors.map((n) => n.depth)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(fromBottom.ancestors[9]?.id).toBe('n20');
    expect(fromBottom.truncated).toEqual({ ancestors: true, descendants: false });

    const exactlyTen = assembleLineage('n10', cteRows(chain, 'n10', 10));
    expect(exactlyTen.ancestors).toHaveLength(10);
    expect(exactlyTen.truncated.ancestors).toBe(false);
  });

  it('ignores extra rows past the cap even if the query fetched them', () => {
    const chain: ParentMap = { n0: null };
    for (let i = 1; i <= 30; i++) chain[`n${i}`] = `n${i - 1}`;
    const lineage = assembleLineage('n0', cteRows(chain, 'n0', 29), { depth: 3 });
    expect(lineage.descendants.map((n) => n.id)).toEqual(['n1', 'n2', 'n3']);
    expect(lineage.truncated.descendants).toBe(true);
  });

  it('keeps each asset once, at its smallest depth, whatever the row order', () => {
    const rows: LineageRow[] = [
      { id: 'g', parentId: 'd', depth: 2, direction: 'descendant' },
      { id: 'd', parentId: 'b', depth: 1, direction: 'descendant' },
      { id: 'd', parentId: 'b', depth: 1, direction: 'descendant' },
      { id: 'g', parentId: 'd', depth: 3, direction: 'descendant' },
    ];
    const lineage = assembleLineage('b', rows, { depth: 5 });
    expect(lineage.descendants).toEqual([
      { id: 'd', depth: 1, parentId: 'b' },
      { id: 'g', depth: 2, parentId: 'd' },
    ]);
    expect(lineage.edges).toHaveLength(2);
  });

  it('survives a corrupt cycle in the data without listing anything twice', () => {
    // p and q point at each other and r hangs off q: what a bad write could leave behind.
    const rows: LineageRow[] = [
      { id: 'q', parentId: 'p', depth: 1, direction: 'ancestor' },
      { id: 'p', parentId: 'q', depth: 2, direction: 'ancestor' }, // p is the root again
      { id: 'q', parentId: 'p', depth: 3, direction: 'ancestor' },
      { id: 'q', parentId: 'p', depth: 1, direction: 'descendant' }, // already an ancestor
      { id: 'r', parentId: 'q', depth: 2, direction: 'descendant' },
      { id: 'p', parentId: 'q', depth: 2, direction: 'descendant' },
    ];
    const lineage = assembleLineage('p', rows, { depth: 10 });
    expect(lineage.ancestors.map((n) => n.id)).toEqual(['q']);
    expect(lineage.descendants.map((n) => n.id)).toEqual(['r']);
    expect(lineage.edges.map((e) => `${e.parentId}>${e.childId}`).sort()).toEqual(['p>q', 'q>p', 'q>r']);
  });

  it('skips rows with a nonsensical depth', () => {
    const rows: LineageRow[] = [
      { id: 'b', parentId: 'a', depth: 0, direction: 'ancestor' },
      { id: 'z', parentId: 'b', depth: 1.5, direction: 'descendant' },
    ];
    expect(assembleLineage('b', rows).ancestors).toEqual([]);
    expect(assembleLineage('b', rows).descendants).toEqual([]);
  });
});
