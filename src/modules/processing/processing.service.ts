import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { pipelineJobId } from '../../infrastructure/queue/job-map';
import { JobQueue } from '../../infrastructure/queue/job-queue.service';
import { PIPELINE, readySteps } from './pipeline';
import { ProcessingStepEntity, StepState } from './processing-step.entity';

const COMPLETE: StepState[] = ['done', 'skipped'];

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

  /** After commit: enqueue every queued step whose prerequisites are complete. Safe to call repeatedly (job ids dedupe). */
  async enqueueReady(assetIds: string[]): Promise<void> {
    if (!assetIds.length) return;
    const rows = await this.db.getRepository(ProcessingStepEntity).findBy({ assetId: In(assetIds) });
    const byAsset = new Map<string, ProcessingStepEntity[]>();
    for (const r of rows) byAsset.set(r.assetId, [...(byAsset.get(r.assetId) ?? []), r]);
    const jobs = [];
    for (const steps of byAsset.values()) {
      const completed = new Set(steps.filter((s) => COMPLETE.includes(s.state)).map((s) => s.step));
      const pending = new Set(steps.filter((s) => s.state === 'queued').map((s) => s.step));
      for (const name of readySteps(completed, pending)) {
        const s = steps.find((x) => x.step === name)!;
        const data = { workspaceId: s.workspaceId, assetId: s.assetId, step: s.step, blobSha256: s.blobSha256, run: s.run };
        jobs.push({ data, opts: { jobId: pipelineJobId(data) } });
      }
    }
    await this.jobs.addBulk('pipeline.step', jobs);
  }

  stepsFor(workspaceId: string, assetIds: readonly string[]): Promise<ProcessingStepEntity[]> {
    if (!assetIds.length) return Promise.resolve([]);
    return this.db
      .getRepository(ProcessingStepEntity)
      .createQueryBuilder('s')
      .where('s.workspace_id = :workspaceId AND s.asset_id = ANY(:assetIds)', { workspaceId, assetIds })
      .getMany();
  }
}

/** The overall state of an asset's processing, from its steps. */
export function overallState(steps: { state: StepState }[]): StepState {
  if (steps.some((s) => s.state === 'failed')) return 'failed';
  if (steps.some((s) => s.state === 'running')) return 'running';
  if (steps.some((s) => s.state === 'queued')) return 'queued';
  if (steps.length && steps.every((s) => s.state === 'skipped')) return 'skipped';
  return 'done';
}
