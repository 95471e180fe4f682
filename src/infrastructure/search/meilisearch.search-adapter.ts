import { Logger } from '@nestjs/common';
import { Meilisearch } from 'meilisearch';
import type { RecordAny, SearchParams } from 'meilisearch';
import { buildMeiliFilter, escapeMeiliValue } from '../../modules/search/query';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor';
import {
  EngineQuery,
  EngineResult,
  normalizeVector,
  ReindexProgress,
  SearchDocument,
  SearchEnginePort,
} from './search-engine.port';
import { MEILI_EMBEDDER, MEILI_MAX_TOTAL_HITS, meiliSettings, settingsMatch } from './meilisearch.settings';
import { FACET_LIMIT } from './postgres-search.query';

export interface MeiliOptions {
  url: string;
  apiKey: string | null;
  index: string;
  descriptorDims: number;
  /** Synonym map from the vocabulary (read at setup time). */
  synonyms: () => Promise<Record<string, string[]>>;
}

/** The Meilisearch document: times as epoch ms, enums as GraphQL names, the descriptor as a user-provided vector. */
export function toMeiliDocument(d: SearchDocument): RecordAny {
  const vector = normalizeVector(d.descriptor);
  return {
    id: d.id, workspaceId: d.workspaceId, projectId: d.projectId, status: d.status, kind: d.kind,
    title: d.title, prompt: d.prompt, notes: d.notes, tags: d.tags.map((t) => t.toLowerCase()), tagTerms: d.tagTerms,
    model: d.model, provider: d.provider, createdBy: d.createdBy, approvedBy: d.approvedBy,
    colors: d.colors.map((c) => c.toLowerCase()), orientation: d.orientation, aiGenerated: d.aiGenerated,
    createdAt: d.createdAt.getTime(), approvedAt: d.approvedAt?.getTime() ?? null, statusChangedAt: d.statusChangedAt?.getTime() ?? null,
    stackId: d.stackId, isPick: d.isPick, phash: d.phash, version: d.version,
    _vectors: { [MEILI_EMBEDDER]: vector && vector.length === 0 ? null : vector },
  };
}

/**
 * Builds the search request (pure, unit-tested): the workspace filter comes first from
 * buildMeiliFilter, extra id clauses are escaped, and time sorts page with a key filter + offset
 * within equal keys so newer inserts do not shift later pages.
 */
export function meiliSearchRequest(q: EngineQuery): { text: string; params: SearchParams; keyField: string | null; offsetBase: number } {
  const filter = buildMeiliFilter(q.workspaceId, q.filter);
  if (q.restrictToIds) filter.push(`id IN [${q.restrictToIds.map((id) => `"${escapeMeiliValue(id)}"`).join(', ')}]`);
  if (q.similarTo) filter.push(`id != "${escapeMeiliValue(q.similarTo.excludeId)}"`);
  const params: SearchParams = {
    filter,
    limit: q.limit + 1,
    showRankingScore: true,
    attributesToRetrieve: ['id', 'createdAt', 'approvedAt', 'statusChangedAt'],
  };
  if (q.facets.length) params.facets = [...q.facets];
  if (q.similarTo) {
    params.vector = normalizeVector(q.similarTo.vector);
    params.hybrid = { embedder: MEILI_EMBEDDER, semanticRatio: 1 };
  }
  let keyField: string | null = null;
  let offsetBase = 0;
  if (q.sort.field !== 'relevance') {
    keyField = q.sort.field;
    params.sort = [`${keyField}:${q.sort.direction.toLowerCase()}`];
  }
  if (q.after) {
    const c = decodeSearchCursor(q.after, q.sort.field, q.sort.direction);
    offsetBase = c.offset ?? 0;
    if (keyField && c.key !== null) {
      const key = Number(c.key);
      if (!Number.isSafeInteger(key)) throw new Error('bad cursor key');
      filter.push(`${keyField} ${q.sort.direction === 'DESC' ? '<=' : '>='} ${key}`);
    }
    params.offset = offsetBase;
  }
  return { text: q.text, params, keyField, offsetBase };
}

/**
 * Whether Meilisearch's estimatedTotalHits is the exact match count. Meilisearch (v1.x,
 * `perform_search`) reports min(candidates, maxTotalHits) in both pagination modes; the exhaustive
 * mode (`page`/`hitsPerPage`) only changes the count when a distinct attribute is set, which this
 * index has none of. So the count is exact below maxTotalHits, unless the search was cut short
 * (`degraded`, search cutoff) or is a vector search (similarTo: its candidates are every document
 * with a vector, not the similar ones).
 */
export function meiliTotalIsExact(q: EngineQuery, totalHits: number, degraded: boolean): boolean {
  return !q.similarTo && !degraded && totalHits < MEILI_MAX_TOTAL_HITS;
}

export class MeilisearchSearchAdapter implements SearchEnginePort {
  readonly kind = 'meilisearch' as const;
  private readonly logger = new Logger('MeilisearchSearch');
  private readonly client: Meilisearch;

  constructor(private readonly opts: MeiliOptions) {
    this.client = new Meilisearch({ host: opts.url, apiKey: opts.apiKey ?? undefined });
  }

  async ping(): Promise<void> {
    await this.client.health();
  }

  async setup(): Promise<void> {
    await this.setupIndex(this.opts.index);
  }

  /** Idempotent: creates the index if missing, updates settings only when they differ (true when it did). */
  async setupIndex(uid: string): Promise<boolean> {
    const wanted = meiliSettings({ synonyms: await this.opts.synonyms(), descriptorDims: this.opts.descriptorDims });
    try {
      await this.client.getIndex(uid);
    } catch {
      await this.client.createIndex(uid, { primaryKey: 'id' }).waitTask();
    }
    const live = await this.client.index(uid).getSettings();
    if (settingsMatch(wanted, live)) return false;
    const task = await this.client.index(uid).updateSettings(wanted).waitTask();
    if (task.status !== 'succeeded') throw new Error(`meilisearch settings update ${task.status}: ${task.error?.message ?? ''}`);
    this.logger.log(`applied settings to index ${uid}`);
    return true;
  }

  async upsert(docs: SearchDocument[], uid = this.opts.index): Promise<void> {
    if (!docs.length) return;
    const task = await this.client.index(uid).addDocuments(docs.map(toMeiliDocument), { primaryKey: 'id' }).waitTask();
    if (task.status !== 'succeeded') throw new Error(`meilisearch indexing ${task.status}: ${task.error?.message ?? ''}`);
  }

  async remove(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const task = await this.client.index(this.opts.index).deleteDocuments(ids).waitTask();
    if (task.status !== 'succeeded') throw new Error(`meilisearch deletion ${task.status}: ${task.error?.message ?? ''}`);
  }

  /** Builds a fresh index beside the live one, then swaps them atomically and drops the old one. */
  async rebuild(batches: AsyncIterable<SearchDocument[]>, progress: ReindexProgress): Promise<void> {
    const tmp = `${this.opts.index}_reindex_${Date.now()}`;
    await this.setupIndex(this.opts.index);
    await this.setupIndex(tmp);
    let done = 0;
    try {
      for await (const batch of batches) {
        await this.upsert(batch, tmp);
        done += batch.length;
        await progress(done);
      }
      const swap = await this.client.swapIndexes([{ indexes: [this.opts.index, tmp], rename: false }]).waitTask();
      if (swap.status !== 'succeeded') throw new Error(`meilisearch swap ${swap.status}: ${swap.error?.message ?? ''}`);
    } finally {
      await this.client.deleteIndexIfExists(tmp).catch(() => undefined);
    }
  }

  async search(q: EngineQuery): Promise<EngineResult> {
    const req = meiliSearchRequest(q);
    const res = await this.client.index(this.opts.index).search(req.text, req.params);
    const raw = res.hits.slice(0, q.limit);
    let prevKey: string | null = null;
    let sameKeyCount = 0;
    if (q.after && req.keyField) {
      const c = decodeSearchCursor(q.after, q.sort.field, q.sort.direction);
      prevKey = c.key;
      sameKeyCount = c.offset ?? 0;
    }
    const hits = raw.map((h, i) => {
      let cursor: string;
      if (req.keyField) {
        const key = h[req.keyField] === null || h[req.keyField] === undefined ? null : String(h[req.keyField]);
        // Offset counts the hits already returned with this same key (the filter keeps them in).
        sameKeyCount = key === prevKey ? sameKeyCount + 1 : 1;
        prevKey = key;
        cursor = encodeSearchCursor({ sort: q.sort.field, dir: q.sort.direction, score: null, key, id: h.id, offset: key === null ? req.offsetBase + i + 1 : sameKeyCount });
      } else {
        cursor = encodeSearchCursor({ sort: q.sort.field, dir: q.sort.direction, score: null, key: null, id: h.id, offset: req.offsetBase + i + 1 });
      }
      return { id: String(h.id), score: typeof h._rankingScore === 'number' ? h._rankingScore : null, cursor };
    });
    const dist = res.facetDistribution ?? {};
    const totalHits = res.estimatedTotalHits ?? hits.length;
    return {
      totalHits,
      totalHitsExact: meiliTotalIsExact(q, totalHits, (res as { degraded?: boolean }).degraded === true),
      hits,
      hasNextPage: res.hits.length > q.limit,
      facets: q.facets.map((field) => ({
        field,
        values: Object.entries(dist[field] ?? {})
          .map(([value, count]) => ({ value, count }))
          .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
          .slice(0, FACET_LIMIT),
      })),
    };
  }
}
