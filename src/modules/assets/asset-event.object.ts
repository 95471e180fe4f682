import { Field, ObjectType } from '../../common/graphql/schema.decorators';
import { GlobalIdField } from '../../common/graphql/global-id.field';
import { JSONScalar } from '../../common/graphql/json.scalar';
import { Node } from '../../common/graphql/node.interface';
import { PageInfo } from '../../common/graphql/pagination';

/**
 * One entry of the append-only audit trail. Resolvers return AssetEventEntity rows (or the same
 * shape rebuilt from a live message); `id` is their global id (GlobalIdField), `actor` and `asset`
 * are @ResolveField()s in AssetEventResolver. Shared by the events queries (review) and the
 * assetEvents subscription (live).
 */
@ObjectType('AssetEvent', { implements: () => [Node] })
export class AssetEventObject implements Node {
  @GlobalIdField('AssetEvent') id: string;
  @Field(() => String) type: string;
  @Field(() => Date) at: Date;
  @Field(() => JSONScalar, { nullable: true }) data: Record<string, unknown> | null;
}

@ObjectType('AssetEventEdge')
export class AssetEventEdge {
  @Field(() => AssetEventObject) node: unknown;
  @Field(() => String) cursor: string;
}

@ObjectType('AssetEventConnection')
export class AssetEventConnection {
  @Field(() => [AssetEventEdge]) edges: AssetEventEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}
