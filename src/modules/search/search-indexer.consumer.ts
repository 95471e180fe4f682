import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { OutboxConsumer } from '../../infrastructure/outbox/outbox-consumer';
import { OutboxRelay } from '../../infrastructure/outbox/outbox-relay.service';
import type { OutboxEntity } from '../../infrastructure/outbox/outbox.entity';
import { SEARCH_ENGINE, SearchEnginePort } from '../../infrastructure/search/search-engine.port';
import { emptyFilter } from './query';
import { SearchDocumentBuilder } from './search-document.builder';

const CHUNK = 500;

/**
 * Keeps the engine in step with Postgres: every asset.* outbox row (ingested, processed, index,
 * status_changed, commented, tagged, …) re-reads the asset's current state and upserts or removes
 * its document, so redelivery and reordering are harmless. A failing engine throws: the relay
 * keeps the rows pending and retries with backoff — nothing is lost while the engine is down.
 */
@Injectable()
export class SearchIndexer implements OutboxConsumer, OnModuleInit {
  readonly name = 'search';
  readonly topics = '*' as const;
  private readonly logger = new Logger('SearchIndexer');

  constructor(
    private readonly relay: OutboxRelay,
    private readonly builder: SearchDocumentBuilder,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEnginePort,
  ) {}

  onModuleInit(): void {
    this.relay.register(this);
  }

  async handle(rows: OutboxEntity[]): Promise<void> {
    const ids = new Set<string>();
    for (const r of rows) {
      if (r.topic.startsWith('asset.') && r.aggregateId) ids.add(r.aggregateId);
      else if (r.topic === 'stack.changed') for (const id of await this.stackMembers(r)) ids.add(id);
    }
    if (ids.size) await this.sync([...ids]);
  }

  /** Upserts the live assets among `ids` and removes the rest from the index. */
  async sync(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const docs = await this.builder.build(chunk);
      await this.engine.upsert([...docs.values()]);
      const gone = chunk.filter((id) => !docs.has(id));
      if (gone.length) await this.engine.remove(gone);
    }
  }

  /** Current members (from the payload) plus the assets the index still files under the stack (members that left). */
  private async stackMembers(r: OutboxEntity): Promise<string[]> {
    const p = r.payload as { memberIds?: unknown; assetIds?: unknown; removedIds?: unknown };
    const listed = [p.memberIds, p.assetIds, p.removedIds].flatMap((v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []));
    if (!r.aggregateId) return listed;
    const indexed = await this.engine.search({
      workspaceId: r.workspaceId, text: '', filter: { ...emptyFilter(), stackId: r.aggregateId },
      sort: { field: 'createdAt', direction: 'DESC' }, limit: 200, after: null, facets: [],
    });
    return [...listed, ...indexed.hits.map((h) => h.id)];
  }
}
