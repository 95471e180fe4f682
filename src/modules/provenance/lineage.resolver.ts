import { Args, Context, Field, ID, InputType, Int, Mutation, Parent, ResolveField, Resolver } from '../../common/graphql/schema.decorators';
import { IsEnum, IsOptional, IsString } from 'class-validator';
import { badUserInput } from '../../common/errors/app-errors';
import { toGlobalId } from '../../common/graphql/global-id';
import { JSONScalar } from '../../common/graphql/json.scalar';
import type { GqlContext } from '../../common/request-context';
import { AssetEntity } from '../assets/asset.entity';
import { DerivationOperation } from '../assets/asset.enums';
import { AssetLoaders, workspaceOf } from '../assets/asset.loaders';
import { AssetObject } from '../assets/asset.object';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { LineageObject, SetAssetParentResult } from './lineage.object';
import { assembleLineage, clampLineageDepth, MAX_LINEAGE_DEPTH } from './lineage.rules';
import { ChainRow, LineageService, RootedLineageRow } from './lineage.service';
import { buildProvenance } from './provenance.document';

@InputType()
export class SetAssetParentInput {
  @Field(() => ID) @IsString() assetId: string;
  @Field(() => ID, { nullable: true, description: 'null removes the parent link' }) @IsOptional() @IsString() parentId?: string | null;
  @Field(() => DerivationOperation, { nullable: true }) @IsOptional() @IsEnum(DerivationOperation) operation?: DerivationOperation | null;
}

/** Asset.lineage, Asset.provenance and setAssetParent (the checked way to fix a parent link). */
@Resolver(() => AssetObject)
export class LineageResolver {
  constructor(private readonly lineages: LineageService, private readonly assets: AssetLoaders) {}

  @Mutation(() => SetAssetParentResult, { description: 'Sets or clears the parent link; rejects links that would create a cycle' })
  setAssetParent(@CurrentPrincipal() me: Principal, @Args('input') input: SetAssetParentInput) {
    return this.lineages.setParent(me, input);
  }

  @ResolveField(() => LineageObject)
  async lineage(
    @Parent() asset: AssetEntity,
    @Context() ctx: GqlContext,
    @Args('depth', { type: () => Int, nullable: true, defaultValue: 3, description: `0–${MAX_LINEAGE_DEPTH}; larger values are clamped` }) depth: number,
  ): Promise<LineageObject> {
    let d: number;
    try {
      d = clampLineageDepth(depth ?? 3);
    } catch (err) {
      throw badUserInput((err as Error).message, { field: 'depth' });
    }
    const ws = workspaceOf(ctx);
    const rows = await ctx.loaders
      .get<string, RootedLineageRow[]>(`asset.lineage:${d}`, async (ids) => {
        const all = await this.lineages.lineageRows(ws, ids, d);
        return ids.map((id) => all.filter((r) => r.rootId === id));
      })
      .load(asset.id);
    const l = assembleLineage(asset.id, rows, { depth: d, rootOperation: asset.operation });
    const load = async (id: string) => (id === asset.id ? asset : this.assets.asset(ctx, id));
    const present = <T>(v: T | null): v is T => v !== null;
    const [ancestors, descendants, edges] = await Promise.all([
      Promise.all(l.ancestors.map((n) => load(n.id))),
      Promise.all(l.descendants.map((n) => load(n.id))),
      Promise.all(
        l.edges.map(async (e) => {
          const [parent, child] = await Promise.all([load(e.parentId), load(e.childId)]);
          return parent && child ? { parent, child, operation: e.operation as DerivationOperation | null } : null;
        }),
      ),
    ]);
    return {
      ancestors: ancestors.filter(present), descendants: descendants.filter(present), edges: edges.filter(present),
      depth: d, ancestorsTruncated: l.truncated.ancestors, descendantsTruncated: l.truncated.descendants,
    };
  }

  @ResolveField(() => JSONScalar, { description: 'How this asset was made: generation fields with sources, C2PA summary, parent chain, stack, review, template' })
  async provenance(@Parent() asset: AssetEntity, @Context() ctx: GqlContext): Promise<Record<string, unknown>> {
    const ws = workspaceOf(ctx);
    const [blob, embeddedMetadata, chain] = await Promise.all([
      this.assets.blob(ctx, asset.blobId),
      this.assets.embeddedMetadata(ctx, asset.id),
      ctx.loaders
        .get<string, ChainRow[]>('asset.parentChain', async (ids) => {
          const all = await this.lineages.parentChains(ws, ids);
          return ids.map((id) => all.filter((r) => r.rootId === id));
        })
        .load(asset.id),
    ]);
    return buildProvenance({
      asset,
      blob: { sha256: blob.sha256, mime: blob.mime, size: Number(blob.size) },
      generation: asset.generation,
      generationSources: asset.generationSources,
      embeddedMetadata,
      chain: chain.filter((c) => c.depth <= MAX_LINEAGE_DEPTH),
      chainTruncated: chain.some((c) => c.depth > MAX_LINEAGE_DEPTH),
      stack: asset.stackId ? { id: asset.stackId, isPick: asset.isPick } : null,
      globalId: toGlobalId,
    });
  }
}
