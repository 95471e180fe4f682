import { Args, ID, Query, Resolver } from '../../common/graphql/schema.decorators';
import { Node } from '../../common/graphql/node.interface';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { NodeRegistry } from './node-registry';

/** Relay `node(id)`: any object by global id, within the caller's workspace only. */
@Resolver()
export class NodeResolver {
  constructor(private readonly registry: NodeRegistry) {}

  @Query(() => Node, { nullable: true })
  node(@CurrentPrincipal() me: Principal, @Args('id', { type: () => ID }) id: string): Promise<object | null> {
    return this.registry.load(me, id);
  }
}
