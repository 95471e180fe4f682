import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxEntity } from './outbox.entity';

export interface OutboxMessage {
  workspaceId: string;
  /** e.g. asset.ingested, asset.status_changed: consumers (search, webhooks) subscribe by topic. */
  topic: string;
  aggregateId?: string | null;
  payload?: Record<string, unknown>;
}

/** Writes outbox rows inside the caller's transaction: the change and its message commit together. */
@Injectable()
export class OutboxService {
  async write(tx: EntityManager, messages: OutboxMessage | OutboxMessage[]): Promise<void> {
    const rows = (Array.isArray(messages) ? messages : [messages]).map((m) => ({
      workspaceId: m.workspaceId,
      topic: m.topic,
      aggregateId: m.aggregateId ?? null,
      payload: m.payload ?? {},
    }));
    if (rows.length) await tx.insert(OutboxEntity, rows as QueryDeepPartialEntity<OutboxEntity>[]);
  }
}
