import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobMap, QUEUES } from '../../infrastructure/queue/job-map';
import { ReindexService } from './reindex.service';

/** The search queue's processor: one reindex at a time per worker. */
@Processor(QUEUES.search, { concurrency: 1 })
export class ReindexProcessor extends WorkerHost {
  constructor(private readonly reindex: ReindexService) {
    super();
  }

  async process(job: Job<JobMap['search.reindex']>): Promise<void> {
    await this.reindex.run(job.data.jobId, job.data.engine);
  }
}
