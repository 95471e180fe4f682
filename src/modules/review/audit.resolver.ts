import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '../../common/graphql/schema.decorators';
import { idOf } from '../../common/graphql/global-id';
import { pageInfo, pageSize } from '../../common/graphql/pagination';
import type { GqlContext } from '../../common/request-context';
import { AssetEventEntity } from '../assets/asset-event.entity';
import { AssetEventConnection } from '../assets/asset-event.object';
import { AssetEntity } from '../assets/asset.entity';
import { workspaceOf } from '../assets/asset.loaders';
import { AssetObject } from '../assets/asset.object';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProjectService } from '../projects/project.service';
import { AuditService, decodeEventCursor, encodeEventCursor } from './audit.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function connection(rows: AssetEventEntity[], limit: number, hasPrevious: boolean): AssetEventConnection {
  const page = pageInfo(rows, limit, (e) => encodeEventCursor(e.id), hasPrevious);
  return { edges: page.items.map((node) => ({ node, cursor: encodeEventCursor(node.id) })), pageInfo: page.pageInfo };
}

const EMPTY: AssetEventConnection = { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };

/** The audit trail, read-only. AssetEvent's own fields (id, actor, asset) are resolved in the assets module. */
@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService, private readonly projects: ProjectService) {}

  @Query(() => AssetEventConnection, { description: 'The workspace audit trail, oldest first; since inclusive, until exclusive' })
  async events(
    @CurrentPrincipal() me: Principal,
    @Args('projectId', { type: () => ID, nullable: true }) projectId?: string,
    @Args('types', { type: () => [String], nullable: true }) types?: string[],
    @Args('actor', { type: () => ID, nullable: true, description: 'A Principal id' }) actor?: string,
    @Args('since', { type: () => Date, nullable: true }) since?: Date,
    @Args('until', { type: () => Date, nullable: true }) until?: Date,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<AssetEventConnection> {
    const limit = pageSize(first);
    const afterId = decodeEventCursor(after);
    let projectUuid: string | undefined;
    if (projectId) {
      const uuid = idOf('Project', projectId);
      // Another workspace's project answers like an empty one.
      if (!uuid || !(await this.projects.findById(me.workspaceId, uuid))) return EMPTY;
      projectUuid = uuid;
    }
    if (actor && !UUID.test(actor)) return EMPTY;
    const rows = await this.audit.page(me.workspaceId, { projectId: projectUuid, types: types ?? undefined, actorId: actor, since, until }, limit, afterId);
    return connection(rows, limit, !!afterId);
  }
}

@Resolver(() => AssetObject)
export class AssetEventsFieldResolver {
  constructor(private readonly audit: AuditService) {}

  @ResolveField(() => AssetEventConnection, { description: "This asset's history, oldest first" })
  async events(
    @Parent() asset: AssetEntity,
    @Context() ctx: GqlContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<AssetEventConnection> {
    const limit = pageSize(first);
    const afterId = decodeEventCursor(after);
    const ws = workspaceOf(ctx);
    const rows = await ctx.loaders
      .get<string, AssetEventEntity[]>(`asset.events:${limit}:${afterId ?? ''}`, async (ids) => {
        const all = await this.audit.pageForAssets(ws, ids, limit, afterId);
        return ids.map((id) => all.filter((e) => e.assetId === id));
      })
      .load(asset.id);
    return connection(rows, limit, !!afterId);
  }
}
