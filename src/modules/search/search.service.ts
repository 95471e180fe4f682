import { Inject, Injectable } from '@nestjs/common';
import { AppError, badUserInput } from '../../common/errors/app-errors';
import { idOf, toGlobalId } from '../../common/graphql/global-id';
import { pageSize } from '../../common/graphql/pagination';
import type { GqlContext } from '../../common/request-context';
import {
  BadCursorError,
  EngineQuery,
  SEARCH_ENGINE,
  SearchEnginePort,
  SearchFacetField,
  SearchSortField,
} from '../../infrastructure/search/search-engine.port';
import { AssetEntity } from '../assets/asset.entity';
import { AssetLoaders } from '../assets/asset.loaders';
import type { Principal } from '../auth/principal';
import { ProjectService } from '../projects/project.service';
import {
  AssetSearchFilterInput,
  AssetStatusValue,
  AssetKindValue,
  mergeSearchFilter,
  NormalizedFilter,
  parseSearchQuery,
  projectRefsToResolve,
  resolveProjectRefs,
  SearchQueryError,
} from './query';
import { SearchClock } from './search-clock';
import { SearchDocumentBuilder } from './search-document.builder';
import { AssetSearchFilter, AssetSort, SearchFacet, SearchResult } from './search.types';

/** pHash Hamming distance (of 64 bits) up to which two assets are near duplicates. */
export const NEAR_DUPLICATE_DISTANCE = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SearchArgs {
  query?: string | null;
  filter?: AssetSearchFilter | null;
  sort?: AssetSort | null;
  first?: number | null;
  after?: string | null;
  facets?: SearchFacet[] | null;
  timeZone?: string | null;
}

/**
 * searchAssets: query text + qualifiers + explicit filter → one engine query, always scoped to the
 * caller's workspace; hits become Asset rows through the per-request DataLoader (so a stale index
 * entry can never surface another workspace's asset or a deleted one).
 */
@Injectable()
export class SearchService {
  constructor(
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEnginePort,
    private readonly clock: SearchClock,
    private readonly projects: ProjectService,
    private readonly source: SearchDocumentBuilder,
    private readonly loaders: AssetLoaders,
  ) {}

  async search(me: Principal, ctx: GqlContext, args: SearchArgs): Promise<SearchResult> {
    const limit = pageSize(args.first, 20);
    const facets = [...new Set(args.facets ?? [])] as SearchFacetField[];
    const filter = await this.effectiveFilter(me, args);
    const empty: SearchResult = {
      totalHits: 0,
      totalHitsExact: true,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: !!args.after, startCursor: null, endCursor: null },
      facets: facets.map((f) => ({ field: f as SearchFacet, values: [] })),
    };
    if (filter.filter.matchesNothing) return empty;

    const q: EngineQuery = {
      workspaceId: me.workspaceId,
      text: filter.text,
      filter: filter.filter,
      sort: { field: (args.sort?.field ?? 'relevance') as SearchSortField, direction: args.sort?.direction === 'ASC' ? 'ASC' : 'DESC' },
      limit,
      after: args.after ?? null,
      facets,
    };
    // Similarity targets are looked up in the caller's workspace: another one's asset answers like a missing one.
    if (filter.filter.nearDuplicatesOf) {
      const ids = await this.source.nearDuplicateIds(me.workspaceId, filter.filter.nearDuplicatesOf, NEAR_DUPLICATE_DISTANCE);
      if (!ids.length) return empty;
      q.restrictToIds = ids;
    }
    if (filter.filter.similarTo) {
      const ref = (await this.source.build([filter.filter.similarTo])).get(filter.filter.similarTo);
      if (!ref || ref.workspaceId !== me.workspaceId || !ref.descriptor) return empty;
      q.similarTo = { vector: ref.descriptor, excludeId: ref.id };
    }

    let res;
    try {
      // Hits start loading as soon as the engine knows the page (its total/facets may take longer);
      // the loads below then find them in the request's DataLoader.
      const early = (ids: string[]) => {
        for (const id of ids) this.loaders.asset(ctx, id).catch(() => undefined); // errors surface below
      };
      res = await this.engine.search(q, early);
    } catch (err) {
      if (err instanceof BadCursorError) throw badUserInput(err.message, { field: 'after' });
      throw err;
    }
    const nodes = await Promise.all(res.hits.map((h) => this.loaders.asset(ctx, h.id)));
    const edges = res.hits
      .map((h, i) => ({ node: nodes[i], cursor: h.cursor, score: h.score }))
      .filter((e): e is { node: AssetEntity; cursor: string; score: number | null } => !!e.node);
    return {
      totalHits: res.totalHits,
      totalHitsExact: res.totalHitsExact,
      edges,
      pageInfo: {
        hasNextPage: res.hasNextPage,
        hasPreviousPage: !!args.after,
        startCursor: res.hits[0]?.cursor ?? null,
        endCursor: res.hits[res.hits.length - 1]?.cursor ?? null,
      },
      facets: res.facets.map((f) => ({
        field: f.field as SearchFacet,
        values: f.values.map((v) => ({ value: f.field === 'projectId' ? toGlobalId('Project', v.value) : v.value, count: v.count })),
      })),
    };
  }

  /** Qualifiers ∩ explicit filter, project refs resolved in the workspace; query errors become BAD_USER_INPUT. */
  private async effectiveFilter(me: Principal, args: SearchArgs): Promise<{ text: string; filter: NormalizedFilter }> {
    try {
      const opts = { clock: this.clock, timeZone: args.timeZone ?? 'UTC' };
      const parsed = parseSearchQuery(args.query ?? '', opts);
      let filter = mergeSearchFilter(parsed.filter, toFilterInput(args.filter), opts);
      const refs = projectRefsToResolve(filter);
      if (refs.length) filter = resolveProjectRefs(filter, await this.resolveProjects(me.workspaceId, refs));
      return { text: parsed.text, filter: normalizeIds(filter) };
    } catch (err) {
      if (err instanceof SearchQueryError) throw new AppError(err.message, { ...err.extensions });
      throw err;
    }
  }

  /** project: values by global id, uuid or slug, only within the caller's workspace. */
  private async resolveProjects(workspaceId: string, refs: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const ref of refs) {
      const uuid = idOf('Project', ref) ?? (UUID.test(ref) ? ref : null);
      const p = (uuid && (await this.projects.findById(workspaceId, uuid))) || (await this.projects.findBySlug(workspaceId, ref.toLowerCase()));
      if (p) out.set(ref, p.id);
    }
    return out;
  }
}

/**
 * Ids from qualifiers (similar:, dup:, stack:) may be global ids or uuids. A value that is neither
 * cannot name anything in this workspace: it matches nothing (like another workspace's id).
 */
function normalizeIds(f: NormalizedFilter): NormalizedFilter {
  const out = { ...f };
  const fix = (type: 'Asset' | 'Stack', v: string | undefined): string | undefined => {
    if (v === undefined) return v;
    const id = idOf(type, v) ?? (UUID.test(v) ? v.toLowerCase() : null);
    if (!id) out.matchesNothing = true;
    return id ?? v;
  };
  out.similarTo = fix('Asset', f.similarTo);
  out.nearDuplicatesOf = fix('Asset', f.nearDuplicatesOf);
  out.stackId = fix('Stack', f.stackId);
  return out;
}

/** GraphQL input → the query layer's input: enum values to names, global ids to uuids. */
function toFilterInput(f: AssetSearchFilter | null | undefined): AssetSearchFilterInput | null {
  if (!f) return null;
  const uuidOf = (type: 'Asset' | 'Project' | 'Stack', v: string) => idOf(type, v) ?? v;
  return {
    ...f,
    projectIds: f.projectIds?.map((v) => uuidOf('Project', v)),
    statuses: f.statuses?.map((s) => String(s).toUpperCase() as AssetStatusValue),
    kinds: f.kinds?.map((k) => String(k).toUpperCase() as AssetKindValue),
    stackId: f.stackId ? uuidOf('Stack', f.stackId) : f.stackId,
    similarTo: f.similarTo ? uuidOf('Asset', f.similarTo) : f.similarTo,
    nearDuplicatesOf: f.nearDuplicatesOf ? uuidOf('Asset', f.nearDuplicatesOf) : f.nearDuplicatesOf,
  };
}
