import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '../../common/graphql/schema.decorators';
import { idOf, toGlobalId } from '../../common/graphql/global-id';
import type { GqlContext } from '../../common/request-context';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { Role } from '../auth/role';
import { ReindexService } from './reindex.service';
import { SearchJobEntity } from './search-job.entity';
import { JobObject } from './search-job.object';
import { SearchService } from './search.service';
import { AssetSearchFilter, AssetSort, ReindexInput, SearchFacet, SearchResult } from './search.types';

export function toJobObject(j: SearchJobEntity): JobObject {
  return Object.assign(new JobObject(), { id: toGlobalId('Job', j.id), name: j.name, state: j.state, progress: j.progress, startedAt: j.startedAt, finishedAt: j.finishedAt, error: j.error });
}

@Resolver()
export class SearchResolver {
  constructor(
    private readonly search: SearchService,
    private readonly reindexer: ReindexService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => SearchResult, { description: 'An unknown qualifier or bad value in `query` is a GraphQL error with code BAD_USER_INPUT naming it.' })
  searchAssets(
    @CurrentPrincipal() me: Principal,
    @Context() ctx: GqlContext,
    @Args('query', { type: () => String, nullable: true }) query?: string | null,
    @Args('filter', { type: () => AssetSearchFilter, nullable: true }) filter?: AssetSearchFilter | null,
    @Args('sort', { type: () => AssetSort, nullable: true }) sort?: AssetSort | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
    @Args('facets', { type: () => [SearchFacet], nullable: true }) facets?: SearchFacet[] | null,
    @Args('timeZone', { type: () => String, nullable: true, description: 'IANA zone for today/yesterday and zone-less dates (default UTC)' })
    timeZone?: string | null,
  ): Promise<SearchResult> {
    return this.search.search(me, ctx, { query, filter, sort, first, after, facets, timeZone });
  }

  @Query(() => JobObject, { nullable: true })
  async job(@CurrentPrincipal() me: Principal, @Args('id', { type: () => ID }) id: string): Promise<JobObject | null> {
    const uuid = idOf('Job', id);
    const job = uuid ? await this.reindexer.find(me.workspaceId, uuid) : null;
    return job ? toJobObject(job) : null;
  }

  @Mutation(() => JobObject)
  @RequireRole(Role.ADMIN)
  async reindex(@CurrentPrincipal() me: Principal, @Args('input', { type: () => ReindexInput, nullable: true }) input?: ReindexInput | null): Promise<JobObject> {
    return toJobObject(await this.reindexer.start(me, input?.engine ?? this.config.search.engine));
  }
}
