import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badUserInput } from '../../common/errors/app-errors';
import { AssetEventEntity } from '../assets/asset-event.entity';

export interface EventFilter {
  projectId?: string;
  assetId?: string;
  types?: string[];
  actorId?: string;
  since?: Date;
  until?: Date;
}

/** Event cursors are the event id (an identity column): strictly increasing, unique, stable. */
export function encodeEventCursor(id: string): string {
  return Buffer.from(`e:${id}`).toString('base64url');
}

export function decodeEventCursor(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  const m = /^e:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw badUserInput('after is not a valid cursor', { field: 'after' });
  return m[1];
}

/**
 * Reads of the append-only audit trail (asset_event), oldest first, keyset-paginated on id.
 * There is deliberately no update or delete here or anywhere in the API.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One page (+1 row to detect more) of the workspace's events matching the filter. */
  page(workspaceId: string, filter: EventFilter, limit: number, afterId: string | null): Promise<AssetEventEntity[]> {
    const q = this.db.getRepository(AssetEventEntity).createQueryBuilder('e').where('e.workspace_id = :workspaceId', { workspaceId });
    if (filter.projectId) q.andWhere('e.project_id = :projectId', { projectId: filter.projectId });
    if (filter.assetId) q.andWhere('e.asset_id = :assetId', { assetId: filter.assetId });
    if (filter.types?.length) q.andWhere('e.type = ANY(:types)', { types: filter.types });
    if (filter.actorId) q.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.since) q.andWhere('e.at >= :since', { since: filter.since });
    if (filter.until) q.andWhere('e.at < :until', { until: filter.until });
    if (afterId) q.andWhere('e.id > :afterId', { afterId });
    return q.orderBy('e.id', 'ASC').limit(limit + 1).getMany();
  }

  /** The first `limit + 1` events after `afterId` of each asset, in one query (asset.events on a list). */
  async pageForAssets(workspaceId: string, assetIds: readonly string[], limit: number, afterId: string | null): Promise<AssetEventEntity[]> {
    if (!assetIds.length) return [];
    const ids = await this.db.query(
      `SELECT id FROM (
         SELECT e.id, row_number() OVER (PARTITION BY e.asset_id ORDER BY e.id) AS rn
           FROM asset_event e
          WHERE e.workspace_id = $1 AND e.asset_id = ANY($2) AND ($3::bigint IS NULL OR e.id > $3::bigint)
       ) ranked WHERE rn <= $4`,
      [workspaceId, assetIds, afterId, limit + 1],
    );
    if (!ids.length) return [];
    return this.db
      .getRepository(AssetEventEntity)
      .createQueryBuilder('e')
      .where('e.id = ANY(:ids)', { ids: ids.map((r: { id: string }) => r.id) })
      .orderBy('e.id', 'ASC')
      .getMany();
  }

  findById(workspaceId: string, id: string): Promise<AssetEventEntity | null> {
    if (!/^\d{1,19}$/.test(id)) return Promise.resolve(null);
    return this.db.getRepository(AssetEventEntity).findOneBy({ workspaceId, id });
  }
}
