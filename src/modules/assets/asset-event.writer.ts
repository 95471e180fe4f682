import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { OutboxMessage } from '../../infrastructure/outbox/outbox.service';
import { AssetEventEntity } from './asset-event.entity';

export type AssetEventType =
  | 'INGESTED'
  | 'PROCESSED'
  | 'PROCESSING_FAILED'
  | 'STATUS_CHANGED'
  | 'COMMENTED'
  | 'COMMENT_RESOLVED'
  | 'COMMENT_REOPENED'
  | 'STACK_CHANGED'
  | 'TAGGED'
  | 'DERIVED'
  | 'MOVED';

export interface AssetEventInput {
  workspaceId: string;
  projectId: string | null;
  assetId: string | null;
  type: AssetEventType;
  actorId: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends to the audit trail inside the caller's transaction. Nothing updates or deletes these rows.
 * Returns the new event's id (writers may put it in their outbox payload as `eventId`).
 */
export async function appendAssetEvent(tx: EntityManager, event: AssetEventInput): Promise<string> {
  const res = await tx.insert(AssetEventEntity, { ...event, data: event.data ?? {} } as QueryDeepPartialEntity<AssetEventEntity>);
  return String(res.identifiers[0]?.id ?? '');
}

/**
 * appendAssetEvent and OutboxService.write in one statement (one round trip instead of two): the
 * event, then the messages in their order. Neither sets a timestamp, so all carry the
 * transaction's now(), as the live-event correlation expects. Returns the event's id.
 */
export async function appendAssetEventWithOutbox(tx: EntityManager, event: AssetEventInput, messages: readonly OutboxMessage[]): Promise<string> {
  const [row]: { id: string }[] = await tx.query(
    `WITH e AS (
       INSERT INTO asset_event (workspace_id, project_id, asset_id, type, actor_id, data) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
     ), o AS (
       INSERT INTO outbox (workspace_id, topic, aggregate_id, payload)
       SELECT (m->>'workspaceId')::uuid, m->>'topic', (m->>'aggregateId')::uuid, coalesce(m->'payload', '{}'::jsonb)
         FROM jsonb_array_elements($7::jsonb) WITH ORDINALITY AS x(m, n) ORDER BY n
     )
     SELECT id::text AS id FROM e`,
    [event.workspaceId, event.projectId, event.assetId, event.type, event.actorId, JSON.stringify(event.data ?? {}), JSON.stringify(messages)],
  );
  return row.id;
}
