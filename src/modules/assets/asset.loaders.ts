import { Injectable } from '@nestjs/common';
import { byKeys } from '../../common/graphql/loaders';
import type { GqlContext } from '../../common/request-context';
import { AssetEntity } from './asset.entity';
import { AssetService } from './asset.service';
import { BlobEntity } from './blob.entity';

/** Per-request batching for asset relations: one query per relation per request, no N+1. */
@Injectable()
export class AssetLoaders {
  constructor(private readonly assets: AssetService) {}

  asset(ctx: GqlContext, id: string): Promise<AssetEntity | null> {
    const ws = workspaceOf(ctx);
    return ctx.loaders
      .get<string, AssetEntity | null>('asset', async (ids) => byKeys(ids, await this.assets.findByIds(ws, ids), (a) => a.id))
      .load(id);
  }

  embeddedMetadata(ctx: GqlContext, assetId: string): Promise<Record<string, unknown> | null> {
    const ws = workspaceOf(ctx);
    return ctx.loaders
      .get<string, Record<string, unknown> | null>('asset.embeddedMetadata', async (ids) => {
        const found = await this.assets.embeddedMetadata(ws, ids);
        return ids.map((id) => found.get(id) ?? null);
      })
      .load(assetId);
  }

  blob(ctx: GqlContext, id: string): Promise<BlobEntity> {
    const ws = workspaceOf(ctx);
    return ctx.loaders
      .get<string, BlobEntity>('blob', async (ids) => {
        const rows = byKeys(ids, await this.assets.blobsByIds(ws, ids), (b) => b.id);
        return rows.map((b, i) => b ?? new Error(`blob ${ids[i]} missing`));
      })
      .load(id);
  }

  children(ctx: GqlContext, parentId: string): Promise<AssetEntity[]> {
    const ws = workspaceOf(ctx);
    return ctx.loaders
      .get<string, AssetEntity[]>('asset.children', async (ids) => {
        const rows = await this.assets.childrenOf(ws, ids);
        return ids.map((id) => rows.filter((r) => r.parentId === id));
      })
      .load(parentId);
  }
}

export function workspaceOf(ctx: GqlContext): string {
  if (!ctx.principal) throw new Error('no principal in context');
  return ctx.principal.workspaceId;
}
