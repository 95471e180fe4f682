import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '../../common/graphql/schema.decorators';
import { idOf } from '../../common/graphql/global-id';
import { decodeCursor, encodeCursor, pageInfo, pageSize } from '../../common/graphql/pagination';
import type { GqlContext } from '../../common/request-context';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { Role } from '../auth/role';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEntity } from './webhook.entity';
import { CreateWebhookInput, CreateWebhookResult, WebhookDeliveryConnection, WebhookObject } from './webhook.object';
import { CreateWebhookOutcome, WebhookService } from './webhook.service';

@Resolver(() => WebhookObject)
export class WebhookResolver {
  constructor(private readonly service: WebhookService) {}

  @Mutation(() => CreateWebhookResult, { description: 'Admin only (ForbiddenForRoleError otherwise); the URL passes the SSRF guard.' })
  createWebhook(@CurrentPrincipal() me: Principal, @Args('input') input: CreateWebhookInput): Promise<CreateWebhookOutcome> {
    return this.service.create(me, input);
  }

  @Mutation(() => WebhookObject, { nullable: true, description: 'Admin only. Re-enabling an auto-disabled webhook resets its failure count; null if not found.' })
  @RequireRole(Role.ADMIN)
  async setWebhookActive(
    @CurrentPrincipal() me: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('active', { type: () => Boolean }) active: boolean,
  ): Promise<WebhookEntity | null> {
    const uuid = idOf('Webhook', id);
    return uuid ? this.service.setActive(me.workspaceId, uuid, active) : null;
  }

  @Query(() => [WebhookObject], { description: "The workspace's webhooks (admin only: URLs may carry tokens)." })
  @RequireRole(Role.ADMIN)
  webhooks(@CurrentPrincipal() me: Principal): Promise<WebhookEntity[]> {
    return this.service.list(me.workspaceId);
  }

  @ResolveField(() => WebhookDeliveryConnection, { description: 'Delivery attempts, newest first.' })
  async deliveries(
    @Parent() w: WebhookEntity,
    @Context() ctx: GqlContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<WebhookDeliveryConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const ws = w.workspaceId;
    // One query for every webhook in the response that asks for the same page.
    const rows = await ctx.loaders
      .get<string, WebhookDeliveryEntity[]>(`webhook.deliveries:${limit}:${after ?? ''}`, async (ids) => {
        const all = await this.service.deliveries(ws, ids, limit, cursor);
        return ids.map((id) => all.filter((d) => d.webhookId === id));
      })
      .load(w.id);
    const cursorOf = (d: WebhookDeliveryEntity) => encodeCursor(d.at, d.id);
    const page = pageInfo(rows, limit, cursorOf, !!cursor);
    return { edges: page.items.map((node) => ({ node, cursor: cursorOf(node) })), pageInfo: page.pageInfo };
  }
}
