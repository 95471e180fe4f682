import type { AppConfig } from '../../config/app-config';
import type { OutboxEntity } from '../../infrastructure/outbox/outbox.entity';
import type { OutboxRelay } from '../../infrastructure/outbox/outbox-relay.service';
import type { JobQueue } from '../../infrastructure/queue/job-queue.service';
import { WebhookDispatcher } from './webhook.dispatcher';
import type { WebhookEntity } from './webhook.entity';
import type { WebhookService } from './webhook.service';

const row = (id: string, workspaceId: string, topic: string) => ({ id, workspaceId, topic }) as OutboxEntity;
const hook = (id: string, workspaceId: string, events: string[]) => ({ id, workspaceId, events, active: true }) as WebhookEntity;

describe('WebhookDispatcher', () => {
  function dispatcher(hooks: WebhookEntity[]) {
    const added: { data: unknown; opts: { jobId: string } }[] = [];
    const jobs = { addBulk: async (_name: string, list: typeof added) => void added.push(...list) } as unknown as JobQueue;
    const service = { activeFor: async () => hooks } as unknown as WebhookService;
    const config = { webhooks: { maxAttempts: 3, retryDelayMs: 100 } } as AppConfig;
    return { d: new WebhookDispatcher(service, jobs, {} as OutboxRelay, config), added };
  }

  it("pairs each outbox row only with its own workspace's webhooks whose events match, in one batch", async () => {
    const { d, added } = dispatcher([hook('ha', 'wa', ['*']), hook('hb', 'wb', ['asset.status_changed']), hook('hb2', 'wb', ['stack.*'])]);
    await d.handle([row('1', 'wa', 'asset.status_changed'), row('2', 'wb', 'asset.status_changed'), row('3', 'wb', 'asset.commented')]);
    expect(added.map((j) => j.data)).toEqual([
      { workspaceId: 'wa', webhookId: 'ha', outboxId: '1' },
      { workspaceId: 'wb', webhookId: 'hb', outboxId: '2' },
    ]);
  });

  it('uses one deterministic job id per (webhook, outbox row), so a redelivered batch queues nothing new', async () => {
    const { d, added } = dispatcher([hook('ha', 'wa', ['*'])]);
    await d.handle([row('7', 'wa', 'asset.processed')]);
    await d.handle([row('7', 'wa', 'asset.processed')]);
    expect(added.map((j) => j.opts.jobId)).toEqual(['webhook.ha.7', 'webhook.ha.7']);
    expect(added[0].opts.jobId).not.toContain(':');
  });
});
