import { DynamicModule, Module, Provider } from '@nestjs/common';
import { Role } from '../auth/role';
import { NodeRegistry } from '../node/node-registry';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDispatcher } from './webhook.dispatcher';
import { WebhookEntity } from './webhook.entity';
import { WebhookResolver } from './webhook.resolver';
import { WebhookSender } from './webhook.sender';
import { WebhookService } from './webhook.service';

/** api: createWebhook / webhooks. worker: the outbox dispatcher and the delivery processor. */
@Module({})
export class WebhooksModule {
  constructor(registry: NodeRegistry, webhooks: WebhookService) {
    // Webhooks are admin-only, through node(id) as through `webhooks`.
    registry.register('Webhook', {
      returns: WebhookEntity,
      load: async (me, id) => (me.role === Role.ADMIN ? webhooks.find(me.workspaceId, id) : null),
    });
  }

  static register(opts: { api: boolean; worker: boolean }): DynamicModule {
    const providers: Provider[] = [WebhookService];
    if (opts.api) providers.push(WebhookResolver);
    if (opts.worker) providers.push(WebhookSender, WebhookDispatcher, WebhookDeliveryProcessor);
    return { module: WebhooksModule, providers, exports: [WebhookService] };
  }
}
