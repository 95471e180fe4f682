import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { pipelineJobId } from '../../infrastructure/queue/job-map';
import { JobQueue } from '../../infrastructure/queue/job-queue.service';
import { ProcessingService } from './processing.service';

/** BullMQ states in which a job will still run (or is running): the reconciler leaves those alone. */
const LIVE = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Finds steps stuck in queued/running with no live job (Redis lost its data, a crash between
 * commit and enqueue, a job removed by hand) and enqueues them again. Postgres is the truth.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger('Reconciler');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processing: ProcessingService,
    private readonly jobs: JobQueue,
  ) {}

  async reconcile(): Promise<{ checked: number; requeued: number }> {
    const ids = await this.processing.stuckAssetIds(this.config.processing.reconcileStaleMs);
    const expected = await this.processing.readyJobs(ids, true);
    const queue = this.jobs.queue('processing');
    let requeued = 0;
    for (const data of expected) {
      const jobId = pipelineJobId(data);
      const state = await queue.getJobState(jobId);
      if (LIVE.has(state)) continue;
      // A finished job with the same id would swallow the re-add (BullMQ dedups by id while it is kept).
      if (state === 'completed' || state === 'failed') await queue.remove(jobId).catch(() => 0);
      await this.jobs.add('pipeline.job', data, { jobId });
      requeued++;
    }
    if (requeued) this.logger.log(`re-enqueued ${requeued} stuck job(s) for ${ids.length} asset(s)`);
    return { checked: ids.length, requeued };
  }
}
