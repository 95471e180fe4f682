import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
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
