import { Args, Context, Float, ID, Int, Parent, Query, ResolveField, Resolver } from '../../common/graphql/schema.decorators';
import { idOf } from '../../common/graphql/global-id';
import { decodeCursor, encodeCursor, pageInfo, pageSize } from '../../common/graphql/pagination';
import type { GqlContext } from '../../common/request-context';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { PrincipalObject } from '../auth/principal.object';
import { PrincipalLoader } from '../auth/principal.loader';
import { ProjectObject } from '../projects/project.object';
import { toProjectObject } from '../projects/project.resolver';
import { ProjectService } from '../projects/project.service';
import { AssetEntity } from './asset.entity';
import { AssetLoaders, workspaceOf } from './asset.loaders';
import { AssetConnection, AssetObject, GenerationObject } from './asset.object';
import { AssetService } from './asset.service';
import { FileUrlService } from './file-url.service';

@Resolver(() => AssetObject)
export class AssetResolver {
  constructor(
    private readonly assetService: AssetService,
    private readonly loaders: AssetLoaders,
    private readonly principals: PrincipalLoader,
    private readonly projects: ProjectService,
    private readonly urls: FileUrlService,
  ) {}

  @Query(() => AssetObject, { nullable: true })
  async asset(@CurrentPrincipal() me: Principal, @Args('id', { type: () => ID }) id: string): Promise<AssetEntity | null> {
    const uuid = idOf('Asset', id);
    return uuid ? this.assetService.findById(me.workspaceId, uuid) : null;
  }

  @Query(() => AssetConnection)
  async assets(
    @CurrentPrincipal() me: Principal,
    @Args('projectId', { type: () => ID, nullable: true }) projectId?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<AssetConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    let projectUuid: string | undefined;
    if (projectId) {
      const uuid = idOf('Project', projectId);
      // Another workspace's project, or a malformed id, answers like an empty project.
      if (!uuid || !(await this.projects.findById(me.workspaceId, uuid))) return emptyConnection();
      projectUuid = uuid;
    }
    const rows = await this.assetService.page(me.workspaceId, { projectId: projectUuid, limit, after: cursor });
    const page = pageInfo(rows, limit, (a) => encodeCursor(a.createdAt, a.id), !!cursor);
    return { edges: page.items.map((node) => ({ node, cursor: encodeCursor(node.createdAt, node.id) })), pageInfo: page.pageInfo };
  }

  @ResolveField(() => ProjectObject)
  async project(@Parent() a: AssetEntity, @Context() ctx: GqlContext): Promise<ProjectObject> {
    const ws = workspaceOf(ctx);
    const p = await ctx.loaders
      .get<string, ProjectObject>('project', async (ids) => {
        const rows = await this.projects.findByIds(ws, ids);
        return ids.map((id) => {
          const row = rows.find((r) => r.id === id);
          return row ? toProjectObject(row) : new Error(`project ${id} missing`);
        });
      })
      .load(a.projectId);
    return p;
  }

  @ResolveField(() => String)
  async mime(@Parent() a: AssetEntity, @Context() ctx: GqlContext): Promise<string> {
    return (await this.loaders.blob(ctx, a.blobId)).mime;
  }

  @ResolveField(() => Float)
  async size(@Parent() a: AssetEntity, @Context() ctx: GqlContext): Promise<number> {
    return (await this.loaders.blob(ctx, a.blobId)).size;
  }

  @ResolveField(() => String)
  async sha256(@Parent() a: AssetEntity, @Context() ctx: GqlContext): Promise<string> {
    return (await this.loaders.blob(ctx, a.blobId)).sha256;
  }

  @ResolveField(() => PrincipalObject, { nullable: true })
  createdBy(@Parent() a: AssetEntity, @Context() ctx: GqlContext) {
    return this.principals.load(ctx, a.createdBy);
  }

  @ResolveField(() => PrincipalObject, { nullable: true })
  approvedBy(@Parent() a: AssetEntity, @Context() ctx: GqlContext) {
    return this.principals.load(ctx, a.approvedBy);
  }

  @ResolveField(() => GenerationObject, { nullable: true })
  generation(@Parent() a: AssetEntity): GenerationObject | null {
    const g = a.generation ?? {};
    if (Object.keys(g).length === 0) return null;
    return { ...g, sources: a.generationSources ?? {} };
  }

  @ResolveField(() => AssetObject, { nullable: true })
  parent(@Parent() a: AssetEntity, @Context() ctx: GqlContext): Promise<AssetEntity | null> | null {
    return a.parentId ? this.loaders.asset(ctx, a.parentId) : null;
  }

  @ResolveField(() => [AssetObject])
  children(@Parent() a: AssetEntity, @Context() ctx: GqlContext): Promise<AssetEntity[]> {
    return this.loaders.children(ctx, a.id);
  }

  @ResolveField(() => String, { description: 'Signed, expiring URL of the original bytes' })
  async originalUrl(@Parent() a: AssetEntity, @Context() ctx: GqlContext): Promise<string> {
    const blob = await this.loaders.blob(ctx, a.blobId);
    return this.urls.signedGetUrl(blob.storageKey, blob.mime);
  }
}

function emptyConnection(): AssetConnection {
  return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
}
