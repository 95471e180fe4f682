import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '../../common/graphql/schema.decorators';
import type { GqlContext } from '../../common/request-context';
import { AssetEntity } from '../assets/asset.entity';
import { AssetStatus } from '../assets/asset.enums';
import { AssetObject } from '../assets/asset.object';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { TransitionAssetInput, TransitionAssetsInput } from './transition.inputs';
import { TransitionResult } from './transition.results';
import { TransitionService } from './transition.service';

/**
 * Review mutations. No @RequireRole: a viewer gets the typed ForbiddenForRoleError from the
 * status machine, like any other role that may not take a given transition.
 */
@Resolver(() => AssetObject)
export class TransitionResolver {
  constructor(private readonly transitions: TransitionService) {}

  @Mutation(() => TransitionResult)
  transitionAsset(@CurrentPrincipal() me: Principal, @Args('input') input: TransitionAssetInput) {
    return this.transitions.transition(me, input);
  }

  @Mutation(() => [TransitionResult], { description: 'Per-asset results in input order; one transaction per asset; at most 500 ids' })
  transitionAssets(@CurrentPrincipal() me: Principal, @Args('input') input: TransitionAssetsInput) {
    return this.transitions.transitionMany(me, input.assetIds, input.to, input.reason);
  }

  @ResolveField(() => [AssetStatus], { description: 'Statuses the caller may move this asset to now (a reason may still be required)' })
  allowedTransitions(@Parent() asset: AssetEntity, @Context() ctx: GqlContext): AssetStatus[] {
    return ctx.principal ? this.transitions.allowedTargets(ctx.principal, asset) : [];
  }
}
