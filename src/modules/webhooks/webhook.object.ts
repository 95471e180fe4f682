import { createUnionType, Field, ID, InputType, Int, ObjectType } from '../../common/graphql/schema.decorators';
import { GlobalIdField } from '../../common/graphql/global-id.field';
import { IsString } from 'class-validator';
import { ForbiddenForRoleError } from '../../common/errors/error-result';
import { Node } from '../../common/graphql/node.interface';
import { PageInfo } from '../../common/graphql/pagination';
import { BlockedUrlError } from '../ingest/ingest.results';
import { WebhookEntity } from './webhook.entity';

@InputType()
export class CreateWebhookInput {
  // Lengths and patterns are checked by WebhookService, which names the field in a BAD_USER_INPUT error.
  @Field(() => String) @IsString() url: string;
  @Field(() => [String], { description: "Outbox topics ('asset.status_changed', 'asset.commented', 'asset.processed' …), 'asset.*' or '*'" })
  @IsString({ each: true })
  events: string[];
  @Field(() => String, { description: 'HMAC-SHA256 key for Lightbox-Signature; stored to sign, never returned' })
  @IsString() secret: string;
}

/** Resolvers return WebhookEntity rows; `id` is their global id (GlobalIdField), `deliveries` a resolve field (the secret has no field at all). */
@ObjectType('Webhook', { implements: () => [Node] })
export class WebhookObject implements Node {
  @GlobalIdField('Webhook') id: string;
  @Field(() => String) url: string;
  @Field(() => [String]) events: string[];
  @Field(() => Boolean, { description: 'False once switched off after repeated failed deliveries' }) active: boolean;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) disabledAt: Date | null;
  @Field(() => String, { nullable: true }) disabledReason: string | null;
}

@ObjectType('WebhookDelivery')
export class WebhookDeliveryObject {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'The outbox topic delivered' }) event: string;
  @Field(() => Int) attempt: number;
  @Field(() => Int, { nullable: true, description: 'HTTP status, when a response arrived' }) status: number | null;
  @Field(() => Boolean) succeeded: boolean;
  @Field(() => Date) at: Date;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => Int, { nullable: true }) durationMs: number | null;
}

@ObjectType('WebhookDeliveryEdge')
export class WebhookDeliveryEdge {
  @Field(() => WebhookDeliveryObject) node: WebhookDeliveryObject;
  @Field(() => String) cursor: string;
}

@ObjectType('WebhookDeliveryConnection')
export class WebhookDeliveryConnection {
  @Field(() => [WebhookDeliveryEdge]) edges: WebhookDeliveryEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

export const CreateWebhookResult = createUnionType({
  name: 'CreateWebhookResult',
  types: () => [WebhookObject, BlockedUrlError, ForbiddenForRoleError] as const,
  resolveType: (v: object) => (v instanceof WebhookEntity ? WebhookObject : (v.constructor as never)),
});
