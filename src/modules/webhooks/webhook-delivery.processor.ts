import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { OutboxEntity } from '../../infrastructure/outbox/outbox.entity';
import { JobMap, QUEUES } from '../../infrastructure/queue/job-map';
import { assetEventsForOutbox } from '../live/outbox-asset-events.query';
import { webhookBody } from './webhook.payload';
import { WebhookSender } from './webhook.sender';
import { WebhookService } from './webhook.service';

type DeliverJob = Job<JobMap['webhook.deliver']>;

/** The one processor of the webhooks queue: one attempt per run, logged; BullMQ's backoff spaces the retries. */
@Processor(QUEUES.webhooks, { concurrency: 8 })
export class WebhookDeliveryProcessor extends WorkerHost {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhookService,
    private readonly sender: WebhookSender,
  ) {
    super();
  }

  async process(job: DeliverJob): Promise<void> {
    const { workspaceId, webhookId, outboxId } = job.data;
    const hook = await this.webhooks.find(workspaceId, webhookId);
    if (!hook || !hook.active) return; // deleted or switched off since the job was queued
    const row = await this.db.getRepository(OutboxEntity).findOneBy({ id: outboxId, workspaceId });
    if (!row) return; // outbox rows are the source; a pruned one has nothing left to send

    const events = (await assetEventsForOutbox(this.db.manager, [outboxId])).map((c) => c.event);
    const body = webhookBody(row, events);
    const attempt = job.attemptsMade + 1;
    const result = await this.sender.send(hook.url, hook.secret, body, {
      'Lightbox-Event': row.topic,
      'Lightbox-Delivery': row.id,
      'Lightbox-Attempt': String(attempt),
    });
    const final = result.succeeded || result.permanent || attempt >= (job.opts.attempts ?? 1);
    await this.webhooks.recordAttempt(hook, row.id, row.topic, { attempt, ...result, final });
    // Throwing hands the job back to BullMQ, which retries it after the exponential backoff.
    if (!final) throw new Error(result.error ?? 'delivery failed');
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.error(`worker error: ${err.message}`);
  }
}
