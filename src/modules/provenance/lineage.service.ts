import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ForbiddenForRoleError, NotFoundError } from '../../common/errors/error-result';
import { idOf } from '../../common/graphql/global-id';
import { OutboxService } from '../../infrastructure/outbox/outbox.service';
import { appendAssetEvent } from '../assets/asset-event.writer';
import { AssetEntity } from '../assets/asset.entity';
import { DerivationOperation } from '../assets/asset.enums';
import type { Principal } from '../auth/principal';
import { Role, roleAtLeast } from '../auth/role';
import { LineageCycleError } from './lineage.object';
import { LineageRow, MAX_LINEAGE_DEPTH, wouldCreateCycle } from './lineage.rules';

export class LineageCycleException extends Error {
  constructor(readonly childId: string, readonly parentId: string) {
    super(`making ${parentId} the parent of ${childId} would create a lineage cycle`);
  }
}

export interface RootedLineageRow extends LineageRow {
  rootId: string;
}

/** One link of a parent chain, with how the next-closer asset was derived from it. */
export interface ChainRow {
  rootId: string;
  id: string;
  depth: number;
  title: string | null;
  status: string;
  /** This ancestor's own link to its parent. */
  parentId: string | null;
  operation: string | null;
  parentSource: string | null;
}

export interface ParentLink {
  workspaceId: string;
  childId: string;
  /** null unlinks. */
  parentId: string | null;
  operation: DerivationOperation | null;
  /** Where the link came from: client, or the metadata that named the parent's hash (comfyui / a1111 init image, c2pa ingredient …). */
  source: string;
  actorId: string | null;
}

/**
 * Lineage reads (recursive CTEs, workspace-scoped, depth-capped) and the one guarded way to
 * write a parent link after creation (`linkParent`: cycle check under a workspace lock).
 */
@Injectable()
export class LineageService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly outbox: OutboxService) {}

  /**
   * Ancestors and descendants of several roots in one query, up to depth + 1 so the rules can
   * tell a truncated side (lineage.rules.ts assembleLineage).
   */
  async lineageRows(workspaceId: string, rootIds: readonly string[], depth: number): Promise<RootedLineageRow[]> {
    if (!rootIds.length || depth === 0) return [];
    const rows: { root_id: string; id: string; parent_id: string | null; operation: string | null; depth: number; direction: 'ancestor' | 'descendant' }[] =
      await this.db.query(
        `WITH RECURSIVE roots AS (
           SELECT id, parent_id FROM asset WHERE id = ANY($1) AND workspace_id = $2 AND deleted_at IS NULL
         ), up AS (
           SELECT r.id AS root_id, a.id, a.parent_id, a.operation, 1 AS depth
             FROM roots r JOIN asset a ON a.id = r.parent_id AND a.workspace_id = $2 AND a.deleted_at IS NULL
           UNION ALL
           SELECT up.root_id, a.id, a.parent_id, a.operation, up.depth + 1
             FROM up JOIN asset a ON a.id = up.parent_id AND a.workspace_id = $2 AND a.deleted_at IS NULL
            WHERE up.depth <= $3
         ), down AS (
           SELECT r.id AS root_id, a.id, a.parent_id, a.operation, 1 AS depth
             FROM roots r JOIN asset a ON a.parent_id = r.id AND a.workspace_id = $2 AND a.deleted_at IS NULL
           UNION ALL
           SELECT down.root_id, a.id, a.parent_id, a.operation, down.depth + 1
             FROM down JOIN asset a ON a.parent_id = down.id AND a.workspace_id = $2 AND a.deleted_at IS NULL
            WHERE down.depth <= $3
         )
         SELECT *, 'ancestor' AS direction FROM up UNION ALL SELECT *, 'descendant' AS direction FROM down`,
        [rootIds, workspaceId, depth],
      );
    return rows.map((r) => ({ rootId: r.root_id, id: r.id, parentId: r.parent_id, operation: r.operation, depth: Number(r.depth), direction: r.direction }));
  }

  /** Parent chains (nearest first) of several assets, up to MAX_LINEAGE_DEPTH + 1 links. */
  async parentChains(workspaceId: string, rootIds: readonly string[]): Promise<ChainRow[]> {
    if (!rootIds.length) return [];
    const rows: Record<string, unknown>[] = await this.db.query(
      `WITH RECURSIVE up AS (
         SELECT r.id AS root_id, a.id, a.parent_id, a.operation, a.parent_source, a.title, a.status, 1 AS depth
           FROM asset r JOIN asset a ON a.id = r.parent_id AND a.workspace_id = $2 AND a.deleted_at IS NULL
          WHERE r.id = ANY($1) AND r.workspace_id = $2
         UNION ALL
         SELECT up.root_id, a.id, a.parent_id, a.operation, a.parent_source, a.title, a.status, up.depth + 1
           FROM up JOIN asset a ON a.id = up.parent_id AND a.workspace_id = $2 AND a.deleted_at IS NULL
          WHERE up.depth <= $3
       ) SELECT * FROM up ORDER BY root_id, depth`,
      [rootIds, workspaceId, MAX_LINEAGE_DEPTH],
    );
    return rows.map((r) => ({
      rootId: r.root_id as string, id: r.id as string, depth: Number(r.depth), title: (r.title as string) ?? null, status: r.status as string,
      parentId: (r.parent_id as string) ?? null, operation: (r.operation as string) ?? null, parentSource: (r.parent_source as string) ?? null,
    }));
  }

  /** Every ancestor id, uncapped; UNION (not ALL) stops at a corrupt cycle instead of looping. */
  async ancestorIds(m: EntityManager, workspaceId: string, id: string): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `WITH RECURSIVE up(id) AS (
         SELECT parent_id FROM asset WHERE id = $1 AND workspace_id = $2 AND parent_id IS NOT NULL
         UNION
         SELECT a.parent_id FROM asset a JOIN up ON a.id = up.id WHERE a.workspace_id = $2 AND a.parent_id IS NOT NULL
       ) SELECT id FROM up`,
      [id, workspaceId],
    );
    return rows.map((r) => r.id);
  }

  /** True when making `parentId` the parent of `childId` would close a loop (uncapped walk). */
  createsCycle(m: EntityManager, workspaceId: string, childId: string, parentId: string): Promise<boolean> {
    return wouldCreateCycle(childId, parentId, (id) => this.ancestorIds(m, workspaceId, id));
  }

  /** For writers that treat a cycle as a bug: throws LineageCycleException. */
  async assertNoCycle(m: EntityManager, workspaceId: string, childId: string, parentId: string): Promise<void> {
    if (await this.createsCycle(m, workspaceId, childId, parentId)) throw new LineageCycleException(childId, parentId);
  }

  /**
   * Writes (or clears) a parent link inside the caller's transaction, for any writer after
   * creation (this module's setAssetParent, the pipeline's metadata-based links). A
   * transaction-scoped advisory lock per workspace serialises link writes, so two concurrent
   * links (A→B, B→A) cannot both pass the cycle check. Returns 'cycle' and writes nothing
   * when the link would close a loop.
   */
  async linkParent(tx: EntityManager, link: ParentLink): Promise<'linked' | 'cycle' | 'not_found'> {
    // Child row first, then the workspace lock: the pipeline's probe already holds the child row
    // when it links, so every writer takes the two in the same order. NO KEY UPDATE (not FOR
    // UPDATE) so the FK check of another writer's link to this row (KEY SHARE) is never blocked
    // by a writer waiting for the workspace lock.
    const [child]: { id: string; project_id: string }[] = await tx.query(
      `SELECT id, project_id FROM asset WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL FOR NO KEY UPDATE`,
      [link.childId, link.workspaceId],
    );
    if (!child) return 'not_found';
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('lightbox.lineage:' || $1))`, [link.workspaceId]);
    if (link.parentId) {
      const parent: unknown[] = await tx.query(
        `SELECT 1 FROM asset WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL`,
        [link.parentId, link.workspaceId],
      );
      if (!parent.length) return 'not_found';
      if (await this.createsCycle(tx, link.workspaceId, link.childId, link.parentId)) return 'cycle';
    }
    await tx.update(
      AssetEntity,
      { id: link.childId, workspaceId: link.workspaceId },
      { parentId: link.parentId, operation: link.parentId ? link.operation : null, parentSource: link.parentId ? link.source : null },
    );
    const data = { parentId: link.parentId, operation: link.parentId ? link.operation : null, source: link.parentId ? link.source : null };
    const eventId = await appendAssetEvent(tx, { workspaceId: link.workspaceId, projectId: child.project_id, assetId: link.childId, type: 'DERIVED', actorId: link.actorId, data });
    await this.outbox.write(tx, {
      workspaceId: link.workspaceId, topic: 'asset.lineage_changed', aggregateId: link.childId,
      payload: { eventId, assetId: link.childId, projectId: child.project_id, ...data, actorId: link.actorId },
    });
    return 'linked';
  }

  /** The setAssetParent mutation: contributors on their own assets, approvers and admins on any. */
  async setParent(
    me: Principal,
    input: { assetId: string; parentId?: string | null; operation?: DerivationOperation | null },
  ): Promise<AssetEntity | NotFoundError | ForbiddenForRoleError | LineageCycleError> {
    const childId = idOf('Asset', input.assetId);
    const parentId = input.parentId ? idOf('Asset', input.parentId) : null;
    if (!childId || (input.parentId && !parentId)) return new NotFoundError('asset not found');
    return this.db.transaction(async (tx) => {
      const child = await tx.findOneBy(AssetEntity, { id: childId, workspaceId: me.workspaceId });
      if (!child || child.deletedAt) return new NotFoundError('asset not found');
      const mayEdit = roleAtLeast(me.role, Role.APPROVER) || (me.role === Role.CONTRIBUTOR && child.createdBy === me.id);
      if (!mayEdit) return new ForbiddenForRoleError(`role ${me.role} cannot change this asset's parent; only its creator (contributor), approvers and admins can`);
      const outcome = await this.linkParent(tx, {
        workspaceId: me.workspaceId, childId, parentId, operation: input.operation ?? null, source: 'client', actorId: me.id,
      });
      if (outcome === 'not_found') return new NotFoundError('parent asset not found');
      if (outcome === 'cycle') return new LineageCycleError();
      return (await tx.findOneBy(AssetEntity, { id: childId }))!;
    });
  }
}
