import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AssetEntity } from './asset.entity';
import { BlobEntity } from './blob.entity';

/** Workspace-scoped reads of assets and their blobs. Every query filters by workspace_id. */
@Injectable()
export class AssetService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private assets(workspaceId: string) {
    return this.db
      .getRepository(AssetEntity)
      .createQueryBuilder('a')
      .where('a.workspace_id = :workspaceId AND a.deleted_at IS NULL', { workspaceId });
  }

  findById(workspaceId: string, id: string): Promise<AssetEntity | null> {
    return this.assets(workspaceId).andWhere('a.id = :id', { id }).getOne();
  }

  findByIds(workspaceId: string, ids: readonly string[]): Promise<AssetEntity[]> {
    return ids.length ? this.assets(workspaceId).andWhere('a.id = ANY(:ids)', { ids }).getMany() : Promise.resolve([]);
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
