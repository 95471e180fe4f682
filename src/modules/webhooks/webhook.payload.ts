import { toGlobalId } from '../../common/graphql/global-id';
import type { OutboxEntity } from '../../infrastructure/outbox/outbox.entity';
import type { AssetEventEntity } from '../assets/asset-event.entity';

/**
 * The JSON body of a delivery. Built from the outbox row (immutable), so every retry sends the same
 * bytes; `id` is the receiver's idempotency key. Ids are the API's global ids.
 */
export function webhookBody(row: OutboxEntity, events: AssetEventEntity[]): string {
  const isAsset = row.topic.startsWith('asset.') && row.aggregateId;
  return JSON.stringify({
    id: row.id,
    event: row.topic,
    createdAt: row.createdAt.toISOString(),
    workspaceId: row.workspaceId,
    assetId: isAsset ? toGlobalId('Asset', row.aggregateId!) : null,
    data: row.payload,
    assetEvents: events.map((e) => ({
      id: toGlobalId('AssetEvent', e.id),
      type: e.type,
      at: e.at.toISOString(),
      assetId: e.assetId ? toGlobalId('Asset', e.assetId) : null,
      projectId: e.projectId ? toGlobalId('Project', e.projectId) : null,
      actorId: e.actorId,
      data: e.data,
    })),
  });
}
