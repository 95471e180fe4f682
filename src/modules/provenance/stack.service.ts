import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { badUserInput } from '../../common/errors/app-errors';
import { ForbiddenForRoleError, NotFoundError } from '../../common/errors/error-result';
import { idOf } from '../../common/graphql/global-id';
import { OutboxService } from '../../infrastructure/outbox/outbox.service';
import { appendAssetEvent } from '../assets/asset-event.writer';
import { AssetEntity } from '../assets/asset.entity';
import { DerivationOperation } from '../assets/asset.enums';
import type { Principal } from '../auth/principal';
import { Role, roleAtLeast } from '../auth/role';
import { StackEntity } from './stack.entity';
import { MAX_STACK_BATCH } from './stack.inputs';

export type StackOutcome = StackEntity | NotFoundError | ForbiddenForRoleError;

interface Member {
  id: string;
  project_id: string;
  stack_id: string | null;
  is_pick: boolean;
}

/**
 * Stacks of variations. Invariants: an asset is in at most one stack (asset.stack_id), a stack
 * has exactly one pick while it has members (partial unique index + repair after every
 * change), an empty stack is deleted. Every change locks the stack rows it touches, writes
 * STACK_CHANGED events for the moved assets and one `stack.changed` outbox row per stack.
 * Contributors and above may curate stacks of any asset in the workspace; viewers may not.
 */
@Injectable()
export class StackService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly outbox: OutboxService) {}

  async create(me: Principal, assetGlobalIds: string[]): Promise<StackOutcome> {
    if (!mayCurate(me)) return forbiddenFor(me);
    const ids = uniqueUuids(assetGlobalIds);
    if (!ids) return new NotFoundError('asset not found');
    return this.db.transaction(async (tx) => {
      const members = await this.lockAssets(tx, me.workspaceId, ids);
      if (members.length !== ids.length) return new NotFoundError(`${ids.length - members.length} of the assets were not found`);
      const stackId = randomUUID();
      await tx.insert(StackEntity, { id: stackId, workspaceId: me.workspaceId, createdBy: me.id });
      await this.moveInto(tx, me, stackId, members, ids[0]);
      await this.changed(tx, me.workspaceId, stackId, 'created', me.id);
      return (await tx.findOneBy(StackEntity, { id: stackId }))!;
    });
  }

  async add(me: Principal, stackGlobalId: string, assetGlobalIds: string[]): Promise<StackOutcome> {
    return this.withLockedMembers(me, stackGlobalId, assetGlobalIds, async (tx, stack, members) => {
      await this.moveInto(tx, me, stack.id, members.filter((m) => m.stack_id !== stack.id), null);
      await this.changed(tx, me.workspaceId, stack.id, 'added', me.id);
      return stack;
    });
  }

  /** Ids of workspace assets that are not in this stack are ignored (idempotent removal). */
  async remove(me: Principal, stackGlobalId: string, assetGlobalIds: string[]): Promise<StackOutcome> {
    return this.withLockedMembers(me, stackGlobalId, assetGlobalIds, async (tx, stack, members) => {
      const leaving = members.filter((m) => m.stack_id === stack.id);
      if (leaving.length) {
        await tx.query(`UPDATE asset SET stack_id = NULL, is_pick = false, updated_at = now() WHERE id = ANY($1)`, [leaving.map((m) => m.id)]);
        for (const m of leaving) await this.memberEvent(tx, me.workspaceId, m, 'left', stack.id, me.id);
        await this.repair(tx, me.workspaceId, stack.id);
        await this.changed(tx, me.workspaceId, stack.id, 'removed', me.id);
      }
      return stack; // an emptied stack is deleted; the returned Stack then has no members and no pick
    });
  }

  async setPick(me: Principal, stackGlobalId: string, assetGlobalId: string): Promise<StackOutcome> {
    if (!mayCurate(me)) return forbiddenFor(me);
    const stackId = idOf('Stack', stackGlobalId);
    const assetId = idOf('Asset', assetGlobalId);
    if (!stackId) return new NotFoundError('stack not found');
    return this.db.transaction(async (tx) => {
      const stack = await this.lockStack(tx, me.workspaceId, stackId);
      if (!stack) return new NotFoundError('stack not found');
      const [member] = assetId ? await this.lockAssets(tx, me.workspaceId, [assetId]) : [];
      if (!member || member.stack_id !== stack.id) return new NotFoundError('asset is not a member of this stack');
      if (!member.is_pick) {
        // Clear first: the partial unique index would reject two picks even for an instant.
        await tx.query(`UPDATE asset SET is_pick = false, updated_at = now() WHERE stack_id = $1 AND is_pick`, [stack.id]);
        await tx.query(`UPDATE asset SET is_pick = true, updated_at = now() WHERE id = $1 AND stack_id = $2`, [member.id, stack.id]);
        await this.memberEvent(tx, me.workspaceId, member, 'picked', stack.id, me.id);
        await this.changed(tx, me.workspaceId, stack.id, 'pick_changed', me.id);
      }
      return stack;
    });
  }

  /**
   * Ingest hook, inside the ingest transaction: a VARIATION of a parent joins the parent's
   * stack; when the parent has none, a stack is created with the parent as its pick.
   */
  async joinParentStack(tx: EntityManager, child: AssetEntity, actorId: string | null): Promise<string | null> {
    if (child.operation !== DerivationOperation.VARIATION || !child.parentId) return null;
    const me = { id: actorId ?? '', workspaceId: child.workspaceId };
    const [parent] = await this.lockAssets(tx, child.workspaceId, [child.parentId]);
    if (!parent) return null;
    let stackId = parent.stack_id;
    if (stackId) {
      await this.lockStack(tx, child.workspaceId, stackId);
    } else {
      stackId = randomUUID();
      await tx.insert(StackEntity, { id: stackId, workspaceId: child.workspaceId, createdBy: actorId });
      await this.moveInto(tx, me, stackId, [parent], parent.id);
    }
    await this.moveInto(tx, me, stackId, [{ id: child.id, project_id: child.projectId, stack_id: null, is_pick: false }], null);
    await this.changed(tx, child.workspaceId, stackId, parent.stack_id ? 'added' : 'created', actorId);
    return stackId;
  }

  stacksByIds(workspaceId: string, ids: readonly string[]): Promise<StackEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.getRepository(StackEntity).createQueryBuilder('s').where('s.workspace_id = :workspaceId AND s.id = ANY(:ids)', { workspaceId, ids }).getMany();
  }

  /** Members of several stacks, pick first, then oldest first. */
  membersOf(workspaceId: string, stackIds: readonly string[]): Promise<AssetEntity[]> {
    if (!stackIds.length) return Promise.resolve([]);
    return this.db
      .getRepository(AssetEntity)
      .createQueryBuilder('a')
      .where('a.workspace_id = :workspaceId AND a.deleted_at IS NULL AND a.stack_id = ANY(:stackIds)', { workspaceId, stackIds })
      .orderBy('a.is_pick', 'DESC')
      .addOrderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  // ---- internals ---------------------------------------------------------------------

  /** add/remove: role check, id checks, then the stack and the named assets locked in one transaction. */
  private async withLockedMembers(
    me: Principal,
    stackGlobalId: string,
    assetGlobalIds: string[],
    work: (tx: EntityManager, stack: StackEntity, members: Member[]) => Promise<StackOutcome>,
  ): Promise<StackOutcome> {
    if (!mayCurate(me)) return forbiddenFor(me);
    const stackId = idOf('Stack', stackGlobalId);
    const ids = uniqueUuids(assetGlobalIds);
    if (!stackId) return new NotFoundError('stack not found');
    if (!ids) return new NotFoundError('asset not found');
    return this.db.transaction(async (tx) => {
      const stack = await this.lockStack(tx, me.workspaceId, stackId);
      if (!stack) return new NotFoundError('stack not found');
      const members = await this.lockAssets(tx, me.workspaceId, ids);
      if (members.length !== ids.length) return new NotFoundError(`${ids.length - members.length} of the assets were not found`);
      return work(tx, stack, members);
    });
  }

  /**
   * NO KEY UPDATE serialises stack changes just as well, and (unlike FOR UPDATE) lets FK checks of
   * asset rows pointing at the stack through: a pipeline settle holding an asset's lock re-checks
   * that FK when it updates the row twice in one transaction, while we wait for that asset's lock.
   */
  private async lockStack(tx: EntityManager, workspaceId: string, id: string): Promise<StackEntity | null> {
    return tx
      .getRepository(StackEntity)
      .createQueryBuilder('s')
      .setLock('for_no_key_update')
      .where('s.id = :id AND s.workspace_id = :workspaceId', { id, workspaceId })
      .getOne();
  }

  /** Locks the assets (in id order, so concurrent callers cannot deadlock on them). */
  private lockAssets(tx: EntityManager, workspaceId: string, ids: string[]): Promise<Member[]> {
    return tx.query(
      `SELECT id, project_id, stack_id, is_pick FROM asset
        WHERE id = ANY($1) AND workspace_id = $2 AND deleted_at IS NULL ORDER BY id FOR NO KEY UPDATE`,
      [ids, workspaceId],
    );
  }

  /** Moves assets into `stackId` (leaving their old stacks, which are then repaired); `pickId` becomes the pick. */
  private async moveInto(tx: EntityManager, me: { id: string; workspaceId: string }, stackId: string, members: Member[], pickId: string | null): Promise<void> {
    if (!members.length) return;
    const oldStacks = [...new Set(members.map((m) => m.stack_id).filter((s): s is string => !!s && s !== stackId))].sort();
    for (const s of oldStacks) await this.lockStack(tx, me.workspaceId, s);
    await tx.query(`UPDATE asset SET stack_id = $1, is_pick = false, updated_at = now() WHERE id = ANY($2)`, [stackId, members.map((m) => m.id)]);
    if (pickId) {
      await tx.query(`UPDATE asset SET is_pick = false WHERE stack_id = $1 AND is_pick`, [stackId]);
      await tx.query(`UPDATE asset SET is_pick = true WHERE id = $1`, [pickId]);
    }
    for (const m of members) await this.memberEvent(tx, me.workspaceId, m, 'joined', stackId, me.id || null, m.stack_id);
    for (const s of oldStacks) {
      await this.repair(tx, me.workspaceId, s);
      await this.changed(tx, me.workspaceId, s, 'removed', me.id || null);
    }
    await this.repair(tx, me.workspaceId, stackId);
  }

  /** Restores "exactly one pick": promotes the oldest member when the pick left; deletes an empty stack. */
  private async repair(tx: EntityManager, workspaceId: string, stackId: string): Promise<void> {
    const [state]: { members: number; picks: number }[] = await tx.query(
      `SELECT count(*)::int AS members, count(*) FILTER (WHERE is_pick)::int AS picks FROM asset WHERE stack_id = $1`,
      [stackId],
    );
    if (state.members === 0) {
      await tx.delete(StackEntity, { id: stackId, workspaceId });
    } else if (state.picks === 0) {
      await tx.query(
        `UPDATE asset SET is_pick = true WHERE id = (SELECT id FROM asset WHERE stack_id = $1 ORDER BY deleted_at NULLS FIRST, created_at, id LIMIT 1)`,
        [stackId],
      );
    }
  }

  private async memberEvent(tx: EntityManager, workspaceId: string, m: Member, action: 'joined' | 'left' | 'picked', stackId: string, actorId: string | null, fromStackId?: string | null): Promise<void> {
    await appendAssetEvent(tx, {
      workspaceId, projectId: m.project_id, assetId: m.id, type: 'STACK_CHANGED', actorId,
      data: { stackId, action, ...(fromStackId ? { fromStackId } : {}) },
    });
  }

  /** One outbox row per stack change with the resulting membership, so consumers need no read-back. */
  private async changed(tx: EntityManager, workspaceId: string, stackId: string, action: string, actorId: string | null): Promise<void> {
    const rows: { id: string; is_pick: boolean }[] = await tx.query(`SELECT id, is_pick FROM asset WHERE stack_id = $1 ORDER BY created_at, id`, [stackId]);
    await this.outbox.write(tx, {
      workspaceId, topic: 'stack.changed', aggregateId: stackId,
      payload: { stackId, action, deleted: rows.length === 0, memberIds: rows.map((r) => r.id), pickId: rows.find((r) => r.is_pick)?.id ?? null, actorId },
    });
  }
}

function mayCurate(me: Principal): boolean {
  return roleAtLeast(me.role, Role.CONTRIBUTOR);
}

function forbiddenFor(me: Principal): ForbiddenForRoleError {
  return new ForbiddenForRoleError(`role ${me.role} cannot change stacks; contributors, approvers and admins can`);
}

/** Asset uuids from global ids, deduplicated in input order; null when any id is malformed. */
function uniqueUuids(globalIds: string[]): string[] | null {
  if (globalIds.length < 1 || globalIds.length > MAX_STACK_BATCH) {
    throw badUserInput(`assetIds must contain 1 to ${MAX_STACK_BATCH} ids, got ${globalIds.length}`, { field: 'assetIds' });
  }
  const ids: string[] = [];
  for (const g of globalIds) {
    const id = idOf('Asset', g);
    if (!id) return null;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}
