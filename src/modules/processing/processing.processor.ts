import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { JobMap } from '../../infrastructure/queue/job-map';
import { OutboxService } from '../../infrastructure/outbox/outbox.service';
import { StoragePort } from '../../infrastructure/storage/storage.port';
import { appendAssetEvent } from '../assets/asset-event.writer';
import { AssetEntity } from '../assets/asset.entity';
import { BlobEntity } from '../assets/blob.entity';
import { LocalCopy } from './local-copy';
import { allSettled, stepDef, unitMembers, unitRun } from './pipeline';
import { ProcessingStepEntity, StepState } from './processing-step.entity';
import { ProcessingService } from './processing.service';
import { PermanentStepError, STEP_HANDLERS, StepOutcome, UnitHandler } from './step-handler';
import { withTimeout } from './with-timeout';

export type StepJob = Job<JobMap['pipeline.step']>;
const ACTIVE = ['queued', 'running'];

/**
 * Runs one job of the processing queue: one step, or one group of steps sharing a decode.
 * Every state change is guarded by (run, state), so a redelivered or superseded job changes nothing.
 */
@Injectable()
export class ProcessingRunner {
  private readonly logger = new Logger('Processing');
  private readonly handlers: Map<string, UnitHandler>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: StoragePort,
    private readonly processing: ProcessingService,
    private readonly outbox: OutboxService,
    @Inject(STEP_HANDLERS) handlers: UnitHandler[],
  ) {
    this.handlers = new Map(handlers.map((h) => [h.name, h]));
  }

  async process(job: StepJob): Promise<void> {
    const { workspaceId, assetId, step: unit } = job.data;
    // Step rows, asset and blob in parallel (the blob through the asset's blob_id): one round trip instead of three.
    // A superseded job (rare) wastes the asset/blob reads.
    const [rows, asset, blob] = await Promise.all([
      readStepRows(this.db.manager, assetId),
      this.db.getRepository(AssetEntity).findOneBy({ id: assetId, workspaceId }),
      // Raw SQL (no query-builder work per job); bigint size as a number, as the entity's transformer gives it.
      this.db
        .query(
          `SELECT b.id, b.workspace_id AS "workspaceId", b.sha256, b.size::float8 AS size, b.mime, b.storage_key AS "storageKey", b.created_at AS "createdAt"
             FROM blob b WHERE b.workspace_id = $2 AND b.id = (SELECT a.blob_id FROM asset a WHERE a.id = $1 AND a.workspace_id = $2)`,
          [assetId, workspaceId],
        )
        .then((r: BlobEntity[]) => (r[0] ? Object.assign(new BlobEntity(), r[0]) : null)),
    ]);
    // A reprocess superseded this job (new run), or everything in it already finished: nothing to do.
    if (unitRun(unit, rows) !== job.data.run) return;
    const members = unitMembers(unit);
    const active = rows.filter((r) => members.includes(r.step) && ACTIVE.includes(r.state));
    if (!active.length) return;
    if (!asset || !blob || asset.deletedAt) {
      for (const r of active) await this.settle(r, { state: 'skipped', reason: 'asset no longer exists' }, asset);
      return;
    }
    // Every member to running in one statement, each guarded by its own run.
    const now = new Date();
    await this.db.query(
      `UPDATE asset_processing_step s SET state = 'running', attempts = s.attempts + 1, started_at = $4, updated_at = $4
         FROM unnest($2::text[], $3::int[]) AS m(step, run)
        WHERE s.asset_id = $1 AND s.step = m.step AND s.run = m.run AND s.state IN ('queued', 'running')`,
      [assetId, active.map((r) => r.step), active.map((r) => r.run), now],
    );

    const outcomes = new Map<string, StepOutcome | Error>();
    const applicable = active.filter((r) => stepDef(r.step).kinds.includes(asset.kind)).map((r) => r.step);
    for (const r of active) if (!applicable.includes(r.step)) outcomes.set(r.step, { state: 'skipped', reason: `not applicable to ${asset.kind}` });
    const copy = new LocalCopy(this.storage, blob.storageKey, blob.size);
    try {
      if (applicable.length) {
        const handler = this.handlers.get(unit);
        const ctx = { asset, blob, localPath: () => copy.get(), bytes: () => copy.bytes() };
        if (!handler) for (const s of applicable) outcomes.set(s, new PermanentStepError(`no handler registered for "${unit}"`));
        else if ('group' in handler) for (const [s, o] of await handler.runMany(ctx, applicable)) outcomes.set(s, o);
        else outcomes.set(unit, await withTimeout(handler.run(ctx), stepDef(unit).timeoutMs, unit).catch((e: Error) => e));
      }
    } finally {
      await copy.dispose();
    }

    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    let retry: Error | null = null;
    // The asset's step rows as the last settle of this job read them under the asset lock (null: read them again).
    let latest: StepRow[] | null = null;
    for (const r of active) {
      const outcome = outcomes.get(r.step) ?? new Error(`step ${r.step} produced no outcome`);
      if (outcome instanceof Error) {
        const final = outcome instanceof PermanentStepError || finalAttempt;
        latest = await this.recordFailure(r, asset, outcome, final);
        if (!final) retry ??= outcome;
      } else {
        // If applying the effects fails (a constraint, a bad value), the step fails with that reason rather than staying 'running'.
        latest = await this.settle(r, outcome, asset).catch(async (err: Error) => {
          const after = await this.recordFailure(r, asset, err, finalAttempt);
          if (!finalAttempt) retry ??= err;
          return after;
        });
      }
    }
    // Follow-ups go to the front of the queue: an asset already started is finished first, so
    // database-bound steps (probe, tag, index) interleave with pixel work instead of queueing behind it.
    // Rows read under the asset lock after every earlier settle committed are as current as a fresh read.
    if (latest) await this.processing.enqueueFromRows(latest, { followUp: true });
    else await this.processing.enqueueReady([assetId], { followUp: true });
    if (retry) throw retry; // BullMQ retries with backoff; members already done are no-ops next time
  }

  /**
   * Marks the step done/skipped and applies its effects in one transaction, guarded by run and state.
   * Returns the asset's step rows as seen in that transaction (null when the guard matched nothing or the asset is gone).
   */
  private async settle(row: StepRow, outcome: StepOutcome, asset: AssetEntity | null): Promise<StepRow[] | null> {
    return this.db.transaction(async (tx) => {
      if (asset) await lockAsset(tx, asset.id);
      const all = await guardedUpdate(
        tx,
        row,
        outcome.state === 'done'
          ? { state: 'done', error: null, producerVersion: outcome.producerVersion, finishedAt: new Date(), updatedAt: new Date() }
          : { state: 'skipped', error: outcome.reason, finishedAt: new Date(), updatedAt: new Date() },
      );
      if (!all) return null;
      if (outcome.state === 'done' && outcome.apply) await outcome.apply(tx);
      if (!asset) return null;
      await this.completedRun(tx, asset, all);
      return all;
    });
  }

  private async recordFailure(row: StepRow, asset: AssetEntity, err: Error, final: boolean): Promise<StepRow[] | null> {
    const reason = err.message.slice(0, 2000);
    const all = await this.db.transaction(async (tx) => {
      await lockAsset(tx, asset.id);
      const after = await guardedUpdate(tx, row, {
        state: final ? 'failed' : 'queued', error: reason, finishedAt: final ? new Date() : null, updatedAt: new Date(),
      });
      if (!after || !final) return after;
      const { workspaceId, projectId, id: assetId } = asset;
      await appendAssetEvent(tx, { workspaceId, projectId, assetId, type: 'PROCESSING_FAILED', actorId: null, data: { step: row.step, reason, run: row.run } });
      await this.outbox.write(tx, { workspaceId, topic: 'asset.processing_failed', aggregateId: assetId, payload: { step: row.step, reason } });
      await this.completedRun(tx, asset, after);
      return after;
    });
    if (final) this.logger.warn(`step ${row.step} failed for asset ${asset.id}: ${reason}`);
    return all;
  }

  /** One PROCESSED event when the last step of a run settles (the asset row lock serialises this per asset). */
  private async completedRun(tx: EntityManager, asset: AssetEntity, all: StepRow[]): Promise<void> {
    if (!allSettled(all)) return;
    const failed = all.filter((s) => s.state === 'failed').map((s) => s.step);
    await appendAssetEvent(tx, {
      workspaceId: asset.workspaceId, projectId: asset.projectId, assetId: asset.id, type: 'PROCESSED', actorId: null,
      data: {
        steps: Object.fromEntries(all.map((s) => [s.step, s.state])),
        versions: Object.fromEntries(all.filter((s) => s.producerVersion).map((s) => [s.step, s.producerVersion])),
        runs: Object.fromEntries(all.map((s) => [s.step, s.run])),
        failed,
      },
    });
    await this.outbox.write(tx, { workspaceId: asset.workspaceId, topic: 'asset.processed', aggregateId: asset.id, payload: { failed } });
  }
}

/**
 * NO KEY UPDATE serialises settles of one asset just as well, and (unlike FOR UPDATE) does not block
 * FK checks of rows pointing at the asset: probe may wait for the lineage lock while holding this,
 * and a parent-link writer holding that lock may need KEY SHARE on this asset as its new parent.
 */
async function lockAsset(tx: EntityManager, assetId: string): Promise<void> {
  await tx.query(`SELECT 1 FROM asset WHERE id = $1 FOR NO KEY UPDATE`, [assetId]);
}

/** An asset's step rows, in raw SQL (it runs several times per job). */
export type StepRow = Pick<ProcessingStepEntity, 'assetId' | 'workspaceId' | 'step' | 'state' | 'run' | 'blobSha256' | 'producerVersion'>;

const STEP_COLUMNS = `asset_id AS "assetId", workspace_id AS "workspaceId", step, state, run, blob_sha256 AS "blobSha256", producer_version AS "producerVersion"`;

export function readStepRows(m: EntityManager, assetIds: string | string[]): Promise<StepRow[]> {
  return m.query(`SELECT ${STEP_COLUMNS} FROM asset_processing_step WHERE asset_id = ANY($1::uuid[])`, [Array.isArray(assetIds) ? assetIds : [assetIds]]);
}

/**
 * The one state transition of a settle/failure, guarded by (run, state), and in the same statement
 * (so one round trip) every step row of the asset as it stands after that transition. Runs after
 * the asset lock, so the statement's snapshot already holds every earlier settle. Null: the guard matched nothing.
 */
async function guardedUpdate(
  tx: EntityManager,
  row: StepRow,
  set: { state: StepState; error: string | null; producerVersion?: string; finishedAt: Date | null; updatedAt: Date },
): Promise<StepRow[] | null> {
  const all: (StepRow & { mine: boolean })[] = await tx.query(
    `WITH u AS (
       UPDATE asset_processing_step
          SET state = $4, error = $5, producer_version = COALESCE($6::text, producer_version), finished_at = $7, updated_at = $8
        WHERE asset_id = $1 AND step = $2 AND run = $3 AND state IN ('queued', 'running')
       RETURNING step, state, producer_version)
     SELECT s.asset_id AS "assetId", s.workspace_id AS "workspaceId", s.step, s.run, s.blob_sha256 AS "blobSha256",
            CASE WHEN u.step IS NULL THEN s.state ELSE u.state END AS state,
            CASE WHEN u.step IS NULL THEN s.producer_version ELSE u.producer_version END AS "producerVersion",
            u.step IS NOT NULL AS mine
       FROM asset_processing_step s LEFT JOIN u ON u.step = s.step
      WHERE s.asset_id = $1`,
    [row.assetId, row.step, row.run, set.state, set.error, set.producerVersion ?? null, set.finishedAt, set.updatedAt],
  );
  if (!all.some((r) => r.mine)) return null;
  return all.map(({ mine: _mine, ...r }) => r);
}
