import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '../../common/graphql/schema.decorators';
import type { GqlContext } from '../../common/request-context';
import { AssetEntity } from '../assets/asset.entity';
import { AssetLoaders, workspaceOf } from '../assets/asset.loaders';
import { AssetObject } from '../assets/asset.object';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { PrincipalLoader } from '../auth/principal.loader';
import { PrincipalObject } from '../auth/principal.object';
import { Role } from '../auth/role';
import { CommentEntity } from './comment.entity';
import { AddCommentInput } from './comment.inputs';
import { CommentObject, RegionObject, TimeRangeObject } from './comment.object';
import { CommentService } from './comment.service';

@Resolver(() => CommentObject)
export class CommentResolver {
  constructor(private readonly comments: CommentService, private readonly principals: PrincipalLoader, private readonly assets: AssetLoaders) {}

  @Mutation(() => CommentObject)
  @RequireRole(Role.CONTRIBUTOR)
  addComment(@CurrentPrincipal() me: Principal, @Args('input') input: AddCommentInput): Promise<CommentEntity> {
    return this.comments.add(me, input);
  }

  @Mutation(() => CommentObject)
  @RequireRole(Role.CONTRIBUTOR)
  resolveComment(@CurrentPrincipal() me: Principal, @Args('id', { type: () => ID }) id: string): Promise<CommentEntity> {
    return this.comments.resolve(me, id);
  }

  @Mutation(() => CommentObject)
  @RequireRole(Role.CONTRIBUTOR)
  reopenComment(@CurrentPrincipal() me: Principal, @Args('id', { type: () => ID }) id: string): Promise<CommentEntity> {
    return this.comments.reopen(me, id);
  }

  @ResolveField(() => PrincipalObject)
  async author(@Parent() c: CommentEntity, @Context() ctx: GqlContext): Promise<PrincipalObject> {
    // Keys are revoked, not deleted; the fallback only guards the non-null contract.
    return (await this.principals.load(ctx, c.authorId)) ?? { id: c.authorId, name: 'unknown key', role: Role.VIEWER };
  }

  @ResolveField(() => PrincipalObject, { nullable: true })
  resolvedBy(@Parent() c: CommentEntity, @Context() ctx: GqlContext) {
    return this.principals.load(ctx, c.resolvedBy);
  }

  @ResolveField(() => AssetObject, { nullable: true })
  asset(@Parent() c: CommentEntity, @Context() ctx: GqlContext): Promise<AssetEntity | null> {
    return this.assets.asset(ctx, c.assetId);
  }

  @ResolveField(() => RegionObject, { nullable: true })
  region(@Parent() c: CommentEntity): RegionObject | null {
    if (c.regionX === null || c.regionY === null || c.regionWidth === null || c.regionHeight === null) return null;
    return { x: c.regionX, y: c.regionY, width: c.regionWidth, height: c.regionHeight };
  }

  @ResolveField(() => TimeRangeObject, { nullable: true })
  timeRange(@Parent() c: CommentEntity): TimeRangeObject | null {
    return c.timeStartMs === null || c.timeEndMs === null ? null : { startMs: c.timeStartMs, endMs: c.timeEndMs };
  }
}

@Resolver(() => AssetObject)
export class AssetCommentsFieldResolver {
  constructor(private readonly service: CommentService) {}

  @ResolveField(() => [CommentObject], { description: 'All comments, oldest first (resolved ones too)' })
  comments(@Parent() asset: AssetEntity, @Context() ctx: GqlContext): Promise<CommentEntity[]> {
    const ws = workspaceOf(ctx);
    return ctx.loaders
      .get<string, CommentEntity[]>('asset.comments', async (ids) => {
        const rows = await this.service.forAssets(ws, ids);
        return ids.map((id) => rows.filter((r) => r.assetId === id));
      })
      .load(asset.id);
  }
}
