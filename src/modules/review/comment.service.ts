import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { badUserInput, forbidden, notFound } from '../../common/errors/app-errors';
import { idOf } from '../../common/graphql/global-id';
import { OutboxService } from '../../infrastructure/outbox/outbox.service';
import { appendAssetEvent } from '../assets/asset-event.writer';
import { AssetEntity } from '../assets/asset.entity';
import { AssetKind } from '../assets/asset.enums';
import type { Principal } from '../auth/principal';
import { Role, roleAtLeast } from '../auth/role';
import { CommentEntity } from './comment.entity';
import { AddCommentInput } from './comment.inputs';
import { CommentValidationError, validateComment } from './comment-region.rules';

/**
 * Review comments. Who may do what (docs/review.md):
 * - add: contributors and above (viewers only read);
 * - resolve / reopen: the comment's author, the asset's creator, approvers and admins.
 */
@Injectable()
export class CommentService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly outbox: OutboxService) {}

  async add(me: Principal, input: AddCommentInput): Promise<CommentEntity> {
    const asset = await this.findAsset(this.db.manager, me.workspaceId, idOf('Asset', input.assetId));
    if (!asset) throw notFound('asset');
    const checked = validateComment(input, { durationMs: asset.durationMs });
    if (!checked.ok) throw invalid(checked.errors);
    const { body, region, timeRange } = checked.value;
    if (timeRange && asset.kind !== AssetKind.VIDEO) {
      throw invalid([{ field: 'timeRange', code: 'OUT_OF_RANGE', message: 'timeRange is only allowed on video assets' }]);
    }
    const comment: CommentEntity = {
      id: randomUUID(), workspaceId: me.workspaceId, assetId: asset.id, authorId: me.id, body,
      regionX: region?.x ?? null, regionY: region?.y ?? null, regionWidth: region?.width ?? null, regionHeight: region?.height ?? null,
      timeStartMs: timeRange?.startMs ?? null, timeEndMs: timeRange?.endMs ?? null,
      createdAt: new Date(), resolvedAt: null, resolvedBy: null,
    };
    await this.db.transaction(async (tx) => {
      const { createdAt: _db, ...row } = comment; // created_at comes from the database clock
      await tx.insert(CommentEntity, row as QueryDeepPartialEntity<CommentEntity>);
      const eventId = await appendAssetEvent(tx, {
        workspaceId: me.workspaceId, projectId: asset.projectId, assetId: asset.id, type: 'COMMENTED', actorId: me.id,
        data: { commentId: comment.id, body, region, timeRange },
      });
      await this.outbox.write(tx, {
        workspaceId: me.workspaceId, topic: 'asset.commented', aggregateId: asset.id,
        payload: { eventId, assetId: asset.id, projectId: asset.projectId, commentId: comment.id, authorId: me.id, body, region, timeRange },
      });
    });
    return (await this.db.getRepository(CommentEntity).findOneBy({ id: comment.id }))!;
  }

  resolve(me: Principal, commentGlobalId: string): Promise<CommentEntity> {
    return this.setResolved(me, commentGlobalId, true);
  }

  reopen(me: Principal, commentGlobalId: string): Promise<CommentEntity> {
    return this.setResolved(me, commentGlobalId, false);
  }

  /** Idempotent: resolving a resolved comment (or reopening an open one) changes nothing and logs nothing. */
  private async setResolved(me: Principal, commentGlobalId: string, resolved: boolean): Promise<CommentEntity> {
    const id = idOf('Comment', commentGlobalId);
    return this.db.transaction(async (tx) => {
      const comment = id ? await tx.getRepository(CommentEntity).findOneBy({ id, workspaceId: me.workspaceId }) : null;
      const asset = comment ? await this.findAsset(tx, me.workspaceId, comment.assetId) : null;
      if (!comment || !asset) throw notFound('comment');
      const allowed = roleAtLeast(me.role, Role.APPROVER) || comment.authorId === me.id || (asset.createdBy === me.id && roleAtLeast(me.role, Role.CONTRIBUTOR));
      if (!allowed) throw forbidden('only the comment author, the asset creator, approvers and admins can resolve or reopen a comment');

      const res = await tx
        .createQueryBuilder()
        .update(CommentEntity)
        .set(resolved ? { resolvedAt: () => 'now()', resolvedBy: me.id } : { resolvedAt: null, resolvedBy: null })
        .where({ id, resolvedAt: resolved ? IsNull() : Not(IsNull()) })
        .execute();
      if (res.affected) {
        const type = resolved ? 'COMMENT_RESOLVED' : 'COMMENT_REOPENED';
        const eventId = await appendAssetEvent(tx, { workspaceId: me.workspaceId, projectId: asset.projectId, assetId: asset.id, type, actorId: me.id, data: { commentId: comment.id } });
        await this.outbox.write(tx, {
          workspaceId: me.workspaceId, topic: resolved ? 'asset.comment_resolved' : 'asset.comment_reopened', aggregateId: asset.id,
          payload: { eventId, assetId: asset.id, projectId: asset.projectId, commentId: comment.id, actorId: me.id },
        });
      }
      return (await tx.getRepository(CommentEntity).findOneBy({ id: comment.id }))!;
    });
  }

  /** Comments of several assets, oldest first (for the asset.comments loader). */
  forAssets(workspaceId: string, assetIds: readonly string[]): Promise<CommentEntity[]> {
    if (!assetIds.length) return Promise.resolve([]);
    return this.db
      .getRepository(CommentEntity)
      .createQueryBuilder('c')
      .where('c.workspace_id = :workspaceId AND c.asset_id = ANY(:assetIds)', { workspaceId, assetIds })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
  }

  /** A comment of a live asset in this workspace (for node(id)). */
  async findById(workspaceId: string, id: string): Promise<CommentEntity | null> {
    const comment = await this.db.getRepository(CommentEntity).findOneBy({ id, workspaceId });
    return comment && (await this.findAsset(this.db.manager, workspaceId, comment.assetId)) ? comment : null;
  }

  private findAsset(m: EntityManager, workspaceId: string, id: string | null): Promise<AssetEntity | null> {
    if (!id) return Promise.resolve(null);
    return m
      .getRepository(AssetEntity)
      .createQueryBuilder('a')
      .where('a.id = :id AND a.workspace_id = :workspaceId AND a.deleted_at IS NULL', { id, workspaceId })
      .getOne();
  }
}

/** A GraphQL BAD_USER_INPUT naming the first offending field; `errors` lists them all. */
function invalid(errors: CommentValidationError[]) {
  return badUserInput(errors.map((e) => e.message).join('; '), { field: errors[0]?.field, errors });
}
