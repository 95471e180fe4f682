import { countSql, kmvEstimate, sliceBound, sliceDocuments, totalFromCount } from './postgres-search.count';

const MIN = -2147483648;
const SPACE = 4294967296;

/** Deterministic uniform int32 hashes (mulberry32), standing in for uuid_hash of random ids. */
function hashes(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) + MIN;
  };
}

/** The estimate the count statement's row leads to, for `matches` documents with random hashes. */
function estimateFor(matches: number, cap: number, next: () => number): number {
  const hs = Array.from({ length: matches }, next).sort((a, b) => a - b);
  const k = Math.min(cap + 1, matches);
  return totalFromCount({ n: k, kth: hs[k - 1], exact: null }, cap).total;
}

describe('totals: exact up to the cap, estimated above', () => {
  it('is exact at the cap and when the statement counted exactly', () => {
    expect(totalFromCount({ n: 1000, kth: 5, exact: null }, 1000)).toEqual({ total: 1000, exact: true });
    expect(totalFromCount({ n: 0, kth: null, exact: null }, 1000)).toEqual({ total: 0, exact: true });
    // The probe skipped the hash search: only the exact count is there.
    expect(totalFromCount({ n: null, kth: null, exact: 42 }, 1000)).toEqual({ total: 42, exact: true });
    // Too few matches in the sample slice: the statement counted them all.
    expect(totalFromCount({ n: 300, kth: 12, exact: 2500 }, 1000)).toEqual({ total: 2500, exact: true });
  });

  it('estimates from cap+1 matches and never reports fewer than cap+1', () => {
    const above = totalFromCount({ n: 1001, kth: MIN + Math.round((1001 / 30000) * SPACE) - 1, exact: null }, 1000);
    expect(above.exact).toBe(false);
    expect(above.total).toBeGreaterThan(29900);
    expect(above.total).toBeLessThan(30000);
    // The (cap+1)-th smallest hash at the very top of the space: just over the cap, not below it.
    expect(totalFromCount({ n: 1001, kth: 2147483647, exact: null }, 1000)).toEqual({ total: 1001, exact: false });
  });

  it('is unbiased with a relative error of about 1/sqrt(cap) (simulated, cap 1000)', () => {
    const next = hashes(42);
    for (const matches of [1500, 30_897, 200_000]) {
      const errors = Array.from({ length: 120 }, () => estimateFor(matches, 1000, next) / matches - 1);
      const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
      const rms = Math.sqrt(errors.reduce((a, b) => a + b * b, 0) / errors.length);
      // Standard error of the k-th smallest of `matches` uniform hashes: sqrt((1 - k/M) / (k - 2)),
      // 3.2% for large sets (1/sqrt(999)), less when the set is barely larger than k.
      const expected = Math.sqrt((1 - 1001 / matches) / 999);
      expect(Math.abs(mean)).toBeLessThan(expected / 2); // no bias beyond noise (the mean of 120 has sd expected/11)
      expect(rms).toBeGreaterThan(expected * 0.7);
      expect(rms).toBeLessThan(expected * 1.3);
      expect(Math.max(...errors.map(Math.abs))).toBeLessThan(expected * 4.5);
    }
  });

  it('kmvEstimate is (k-1)/U with U the share of the hash space up to the k-th hash', () => {
    expect(kmvEstimate(1001, MIN + SPACE / 2 - 1)).toBe(2000);
    expect(kmvEstimate(11, MIN + SPACE / 10 - 1)).toBe(100);
  });

  it('sizes the sample slice at about sqrt(cap x documents), the whole hash space for small workspaces', () => {
    expect(sliceBound(1000, 0)).toBe(2147483648);
    expect(sliceBound(1000, 1000)).toBe(2147483648);
    const share = (b: number) => (b - MIN) / SPACE;
    expect(share(sliceBound(1000, 100_000))).toBeCloseTo(0.1, 6);
    expect(share(sliceBound(1000, 1_000_000))).toBeCloseTo(Math.sqrt(0.001), 6);
  });

  it('builds one statement: the k smallest hashes in the slice when the probe says they exist, else (or when short) the exact count', () => {
    const sql = countSql('search_document d', 'd.workspace_id = $1::uuid AND d.status = ANY($2::text[])', '$3::int8', 1000, '(probe) >= 31');
    expect(sql).toContain('ORDER BY 1 LIMIT 1001');
    expect(sql).toContain('uuid_hash(d.asset_id) < $3::int8');
    expect(sql).toContain('SELECT (probe) >= 31 AS yes');
    const exact = '(SELECT count(*)::int FROM search_document d WHERE d.workspace_id = $1::uuid AND d.status = ANY($2::text[]))';
    expect(sql).toContain(`CASE WHEN NOT (SELECT yes FROM dense) THEN ${exact}`);
    expect(sql).toContain(`WHEN (SELECT n FROM s) < 1001 AND $3::int8 < 2147483648 THEN ${exact} END AS exact`);
    // Without a probe the hash search is always tried.
    expect(countSql('search_document d', 'true', '$1', 10)).toContain('SELECT true AS yes');
  });

  it('counts the documents in the slice for the probe threshold', () => {
    expect(sliceDocuments(1000, 100_000)).toBeCloseTo(10_000, 6);
    expect(sliceDocuments(1000, 500)).toBe(500);
  });
});
