import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { QUEUES } from '../../infrastructure/queue/job-map';
import { JobQueue } from '../../infrastructure/queue/job-queue.service';
import { PipelineJobRun, ProcessingRunner } from './processing.processor';
import { ReconcilerService } from './reconciler.service';

export const RECONCILE_SCHEDULER_ID = 'maintenance.reconcile';

/**
 * The BullMQ workers of the worker role, built from config (not decorators) so concurrency,
 * lock duration and stall detection follow PROCESSING_CONCURRENCY / PROCESSING_LOCK_MS.
 * The reconciler is a repeatable job on the maintenance queue; its scheduler is re-upserted
 * periodically so it comes back by itself after Redis lost its data.
 */
@Injectable()
export class ProcessingWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ProcessingWorkers');
  private connection?: IORedis;
  private workers: Worker[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: ProcessingRunner,
    private readonly reconciler: ReconcilerService,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const p = this.config.processing;
    this.connection = new IORedis(this.config.redisUrl, { maxRetriesPerRequest: null });
    const common = { connection: this.connection, prefix: this.config.queuePrefix, lockDuration: p.lockMs, stalledInterval: p.lockMs, maxStalledCount: 3 };
    const processing = new Worker(QUEUES.processing, (job: PipelineJobRun) => this.runner.process(job), { ...common, concurrency: p.concurrency });
    const maintenance = new Worker(
      QUEUES.maintenance,
      async (job: Job) => {
        if (job.name === 'maintenance.reconcile') return this.reconciler.reconcile();
        throw new Error(`no maintenance handler for job "${job.name}"`);
      },
      { ...common, concurrency: 1 },
    );
    this.workers = [processing, maintenance];
    for (const w of this.workers) w.on('error', (err) => this.logger.error(`${w.name}: ${err.message}`));
    await this.scheduleReconciler();
    this.timer = setInterval(() => void this.scheduleReconciler(), Math.max(p.reconcileIntervalMs, 5_000));
    this.timer.unref();
  }

  private async scheduleReconciler(): Promise<void> {
    try {
      await this.jobs
        .queue('maintenance')
        .upsertJobScheduler(RECONCILE_SCHEDULER_ID, { every: this.config.processing.reconcileIntervalMs }, { name: 'maintenance.reconcile', data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    } catch (err) {
      this.logger.warn(`could not schedule the reconciler: ${(err as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.workers.map((w) => w.close()));
    await this.connection?.quit().catch(() => undefined);
  }
}
