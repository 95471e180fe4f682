import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '../../common/graphql/schema.decorators';
import { idOf } from '../../common/graphql/global-id';
import { decodeCursor, encodeCursor, pageInfo, pageSize } from '../../common/graphql/pagination';
import type { GqlContext } from '../../common/request-context';
import { AssetEntity } from '../assets/asset.entity';
import { workspaceOf } from '../assets/asset.loaders';
import { AssetConnection, AssetObject } from '../assets/asset.object';
import { AssetService } from '../assets/asset.service';
import { FileUrlService } from '../assets/file-url.service';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { Role } from '../auth/role';
import { overallState, PIPELINE } from './pipeline';
import { ProcessingStepEntity } from './processing-step.entity';
import { PaletteColorObject, ProcessingObject, ProcessingState, ReprocessAssetsInput } from './processing.object';
import { ProcessingService } from './processing.service';
import { pickRendition } from './rendition-pick';

@Resolver(() => AssetObject)
export class ProcessingResolver {
  constructor(private readonly service: ProcessingService, private readonly assets: AssetService, private readonly urls: FileUrlService) {}

  @ResolveField(() => ProcessingObject)
  async processing(@Parent() asset: AssetEntity, @Context() ctx: GqlContext): Promise<ProcessingObject> {
    const ws = workspaceOf(ctx);
    const rows = await ctx.loaders
      .get<string, ProcessingStepEntity[]>('processing.steps', async (ids) => {
        const all = await this.service.stepsFor(ws, ids);
        return ids.map((id) => all.filter((r) => r.assetId === id));
      })
      .load(asset.id);
    const order = PIPELINE.map((s) => s.name);
    const steps = [...rows].sort((a, b) => order.indexOf(a.step) - order.indexOf(b.step));
    return {
      state: overallState(steps) as ProcessingState,
      steps: steps.map((s) => ({
        name: s.step, state: s.state as ProcessingState, error: s.error, attempts: s.attempts, finishedAt: s.finishedAt, run: s.run, producerVersion: s.producerVersion,
      })),
    };
  }

  @ResolveField(() => String, { nullable: true, description: 'Signed, expiring URL of the nearest WebP rendition (video: of its poster frame); null until rendered' })
  async thumbnailUrl(@Parent() asset: AssetEntity, @Args('size', { type: () => Int, defaultValue: 256 }) size: number): Promise<string | null> {
    const r = pickRendition(asset.renditions, size);
    return r ? this.urls.signedGetUrl(r.key, r.mime) : null;
  }

  @ResolveField(() => [PaletteColorObject], { nullable: true })
  palette(@Parent() asset: AssetEntity): PaletteColorObject[] | null {
    return asset.palette ?? null;
  }

  @ResolveField(() => String, { nullable: true, description: '64-bit DCT perceptual hash, 16 hex digits' })
  phash(@Parent() asset: AssetEntity): string | null {
    return asset.phash ?? null;
  }

  @ResolveField(() => Boolean, { nullable: true, description: 'From C2PA / IPTC DigitalSourceType or generator metadata; null when unknown' })
  aiGenerated(@Parent() asset: AssetEntity): boolean | null {
    return asset.aiGenerated ?? null;
  }

  @RequireRole(Role.CONTRIBUTOR)
  @Mutation(() => [AssetObject], { description: 'Re-runs the chosen steps (and those downstream) of assets of this workspace' })
  async reprocessAssets(@CurrentPrincipal() me: Principal, @Args('input') input: ReprocessAssetsInput): Promise<AssetEntity[]> {
    const ids = input.assetIds.map((g) => idOf('Asset', g)).filter((x): x is string => !!x);
    const touched = await this.service.reprocess(me.workspaceId, ids, input.steps);
    const rows = await this.assets.findByIds(me.workspaceId, touched);
    return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is AssetEntity => !!r);
  }

  @Query(() => AssetConnection, { description: 'Assets with at least one failed processing step, newest first' })
  async processingFailures(
    @CurrentPrincipal() me: Principal,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<AssetConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    return connection(await this.service.failedAssets(me.workspaceId, limit, cursor), limit, !!cursor);
  }

  @Query(() => AssetConnection, { description: 'Assets whose step was last produced by this producer version (to target an upgrade with reprocessAssets)' })
  async assetsProcessedBy(
    @CurrentPrincipal() me: Principal,
    @Args('step') step: string,
    @Args('producerVersion') producerVersion: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<AssetConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    return connection(await this.service.assetsProcessedBy(me.workspaceId, step, producerVersion, limit, cursor), limit, !!cursor);
  }
}

function connection(rows: AssetEntity[], limit: number, hasPrevious: boolean): AssetConnection {
  const page = pageInfo(rows, limit, (a) => encodeCursor(a.createdAt, a.id), hasPrevious);
  return { edges: page.items.map((node) => ({ node, cursor: encodeCursor(node.createdAt, node.id) })), pageInfo: page.pageInfo };
}
