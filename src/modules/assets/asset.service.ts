import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EntityRows } from '../../infrastructure/database/entity-rows';
import { preparedQuery } from '../../infrastructure/database/prepared-query';
import { AssetEntity } from './asset.entity';
import { BlobEntity } from './blob.entity';

/** Workspace-scoped reads of assets and their blobs. Every query filters by workspace_id. */
@Injectable()
export class AssetService {
  private readonly rows: EntityRows<AssetEntity>;
  private readonly blobRows: EntityRows<BlobEntity>;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.rows = new EntityRows(db, AssetEntity, 'a');
    this.blobRows = new EntityRows(db, BlobEntity, 'b');
  }

  private assets(workspaceId: string) {
    return this.db
      .getRepository(AssetEntity)
      .createQueryBuilder('a')
      .where('a.workspace_id = :workspaceId AND a.deleted_at IS NULL', { workspaceId });
  }

  findById(workspaceId: string, id: string): Promise<AssetEntity | null> {
    return this.assets(workspaceId).andWhere('a.id = :id', { id }).getOne();
  }

  /** The DataLoader's batch read (every GraphQL page of assets): a prepared statement, no query builder. */
  async findByIds(workspaceId: string, ids: readonly string[]): Promise<AssetEntity[]> {
    if (!ids.length) return [];
    return this.rows.find(this.db.manager, 'asset_find_by_ids', `WHERE a.workspace_id = $1 AND a.deleted_at IS NULL AND a.id = ANY($2::uuid[])`, [workspaceId, ids]);
  }

  /**
   * The asset with its blob, deleted or not, in one prepared statement (a processing job's read).
   * The blob must live in the asset's workspace: another workspace's would be a bug, never used.
   */
  async withBlob(workspaceId: string, id: string): Promise<{ asset: AssetEntity; blob: BlobEntity | null } | null> {
    const [row] = await preparedQuery<Record<string, unknown>>(
      this.db.manager,
      'asset_with_blob',
      `SELECT ${this.rows.select}, ${this.blobRows.select} FROM asset a LEFT JOIN blob b ON b.id = a.blob_id AND b.workspace_id = a.workspace_id
        WHERE a.id = $1 AND a.workspace_id = $2`,
      [id, workspaceId],
    );
    if (!row) return null;
    return { asset: this.rows.hydrate(row), blob: row.b_id ? this.blobRows.hydrate(row) : null };
  }

  /** Raw embedded metadata of these assets (not read with the asset itself); absent ids have none. */
  async embeddedMetadata(workspaceId: string, ids: readonly string[]): Promise<Map<string, Record<string, unknown> | null>> {
    if (!ids.length) return new Map();
    const rows: { id: string; m: Record<string, unknown> | null }[] = await this.db.query(
      `SELECT id, embedded_metadata AS m FROM asset WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [workspaceId, ids],
    );
    return new Map(rows.map((r) => [r.id, r.m]));
  }

  childrenOf(workspaceId: string, parentIds: readonly string[]): Promise<AssetEntity[]> {
    if (!parentIds.length) return Promise.resolve([]);
    return this.assets(workspaceId)
      .andWhere('a.parent_id = ANY(:parentIds)', { parentIds })
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  /** Newest first, keyset-paginated on (created_at, id); fetches one extra row to know if there is more. */
  page(workspaceId: string, opts: { projectId?: string; limit: number; after?: { at: Date; id: string } | null }): Promise<AssetEntity[]> {
    const q = this.assets(workspaceId);
    if (opts.projectId) q.andWhere('a.project_id = :projectId', { projectId: opts.projectId });
    if (opts.after) q.andWhere('(a.created_at, a.id) < (:at, :afterId)', { at: opts.after.at, afterId: opts.after.id });
    return q.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').limit(opts.limit + 1).getMany();
  }

  blobsByIds(workspaceId: string, ids: readonly string[]): Promise<BlobEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db
      .getRepository(BlobEntity)
      .createQueryBuilder('b')
      .where('b.workspace_id = :workspaceId AND b.id = ANY(:ids)', { workspaceId, ids })
      .getMany();
  }

  findBlobBySha(workspaceId: string, sha256: string): Promise<BlobEntity | null> {
    return this.db.getRepository(BlobEntity).findOneBy({ workspaceId, sha256 });
  }
}
