import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '../../common/graphql/schema.decorators';
import { byKeys } from '../../common/graphql/loaders';
import type { GqlContext } from '../../common/request-context';
import { AssetEntity } from '../assets/asset.entity';
import { workspaceOf } from '../assets/asset.loaders';
import { AssetObject } from '../assets/asset.object';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { StackEntity } from './stack.entity';
import { CreateStackInput, SetStackPickInput, StackMembershipInput } from './stack.inputs';
import { StackObject, StackResult } from './stack.object';
import { StackService } from './stack.service';

function members(ctx: GqlContext, stacks: StackService, stackId: string): Promise<AssetEntity[]> {
  const ws = workspaceOf(ctx);
  return ctx.loaders
    .get<string, AssetEntity[]>('stack.members', async (ids) => {
      const rows = await stacks.membersOf(ws, ids);
      return ids.map((id) => rows.filter((r) => r.stackId === id));
    })
    .load(stackId);
}

/** Stack mutations return typed results; viewers get ForbiddenForRoleError. */
@Resolver(() => StackObject)
export class StackResolver {
  constructor(private readonly stacks: StackService) {}

  @Mutation(() => StackResult)
  createStack(@CurrentPrincipal() me: Principal, @Args('input') input: CreateStackInput) {
    return this.stacks.create(me, input.assetIds);
  }

  @Mutation(() => StackResult)
  addToStack(@CurrentPrincipal() me: Principal, @Args('input') input: StackMembershipInput) {
    return this.stacks.add(me, input.stackId, input.assetIds);
  }

  @Mutation(() => StackResult, { description: 'Removing the pick promotes the oldest remaining member; an emptied stack is deleted' })
  removeFromStack(@CurrentPrincipal() me: Principal, @Args('input') input: StackMembershipInput) {
    return this.stacks.remove(me, input.stackId, input.assetIds);
  }

  @Mutation(() => StackResult)
  setStackPick(@CurrentPrincipal() me: Principal, @Args('input') input: SetStackPickInput) {
    return this.stacks.setPick(me, input.stackId, input.assetId);
  }

  @ResolveField(() => AssetObject, { nullable: true })
  async pick(@Parent() s: StackEntity, @Context() ctx: GqlContext): Promise<AssetEntity | null> {
    return (await members(ctx, this.stacks, s.id)).find((a) => a.isPick) ?? null;
  }

  @ResolveField(() => [AssetObject], { description: 'Pick first, then oldest first' })
  members(@Parent() s: StackEntity, @Context() ctx: GqlContext): Promise<AssetEntity[]> {
    return members(ctx, this.stacks, s.id);
  }
}

@Resolver(() => AssetObject)
export class AssetStackFieldResolver {
  constructor(private readonly stacks: StackService) {}

  @ResolveField(() => StackObject, { nullable: true })
  stack(@Parent() a: AssetEntity, @Context() ctx: GqlContext): Promise<StackEntity | null> | null {
    if (!a.stackId) return null;
    const ws = workspaceOf(ctx);
    return ctx.loaders
      .get<string, StackEntity | null>('stack', async (ids) => byKeys(ids, await this.stacks.stacksByIds(ws, ids), (s) => s.id))
      .load(a.stackId);
  }

  @ResolveField(() => Boolean, { description: "True when this asset is its stack's pick" })
  isPick(@Parent() a: AssetEntity): boolean {
    return !!a.stackId && a.isPick;
  }
}
