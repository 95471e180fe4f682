import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badUserInput } from '../../common/errors/app-errors';
import { JobMap, pipelineJobId } from '../../infrastructure/queue/job-map';
import { JobQueue } from '../../infrastructure/queue/job-queue.service';
import { AssetEntity } from '../assets/asset.entity';
import { jobRun, PIPELINE, planNext, STEP_NAMES, stepDef, withDependents } from './pipeline';
import { ProcessingStepEntity } from './processing-step.entity';
import { readStepRows } from './step-rows.queries';

export { overallState } from './pipeline';

/** The step-row columns planning needs. */
export type StepRowSnapshot = Pick<ProcessingStepEntity, 'assetId' | 'workspaceId' | 'step' | 'state' | 'run' | 'blobSha256'>;

/** Plans, enqueues and reports pipeline steps. The step rows in Postgres are the truth; BullMQ carries the work. */
@Injectable()
export class ProcessingService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly jobs: JobQueue) {}

  /** Inside the ingest transaction: one 'queued' row per pipeline step. */
  async plan(tx: EntityManager, asset: { workspaceId: string; id: string }, blobSha256: string): Promise<void> {
    await tx.insert(
      ProcessingStepEntity,
      PIPELINE.map((s) => ({ assetId: asset.id, workspaceId: asset.workspaceId, step: s.name, state: 'queued' as const, blobSha256 })),
    );
  }

  /**
   * After commit: skip what a failed prerequisite blocks, and enqueue every job with a step whose
   * prerequisites are settled. Safe to call repeatedly: job ids are deterministic, so BullMQ dedups.
   */
  async enqueueReady(assetIds: string[], opts: { followUp?: boolean } = {}): Promise<void> {
    await this.enqueue(await this.readyJobs(assetIds), opts);
  }

  /** As enqueueReady, from step rows the caller just read under the asset lock (saves reading them again). */
  async enqueueFromRows(rows: StepRowSnapshot[], opts: { followUp?: boolean } = {}): Promise<void> {
    await this.enqueue(await this.jobsFrom(rows, false), opts);
  }

  private async enqueue(jobs: JobMap['pipeline.job'][], opts: { followUp?: boolean }): Promise<void> {
    // A follow-up (enqueued by a worker when a step settles) jumps the queue (LIFO): started assets finish first.
    const lifo = opts.followUp ? { lifo: true } : {};
    await this.jobs.addBulk('pipeline.job', jobs.map((data) => ({ data, opts: { jobId: pipelineJobId(data), ...lifo } })));
  }

  /** The jobs that should exist now for these assets (applying skips on the way). */
  async readyJobs(assetIds: string[], includeRunning = false): Promise<JobMap['pipeline.job'][]> {
    if (!assetIds.length) return [];
    return this.jobsFrom(await readStepRows(this.db.manager, assetIds), includeRunning);
  }

  /**
   * Marks the steps a failed prerequisite blocks as skipped (guarded by run and state, so a
   * concurrent reprocess wins). Returns the rows as they stand after that.
   */
  async applySkips<R extends StepRowSnapshot>(rows: R[], skip: { step: string; reason: string }[]): Promise<R[]> {
    if (!skip.length) return rows;
    const skipped = skip.map((s) => rows.find((r) => r.step === s.step)!);
    // An UPDATE … RETURNING answers [rows, affected count].
    const [updated]: [{ step: string }[], number] = await this.db.query(
      `UPDATE asset_processing_step s SET state = 'skipped', error = m.reason, finished_at = now(), updated_at = now()
         FROM unnest($2::text[], $3::int[], $4::text[]) AS m(step, run, reason)
        WHERE s.asset_id = $1 AND s.step = m.step AND s.run = m.run AND s.state IN ('queued', 'running')
       RETURNING s.step`,
      [skipped[0].assetId, skipped.map((r) => r.step), skipped.map((r) => r.run), skip.map((s) => s.reason)],
    );
    const nowSkipped = new Set(updated.map((u) => u.step));
    return rows.map((r) => (nowSkipped.has(r.step) ? { ...r, state: 'skipped' as const } : r));
  }

  private async jobsFrom(rows: StepRowSnapshot[], includeRunning: boolean): Promise<JobMap['pipeline.job'][]> {
    const byAsset = new Map<string, StepRowSnapshot[]>();
    for (const r of rows) byAsset.set(r.assetId, [...(byAsset.get(r.assetId) ?? []), r]);
    const jobs: JobMap['pipeline.job'][] = [];
    for (const steps of byAsset.values()) {
      const first = steps[0];
      const plan = planNext(steps);
      const after = await this.applySkips(steps, plan.skip);
      const wanted = new Map(plan.jobs.map((j) => [j.job, j.run]));
      if (includeRunning) {
        // A step left 'running' by a dead worker: its job runs it again.
        for (const r of after.filter((x) => x.state === 'running')) {
          const job = stepDef(r.step).job;
          wanted.set(job, jobRun(job, after));
        }
      }
      for (const [job, run] of wanted) jobs.push({ workspaceId: first.workspaceId, assetId: first.assetId, job, blobSha256: first.blobSha256, run });
    }
    return jobs;
  }

  /**
   * Re-runs the chosen steps (and everything downstream of them) with a new run number, so the
   * job ids are new. Missing rows (steps added after the asset was ingested) are created.
   */
  async reprocess(workspaceId: string, assetIds: string[], steps: string[] | null | undefined): Promise<string[]> {
    const unknown = (steps ?? []).filter((s) => !STEP_NAMES.includes(s));
    if (unknown.length) throw badUserInput(`unknown pipeline step(s): ${unknown.join(', ')}; steps are ${STEP_NAMES.join(', ')}`, { field: 'steps' });
    const chosen = steps && steps.length ? withDependents(steps) : STEP_NAMES;
    if (!assetIds.length) return [];
    const touched: { asset_id: string }[] = await this.db.query(
      `INSERT INTO asset_processing_step (asset_id, step, workspace_id, state, blob_sha256, run, updated_at)
       SELECT a.id, s.step, a.workspace_id, 'queued', b.sha256, 1, now()
         FROM asset a JOIN blob b ON b.id = a.blob_id AND b.workspace_id = a.workspace_id
        CROSS JOIN unnest($3::text[]) AS s(step)
        WHERE a.workspace_id = $1 AND a.id = ANY($2::uuid[]) AND a.deleted_at IS NULL
       ON CONFLICT (asset_id, step) DO UPDATE SET
         state = 'queued', run = asset_processing_step.run + 1, blob_sha256 = EXCLUDED.blob_sha256,
         error = NULL, attempts = 0, started_at = NULL, finished_at = NULL, updated_at = now()
       RETURNING asset_id`,
      [workspaceId, assetIds, chosen],
    );
    const ids = [...new Set(touched.map((t) => t.asset_id))];
    await this.enqueueReady(ids);
    return ids;
  }

  stepsFor(workspaceId: string, assetIds: readonly string[]): Promise<ProcessingStepEntity[]> {
    if (!assetIds.length) return Promise.resolve([]);
    return this.db
      .getRepository(ProcessingStepEntity)
      .createQueryBuilder('s')
      .where('s.workspace_id = :workspaceId AND s.asset_id = ANY(:assetIds)', { workspaceId, assetIds })
      .getMany();
  }

  /** Assets (newest first) with at least one failed step; keyset over (created_at, id). */
  failedAssets(workspaceId: string, limit: number, after: { at: Date; id: string } | null): Promise<AssetEntity[]> {
    return this.assetsWhere(workspaceId, limit, after, `s.state = 'failed'`, {});
  }

  /** Assets whose step was last produced by this version: what a provider upgrade re-runs. */
  assetsProcessedBy(workspaceId: string, step: string, version: string, limit: number, after: { at: Date; id: string } | null): Promise<AssetEntity[]> {
    return this.assetsWhere(workspaceId, limit, after, `s.step = :step AND s.producer_version = :version AND s.state = 'done'`, { step, version });
  }

  private assetsWhere(workspaceId: string, limit: number, after: { at: Date; id: string } | null, stepCondition: string, params: Record<string, unknown>) {
    const q = this.db
      .getRepository(AssetEntity)
      .createQueryBuilder('a')
      .where('a.workspace_id = :workspaceId AND a.deleted_at IS NULL', { workspaceId })
      .andWhere(`EXISTS (SELECT 1 FROM asset_processing_step s WHERE s.asset_id = a.id AND s.workspace_id = a.workspace_id AND ${stepCondition})`, params);
    if (after) q.andWhere('(a.created_at, a.id) < (:at, :id)', { at: after.at, id: after.id });
    return q.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').limit(limit + 1).getMany();
  }

  /** Assets with a step queued or running for longer than `staleMs`: candidates for the reconciler. */
  async stuckAssetIds(staleMs: number, limit = 500): Promise<string[]> {
    const rows: { asset_id: string }[] = await this.db.query(
      `SELECT DISTINCT asset_id FROM asset_processing_step
        WHERE state IN ('queued', 'running') AND updated_at < now() - ($1::int * interval '1 millisecond') LIMIT $2`,
      [staleMs, limit],
    );
    return rows.map((r) => r.asset_id);
  }
}
