import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badUserInput } from '../../common/errors/app-errors';
import { ForbiddenForRoleError, NotFoundError } from '../../common/errors/error-result';
import { idOf } from '../../common/graphql/global-id';
import { OutboxService } from '../../infrastructure/outbox/outbox.service';
import { appendAssetEvent } from '../assets/asset-event.writer';
import { AssetEntity } from '../assets/asset.entity';
import { AssetStatus } from '../assets/asset.enums';
import type { Principal } from '../auth/principal';
import { actionOf, allowedTargets, checkTransition, normalizeReason, statusPatch, TransitionCheck } from './asset-status.machine';
import { MAX_BULK_TRANSITION } from './transition.inputs';
import {
  ReasonRequiredError, StaleStatusError, TransitionError, TransitionNotAllowedError,
} from './transition.results';

export interface TransitionRequest {
  /** Global Asset id. */
  assetId: string;
  to: AssetStatus;
  reason?: string | null;
  expectedStatus?: AssetStatus | null;
}

/**
 * Review transitions. The rules are the status machine's; this service adds tenancy, the
 * optimistic concurrency check and the one-transaction write (asset, asset_event, outbox).
 */
@Injectable()
export class TransitionService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly outbox: OutboxService) {}

  allowedTargets(me: Principal, asset: AssetEntity): AssetStatus[] {
    return allowedTargets(asset.status, me.role, isOwner(me, asset)) as AssetStatus[];
  }

  async transition(me: Principal, req: TransitionRequest): Promise<AssetEntity | TransitionError> {
    const id = idOf('Asset', req.assetId);
    if (!id) return new NotFoundError('asset not found');
    return this.db.transaction(async (tx) => {
      const asset = await this.find(tx, me.workspaceId, id);
      if (!asset) return new NotFoundError('asset not found');
      const from = asset.status;
      if (req.expectedStatus && req.expectedStatus !== from) return new StaleStatusError(from, req.expectedStatus);

      const check = checkTransition({ from, to: req.to, role: me.role, isOwner: isOwner(me, asset), reason: req.reason });
      if (!check.ok) return toError(check, from, req.to);

      const reason = normalizeReason(req.reason);
      // Transaction time, so status_changed_at, approved_at and the event's `at` are the same instant.
      const [{ now }] = (await tx.query('SELECT now() AS now')) as { now: Date }[];
      const patch = statusPatch(req.to, me.id, now);
      // Conditional on the status the rules were checked against: of two concurrent
      // transitions the second UPDATE waits for the first, re-reads the row and matches nothing.
      const res = await tx
        .createQueryBuilder()
        .update(AssetEntity)
        .set({ status: patch.status as AssetStatus, statusChangedAt: patch.statusChangedAt, approvedAt: patch.approvedAt, approvedBy: patch.approvedBy })
        .where('id = :id AND workspace_id = :ws AND status = :from AND deleted_at IS NULL', { id, ws: me.workspaceId, from })
        .execute();
      if (!res.affected) {
        const current = await this.find(tx, me.workspaceId, id);
        return current ? new StaleStatusError(current.status, req.expectedStatus ?? from) : new NotFoundError('asset not found');
      }

      const action = actionOf(from, req.to);
      const eventId = await appendAssetEvent(tx, {
        workspaceId: me.workspaceId, projectId: asset.projectId, assetId: id, type: 'STATUS_CHANGED', actorId: me.id,
        data: { from, to: req.to, reason, action },
      });
      await this.outbox.write(tx, {
        workspaceId: me.workspaceId,
        topic: 'asset.status_changed',
        aggregateId: id,
        payload: { eventId, assetId: id, projectId: asset.projectId, from, to: req.to, reason, action, actorId: me.id, at: now.toISOString() },
      });
      return (await this.find(tx, me.workspaceId, id))!;
    });
  }

  /** One transaction per asset, in input order: a failure on one leaves the others applied. */
  async transitionMany(me: Principal, assetIds: string[], to: AssetStatus, reason?: string | null): Promise<(AssetEntity | TransitionError)[]> {
    if (assetIds.length > MAX_BULK_TRANSITION) {
      throw badUserInput(`assetIds must contain at most ${MAX_BULK_TRANSITION} ids, got ${assetIds.length}`, { field: 'assetIds' });
    }
    const results: (AssetEntity | TransitionError)[] = [];
    for (const assetId of assetIds) results.push(await this.transition(me, { assetId, to, reason }));
    return results;
  }

  private find(tx: EntityManager, workspaceId: string, id: string): Promise<AssetEntity | null> {
    return tx
      .getRepository(AssetEntity)
      .createQueryBuilder('a')
      .where('a.id = :id AND a.workspace_id = :workspaceId AND a.deleted_at IS NULL', { id, workspaceId })
      .getOne();
  }
}

function isOwner(me: Principal, asset: AssetEntity): boolean {
  return asset.createdBy !== null && asset.createdBy === me.id;
}

function toError(check: Extract<TransitionCheck, { ok: false }>, from: AssetStatus, to: AssetStatus): TransitionError {
  switch (check.code) {
    case 'TRANSITION_NOT_ALLOWED':
      return new TransitionNotAllowedError(check.message, from, to);
    case 'FORBIDDEN_FOR_ROLE':
      return new ForbiddenForRoleError(check.message);
    case 'REASON_REQUIRED':
      return new ReasonRequiredError(check.message);
  }
}
