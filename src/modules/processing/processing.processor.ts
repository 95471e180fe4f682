import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { StoragePort } from '../../infrastructure/storage/storage.port';
import { JobMap, QUEUES } from '../../infrastructure/queue/job-map';
import { OutboxService } from '../../infrastructure/outbox/outbox.service';
import { appendAssetEvent } from '../assets/asset-event.writer';
import { AssetEntity } from '../assets/asset.entity';
import { BlobEntity } from '../assets/blob.entity';
import { LocalCopy } from './local-copy';
import { stepDef } from './pipeline';
import { ProcessingStepEntity } from './processing-step.entity';
import { overallState, ProcessingService } from './processing.service';
import { PermanentStepError, STEP_HANDLERS, StepHandler, StepOutcome } from './step-handler';

type StepJob = Job<JobMap['pipeline.step']>;

/** The one processor of the processing queue: runs a step, records its state, queues what comes next. */
@Processor(QUEUES.processing, { concurrency: Number(process.env.PROCESSING_CONCURRENCY || 4) })
export class ProcessingProcessor extends WorkerHost {
  private readonly logger = new Logger('Processing');
  private readonly handlers: Map<string, StepHandler>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: StoragePort,
    private readonly processing: ProcessingService,
    private readonly outbox: OutboxService,
    @Inject(STEP_HANDLERS) handlers: StepHandler[],
  ) {
    super();
    this.handlers = new Map(handlers.map((h) => [h.name, h]));
  }

  async process(job: StepJob): Promise<void> {
    const { workspaceId, assetId, step, run } = job.data;
    const steps = this.db.getRepository(ProcessingStepEntity);
    const row = await steps.findOneBy({ assetId, step });
    // A newer run superseded this job, or it already finished: nothing to do (idempotent redelivery).
    if (!row || row.run !== run || row.state === 'done' || row.state === 'skipped') return;

    const asset = await this.db.getRepository(AssetEntity).findOneBy({ id: assetId, workspaceId });
    const blob = asset && (await this.db.getRepository(BlobEntity).findOneBy({ id: asset.blobId, workspaceId }));
    if (!asset || !blob || asset.deletedAt) {
      await steps.update({ assetId, step, run }, { state: 'skipped', error: 'asset no longer exists', finishedAt: new Date(), updatedAt: new Date() });
      return;
    }
    await steps.update({ assetId, step, run }, { state: 'running', attempts: () => 'attempts + 1', startedAt: new Date(), updatedAt: new Date() } as never);

    const def = stepDef(step);
    let outcome: StepOutcome;
    const copy = new LocalCopy(this.storage, blob.storageKey);
    try {
      if (!def.kinds.includes(asset.kind)) {
        outcome = { state: 'skipped', reason: `not applicable to ${asset.kind}` };
      } else {
        const handler = this.handlers.get(step);
        if (!handler) throw new PermanentStepError(`no handler registered for step "${step}"`);
        outcome = await withTimeout(handler.run({ asset, blob, localPath: () => copy.get() }), def.timeoutMs, step);
      }
    } catch (err) {
      const finalAttempt = err instanceof PermanentStepError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.recordFailure(job, err as Error, finalAttempt);
      if (finalAttempt) return; // failure is recorded; do not let BullMQ retry a hopeless step
      throw err;
    } finally {
      await copy.dispose();
    }
    await this.recordSuccess(job, asset, outcome);
  }

  private async recordSuccess(job: StepJob, asset: AssetEntity, outcome: StepOutcome): Promise<void> {
    const { assetId, step, run } = job.data;
    await this.db.transaction(async (tx) => {
      // Guarded by run: a concurrent reprocess that bumped the run makes this a no-op.
      const res = await tx.update(
        ProcessingStepEntity,
        { assetId, step, run },
        outcome.state === 'done'
          ? { state: 'done', error: null, producerVersion: outcome.producerVersion, finishedAt: new Date(), updatedAt: new Date() }
          : { state: 'skipped', error: outcome.reason, finishedAt: new Date(), updatedAt: new Date() },
      );
      if (!res.affected) return;
      if (outcome.state === 'done' && outcome.apply) await outcome.apply(tx);
      const all = await tx.findBy(ProcessingStepEntity, { assetId });
      if (all.every((s) => s.state === 'done' || s.state === 'skipped')) {
        await appendAssetEvent(tx, {
          workspaceId: asset.workspaceId, projectId: asset.projectId, assetId, type: 'PROCESSED', actorId: null,
          data: { steps: Object.fromEntries(all.map((s) => [s.step, s.state])) },
        });
        await this.outbox.write(tx, { workspaceId: asset.workspaceId, topic: 'asset.processed', aggregateId: assetId });
      }
    });
    await this.processing.enqueueReady([assetId]);
  }

  private async recordFailure(job: StepJob, err: Error, final: boolean): Promise<void> {
    const { workspaceId, assetId, step, run } = job.data;
    const reason = err.message.slice(0, 2000);
    await this.db.transaction(async (tx) => {
      const res = await tx.update(
        ProcessingStepEntity,
        { assetId, step, run },
        { state: final ? 'failed' : 'queued', error: reason, finishedAt: final ? new Date() : null, updatedAt: new Date() },
      );
      if (!res.affected || !final) return;
      const asset = await tx.findOneBy(AssetEntity, { id: assetId, workspaceId });
      await appendAssetEvent(tx, {
        workspaceId, projectId: asset?.projectId ?? null, assetId, type: 'PROCESSING_FAILED', actorId: null, data: { step, reason },
      });
      await this.outbox.write(tx, { workspaceId, topic: 'asset.processing_failed', aggregateId: assetId, payload: { step, reason } });
    });
    if (final) this.logger.warn(`step ${step} failed for asset ${assetId}: ${reason}`);
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.error(`worker error: ${err.message}`);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, step: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`step ${step} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export { overallState };
