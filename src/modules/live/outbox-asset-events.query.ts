import type { EntityManager } from 'typeorm';
import { AssetEventEntity } from '../assets/asset-event.entity';

export interface CorrelatedAssetEvent {
  outboxId: string;
  event: AssetEventEntity;
}

/**
 * The asset_event rows written in the same transaction as the given outbox rows. Writers append the
 * event and the outbox row together and neither sets its timestamp, so both carry the transaction's
 * now(): same aggregate (asset) + same instant identifies them without a shared column. An explicit
 * `payload.eventId` wins when a writer supplies one. Ordered by event id (the audit trail's order).
 */
export async function assetEventsForOutbox(db: EntityManager, outboxIds: readonly string[]): Promise<CorrelatedAssetEvent[]> {
  if (!outboxIds.length) return [];
  // Two index-friendly halves (asset_event PK; ix_asset_event_asset) rather than one OR-join.
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT o.id AS outbox_id, e.id, e.workspace_id, e.project_id, e.asset_id, e.type, e.actor_id, e.data, e.at
       FROM outbox o
       JOIN asset_event e ON e.id = CASE WHEN o.payload->>'eventId' ~ '^[0-9]{1,18}$' THEN (o.payload->>'eventId')::bigint END
                        AND e.workspace_id = o.workspace_id
      WHERE o.id = ANY($1::bigint[]) AND o.payload->>'eventId' ~ '^[0-9]{1,18}$'
     UNION ALL
     SELECT o.id, e.id, e.workspace_id, e.project_id, e.asset_id, e.type, e.actor_id, e.data, e.at
       FROM outbox o
       JOIN asset_event e ON e.asset_id = o.aggregate_id AND e.at = o.created_at AND e.workspace_id = o.workspace_id
      WHERE o.id = ANY($1::bigint[]) AND NOT coalesce(o.payload->>'eventId' ~ '^[0-9]{1,18}$', false)
      ORDER BY id`,
    [outboxIds],
  );
  return rows.map((r) => ({
    outboxId: String(r.outbox_id),
    event: Object.assign(new AssetEventEntity(), {
      id: String(r.id),
      workspaceId: r.workspace_id as string,
      projectId: (r.project_id as string | null) ?? null,
      assetId: (r.asset_id as string | null) ?? null,
      type: r.type as string,
      actorId: (r.actor_id as string | null) ?? null,
      data: (r.data as Record<string, unknown>) ?? {},
      at: r.at as Date,
    }),
  }));
}
