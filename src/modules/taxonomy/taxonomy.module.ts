import { DynamicModule, Module } from '@nestjs/common';
import { NodeRegistry } from '../node/node-registry';
import { AssetTagsResolver, TagResolver, TermResolver } from './taxonomy.resolver';
import { TaxonomyService } from './taxonomy.service';
import { TermEntity } from './term.entity';

/** Vocabularies, terms and asset tags. Resolvers only where GraphQL is served (api role). */
@Module({})
export class TaxonomyModule {
  constructor(registry: NodeRegistry, taxonomy: TaxonomyService) {
    registry.register('Term', { returns: TermEntity, load: async (me, id) => (await taxonomy.termsByIds(me.workspaceId, [id]))[0] ?? null });
  }

  static register(opts: { api: boolean }): DynamicModule {
    return {
      module: TaxonomyModule,
      global: true,
      providers: [TaxonomyService, ...(opts.api ? [AssetTagsResolver, TagResolver, TermResolver] : [])],
      exports: [TaxonomyService],
    };
  }
}
