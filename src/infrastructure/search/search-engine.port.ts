import type { NormalizedFilter } from '../../modules/search/query';

/**
 * The engine-neutral document both adapters index. Built from Postgres by the search module's
 * document builder; status/kind are GraphQL enum names, colours/orientation lower case.
 */
export interface SearchDocument {
  id: string;
  workspaceId: string;
  projectId: string;
  status: string;
  kind: string;
  title: string | null;
  prompt: string | null;
  notes: string | null;
  tags: string[];
  /** Synonyms and ancestors of the tags: searchable, not filterable. */
  tagTerms: string[];
  model: string | null;
  provider: string | null;
  createdBy: string | null;
  approvedBy: string | null;
  colors: string[];
  orientation: string | null;
  aiGenerated: boolean | null;
  createdAt: Date;
  approvedAt: Date | null;
  statusChangedAt: Date | null;
  stackId: string | null;
  isPick: boolean;
  /** 16 hex digits (64-bit perceptual hash). */
  phash: string | null;
  /** Visual descriptor (any length); adapters normalise it. */
  descriptor: number[] | null;
  /** The asset row's version when read: a stale write never overwrites a newer one. */
  version: number;
}

export type SearchFacetField = 'status' | 'model' | 'tags' | 'projectId' | 'kind' | 'colors' | 'createdBy';
export type SearchSortField = 'relevance' | 'createdAt' | 'approvedAt' | 'statusChangedAt';

export interface EngineQuery {
  /** Always set by the server from the caller's principal. */
  workspaceId: string;
  /** Free text (quoted phrases keep their quotes); '' for none. */
  text: string;
  /** Project refs resolved; matchesNothing handled by the caller. */
  filter: NormalizedFilter;
  sort: { field: SearchSortField; direction: 'ASC' | 'DESC' };
  limit: number;
  /** Opaque cursor this adapter produced. */
  after: string | null;
  facets: SearchFacetField[];
  /** Only these asset ids may match (near duplicates, resolved by the service). */
  restrictToIds?: string[];
  /** Rank by cosine similarity to this descriptor (similarTo); `excludeId` is the reference asset. */
  similarTo?: { vector: number[]; excludeId: string };
}

export interface EngineHit {
  id: string;
  score: number | null;
  cursor: string;
}

export interface EngineResult {
  totalHits: number;
  /** False when totalHits is an estimate (large match sets; docs/search.md, "Totals"). */
  totalHitsExact: boolean;
  hits: EngineHit[];
  hasNextPage: boolean;
  facets: { field: SearchFacetField; values: { value: string; count: number }[] }[];
}

export interface ReindexProgress {
  (done: number): Promise<void> | void;
}

export interface SearchEnginePort {
  readonly kind: 'postgres' | 'meilisearch';
  /** Idempotent: index settings / schema checks. */
  setup(): Promise<void>;
  upsert(docs: SearchDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /**
   * `pageReady`, when given, may be called once with the page's hit ids as soon as they are known,
   * before the total and facets are (the caller can start loading the hits meanwhile). The result
   * is the same either way.
   */
  search(q: EngineQuery, pageReady?: (ids: string[]) => void): Promise<EngineResult>;
  /**
   * Rebuilds the whole index from `batches` while searches keep answering from the old state,
   * then makes the new state current (swap). See docs/search.md.
   */
  rebuild(batches: AsyncIterable<SearchDocument[]>, progress: ReindexProgress): Promise<void>;
  ping(): Promise<void>;
  /** Releases what the adapter opened itself (connections), at shutdown. */
  close?(): Promise<void>;
}

/** DI token of the configured engine. */
export const SEARCH_ENGINE = Symbol('SEARCH_ENGINE');

/** Thrown for a cursor the adapter did not produce or that belongs to another sort. */
export class BadCursorError extends Error {}

/** Unit-length copy of a vector (cosine similarity becomes a dot product); null for a zero vector. */
export function normalizeVector(v: readonly number[] | null | undefined): number[] | null {
  if (!v || v.length === 0) return null;
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (!Number.isFinite(norm) || norm === 0) return null;
  return v.map((x) => x / norm);
}
