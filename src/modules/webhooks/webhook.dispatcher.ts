import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { OutboxConsumer } from '../../infrastructure/outbox/outbox-consumer';
import { OutboxRelay } from '../../infrastructure/outbox/outbox-relay.service';
import { OutboxEntity } from '../../infrastructure/outbox/outbox.entity';
import { JobMap, webhookJobId } from '../../infrastructure/queue/job-map';
import { JobQueue } from '../../infrastructure/queue/job-queue.service';
import { matchesEvent } from './webhook-events';
import { WebhookService } from './webhook.service';

/**
 * worker role: one delivery job per (webhook, outbox row) of the same workspace. Deterministic job ids
 * make a relay retry of the same batch a no-op; the HTTP work happens in the delivery processor.
 */
@Injectable()
export class WebhookDispatcher implements OutboxConsumer, OnModuleInit {
  readonly name = 'webhooks';
  readonly topics = '*' as const;

  constructor(
    private readonly webhooks: WebhookService,
    private readonly jobs: JobQueue,
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.relay.register(this);
  }

  async handle(messages: OutboxEntity[]): Promise<void> {
    const hooks = await this.webhooks.activeFor(messages.map((m) => m.workspaceId));
    if (!hooks.length) return;
    const { maxAttempts, retryDelayMs } = this.config.webhooks;
    const jobs: { data: JobMap['webhook.deliver']; opts: { jobId: string; attempts: number; backoff: { type: 'exponential'; delay: number } } }[] = [];
    for (const m of messages) {
      for (const h of hooks) {
        // Tenancy: a webhook only ever sees its own workspace's events.
        if (h.workspaceId !== m.workspaceId || !matchesEvent(h.events, m.topic)) continue;
        const data = { workspaceId: m.workspaceId, webhookId: h.id, outboxId: m.id };
        jobs.push({ data, opts: { jobId: webhookJobId(data), attempts: maxAttempts, backoff: { type: 'exponential', delay: retryDelayMs } } });
      }
    }
    await this.jobs.addBulk('webhook.deliver', jobs);
  }
}
