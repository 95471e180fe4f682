import { Field, Float, Int, ObjectType } from '../../common/graphql/schema.decorators';
import { GlobalIdField } from '../../common/graphql/global-id.field';
import { Node } from '../../common/graphql/node.interface';
import { JSONScalar } from '../../common/graphql/json.scalar';
import { PageInfo } from '../../common/graphql/pagination';
import { AssetKind, AssetStatus, DerivationOperation } from './asset.enums';

@ObjectType('Generation')
export class GenerationObject {
  @Field(() => String, { nullable: true }) model?: string | null;
  @Field(() => String, { nullable: true }) provider?: string | null;
  @Field(() => String, { nullable: true }) prompt?: string | null;
  @Field(() => String, { nullable: true }) negativePrompt?: string | null;
  @Field(() => String, { nullable: true, description: 'Decimal string: seeds exceed 2^53' }) seed?: string | null;
  @Field(() => Int, { nullable: true }) steps?: number | null;
  @Field(() => String, { nullable: true }) sampler?: string | null;
  @Field(() => Float, { nullable: true }) cfgScale?: number | null;
  @Field(() => Int, { nullable: true }) width?: number | null;
  @Field(() => Int, { nullable: true }) height?: number | null;
  @Field(() => String, { nullable: true }) tool?: string | null;
  @Field(() => JSONScalar, { nullable: true }) params?: Record<string, unknown> | null;
  @Field(() => JSONScalar, { nullable: true, description: 'Where each field came from: client, a1111, comfyui, invokeai, c2pa, exif …' })
  sources?: Record<string, string> | null;
}

/**
 * Resolvers return AssetEntity rows; `id` is their global id (GlobalIdField); other fields that are
 * not plain columns (blob facts, relations, URLs) are @ResolveField()s in AssetResolver, loaded
 * through DataLoaders.
 */
@ObjectType('Asset', { implements: () => [Node] })
export class AssetObject implements Node {
  @GlobalIdField('Asset') id: string;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => AssetKind) kind: AssetKind;
  @Field(() => Int, { nullable: true }) width: number | null;
  @Field(() => Int, { nullable: true }) height: number | null;
  @Field(() => Int, { nullable: true }) durationMs: number | null;
  @Field(() => AssetStatus) status: AssetStatus;
  @Field(() => Date, { nullable: true }) statusChangedAt: Date | null;
  @Field(() => Date, { nullable: true }) approvedAt: Date | null;
  @Field(() => Date) createdAt: Date;
  @Field(() => DerivationOperation, { nullable: true }) operation: DerivationOperation | null;
}

@ObjectType('AssetEdge')
export class AssetEdge {
  @Field(() => AssetObject) node: unknown;
  @Field(() => String) cursor: string;
}

@ObjectType('AssetConnection')
export class AssetConnection {
  @Field(() => [AssetEdge]) edges: AssetEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int, { nullable: true }) totalCount?: number | null;
}
