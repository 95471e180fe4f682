import { Context, Parent, ResolveField, Resolver } from '../../common/graphql/schema.decorators';
import { byKeys } from '../../common/graphql/loaders';
import type { GqlContext } from '../../common/request-context';
import { AssetEntity } from '../assets/asset.entity';
import { workspaceOf } from '../assets/asset.loaders';
import { AssetObject } from '../assets/asset.object';
import { TagObject, TermObject } from './taxonomy.object';
import { TaxonomyService } from './taxonomy.service';
import { TermEntity } from './term.entity';

function termLoader(ctx: GqlContext, service: TaxonomyService) {
  const ws = workspaceOf(ctx);
  return ctx.loaders.get<string, TermEntity | null>('taxonomy.term', async (ids) => byKeys(ids, await service.termsByIds(ws, ids), (t) => t.id));
}

/** Asset.tags: every tag of the asset (rejected ones too: clients filter by state). */
@Resolver(() => AssetObject)
export class AssetTagsResolver {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @ResolveField(() => [TagObject])
  async tags(@Parent() asset: AssetEntity, @Context() ctx: GqlContext): Promise<TagObject[]> {
    const ws = workspaceOf(ctx);
    const rows = await ctx.loaders
      .get<string, TagObject[]>('taxonomy.assetTags', async (ids) => {
        const all = await this.taxonomy.tagsFor(ws, ids);
        return ids.map((id) =>
          all.filter((t) => t.assetId === id).map((t) => ({ label: t.label, source: t.source, confidence: t.confidence, state: t.state, termId: t.termId })),
        );
      })
      .load(asset.id);
    return rows;
  }
}

@Resolver(() => TagObject)
export class TagResolver {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @ResolveField(() => TermObject, { nullable: true })
  term(@Parent() tag: TagObject, @Context() ctx: GqlContext): Promise<TermEntity | null> | null {
    return tag.termId ? termLoader(ctx, this.taxonomy).load(tag.termId) : null;
  }
}

@Resolver(() => TermObject)
export class TermResolver {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @ResolveField(() => TermObject, { nullable: true })
  parent(@Parent() term: TermEntity, @Context() ctx: GqlContext): Promise<TermEntity | null> | null {
    return term.parentId ? termLoader(ctx, this.taxonomy).load(term.parentId) : null;
  }
}
