import type { Settings } from 'meilisearch';
import { MEILI_FILTERABLE_ATTRIBUTES } from '../../modules/search/query';

export const MEILI_EMBEDDER = 'visual';

/** Searchable attributes, most important first (Meilisearch's `attribute` ranking rule uses this order). */
export const MEILI_SEARCHABLE = ['title', 'tags', 'tagTerms', 'prompt', 'notes'] as const;
export const MEILI_SORTABLE = ['createdAt', 'approvedAt', 'statusChangedAt'] as const;
/** pagination.maxTotalHits: Meilisearch counts matches up to this many (estimatedTotalHits is capped there). */
export const MEILI_MAX_TOTAL_HITS = 100_000;
export const MEILI_FACETS = ['status', 'model', 'tags', 'projectId', 'kind', 'colors', 'createdBy'] as const;

/**
 * The index settings, as one value: applied at boot and by `search:setup`, and compared with the
 * live settings first so an unchanged deployment does not trigger a re-index. `id` is filterable
 * on top of the query layer's allow-list for near-duplicate restriction and similarTo exclusion.
 */
export function meiliSettings(opts: { synonyms: Record<string, string[]>; descriptorDims: number }): Settings {
  return {
    searchableAttributes: [...MEILI_SEARCHABLE],
    filterableAttributes: [...new Set<string>([...MEILI_FILTERABLE_ATTRIBUTES, 'id'])].sort(),
    sortableAttributes: [...MEILI_SORTABLE],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'createdAt:desc'],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
    faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: MEILI_MAX_TOTAL_HITS },
    synonyms: opts.synonyms,
    embedders: { [MEILI_EMBEDDER]: { source: 'userProvided', dimensions: opts.descriptorDims } },
  };
}

/**
 * Synonym groups (a term's label and its synonyms) → Meilisearch's multi-way synonym map,
 * lower-cased, deduplicated, capped so a huge vocabulary cannot bloat the settings.
 */
export function synonymMap(groups: string[][], maxGroups = 5000): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const raw of groups.slice(0, maxGroups)) {
    const g = [...new Set(raw.map((w) => w.trim().toLowerCase()).filter(Boolean))];
    if (g.length < 2) continue;
    for (const w of g) {
      out[w] ??= new Set();
      for (const o of g) if (o !== w) out[w].add(o);
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
}

/** True when every key we set has the same value in `live` (order-insensitive where Meilisearch is). */
export function settingsMatch(wanted: Settings, live: Settings): boolean {
  const norm = (k: string, v: unknown): unknown => {
    if (Array.isArray(v) && ['filterableAttributes', 'sortableAttributes'].includes(k)) return [...(v as string[])].sort();
    return v;
  };
  return Object.entries(wanted).every(([k, v]) => {
    const have = norm(k, (live as Record<string, unknown>)[k]);
    // Synonyms must match exactly: a stale extra entry would keep expanding queries.
    return subset(norm(k, v), have) && (k !== 'synonyms' || subset(have ?? {}, v));
  });
}

function subset(want: unknown, have: unknown): boolean {
  if (want === null || typeof want !== 'object') return want === have;
  if (Array.isArray(want)) return Array.isArray(have) && want.length === have.length && want.every((w, i) => subset(w, have[i]));
  if (have === null || typeof have !== 'object') return false;
  return Object.entries(want as Record<string, unknown>).every(([k, v]) => subset(v, (have as Record<string, unknown>)[k]));
}
