import { Context, Parent, ResolveField, Resolver } from '../../common/graphql/schema.decorators';
import type { GqlContext } from '../../common/request-context';
import type { Principal } from '../auth/principal';
import { PrincipalLoader } from '../auth/principal.loader';
import { PrincipalObject } from '../auth/principal.object';
import { AssetEventEntity } from './asset-event.entity';
import { AssetEventObject } from './asset-event.object';
import { AssetEntity } from './asset.entity';
import { AssetLoaders } from './asset.loaders';
import { AssetObject } from './asset.object';

/** Relation fields of AssetEvent, through the per-request loaders (queries and subscriptions alike). */
@Resolver(() => AssetEventObject)
export class AssetEventResolver {
  constructor(private readonly principals: PrincipalLoader, private readonly assets: AssetLoaders) {}

  @ResolveField(() => PrincipalObject, { nullable: true })
  actor(@Parent() e: AssetEventEntity, @Context() ctx: GqlContext): Promise<Principal | null> {
    return this.principals.load(ctx, e.actorId);
  }

  @ResolveField(() => AssetObject, { nullable: true, description: 'The asset the event is about (null once deleted).' })
  asset(@Parent() e: AssetEventEntity, @Context() ctx: GqlContext): Promise<AssetEntity | null> {
    return e.assetId ? this.assets.asset(ctx, e.assetId) : Promise.resolve(null);
  }
}
