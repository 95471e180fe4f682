import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUE, JobMap, JobName, QUEUES, QueueKey } from './job-map';

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Typed producer for every queue. */
@Injectable()
export class JobQueue {
  private readonly queues: Record<QueueKey, Queue>;

  constructor(
    @InjectQueue(QUEUES.processing) processing: Queue,
    @InjectQueue(QUEUES.maintenance) maintenance: Queue,
    @InjectQueue(QUEUES.webhooks) webhooks: Queue,
    @InjectQueue(QUEUES.search) search: Queue,
  ) {
    this.queues = { processing, maintenance, webhooks, search };
  }

  async add<N extends JobName>(name: N, data: JobMap[N], opts: JobsOptions = {}): Promise<void> {
    await this.queues[JOB_QUEUE[name]].add(name, data, { ...DEFAULT_JOB_OPTIONS, ...opts });
  }

  async addBulk<N extends JobName>(name: N, jobs: { data: JobMap[N]; opts?: JobsOptions }[]): Promise<void> {
    if (!jobs.length) return;
    await this.queues[JOB_QUEUE[name]].addBulk(
      jobs.map((j) => ({ name, data: j.data, opts: { ...DEFAULT_JOB_OPTIONS, ...j.opts } })),
    );
  }

  queue(key: QueueKey): Queue {
    return this.queues[key];
  }
}
