import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '../../common/graphql/schema.decorators';
import { PageInfo } from '../../common/graphql/pagination';
import { AssetKind, AssetStatus } from '../assets/asset.enums';
import { AssetObject } from '../assets/asset.object';

// GraphQL surface of search (names from API.graphql). Enum *values* of AssetStatus/AssetKind are
// the lower-case entity values; the query layer works with their names, converted in the service.

export enum SearchEngineKind {
  POSTGRES = 'postgres',
  MEILISEARCH = 'meilisearch',
}
registerEnumType(SearchEngineKind, { name: 'SearchEngineKind' });

export enum SearchFacet {
  STATUS = 'status',
  MODEL = 'model',
  TAG = 'tags',
  PROJECT = 'projectId',
  KIND = 'kind',
  COLOR = 'colors',
  CREATED_BY = 'createdBy',
}
registerEnumType(SearchFacet, { name: 'SearchFacet' });

export enum AssetSortField {
  RELEVANCE = 'relevance',
  CREATED_AT = 'createdAt',
  APPROVED_AT = 'approvedAt',
  STATUS_CHANGED_AT = 'statusChangedAt',
}
registerEnumType(AssetSortField, { name: 'AssetSortField' });

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

@InputType()
export class AssetSort {
  @Field(() => AssetSortField) field: AssetSortField;
  @Field(() => SortDirection, { defaultValue: SortDirection.DESC, nullable: true }) direction?: SortDirection | null;
}

@InputType()
export class TimeRangeFilter {
  @Field(() => Date, { nullable: true }) from?: Date | null;
  @Field(() => Date, { nullable: true }) to?: Date | null;
  @Field(() => String, { nullable: true, description: '"90m", "3h", "7d", "2w", "today", "yesterday"' }) last?: string | null;
}

@InputType()
export class TagFilter {
  @Field(() => [String], { nullable: true }) all?: string[] | null;
  @Field(() => [String], { nullable: true }) any?: string[] | null;
  @Field(() => [String], { nullable: true }) none?: string[] | null;
}

@InputType()
export class AssetSearchFilter {
  @Field(() => [ID], { nullable: true }) projectIds?: string[] | null;
  @Field(() => [AssetStatus], { nullable: true }) statuses?: AssetStatus[] | null;
  @Field(() => [AssetKind], { nullable: true }) kinds?: AssetKind[] | null;
  @Field(() => [String], { nullable: true }) models?: string[] | null;
  @Field(() => [String], { nullable: true }) providers?: string[] | null;
  @Field(() => TagFilter, { nullable: true }) tags?: TagFilter | null;
  @Field(() => [ID], { nullable: true }) createdBy?: string[] | null;
  @Field(() => [ID], { nullable: true }) approvedBy?: string[] | null;
  @Field(() => [String], { nullable: true }) colors?: string[] | null;
  @Field(() => String, { nullable: true }) orientation?: string | null;
  @Field(() => Boolean, { nullable: true }) aiGenerated?: boolean | null;
  @Field(() => TimeRangeFilter, { nullable: true }) createdAt?: TimeRangeFilter | null;
  @Field(() => TimeRangeFilter, { nullable: true }) approvedAt?: TimeRangeFilter | null;
  @Field(() => TimeRangeFilter, { nullable: true }) statusChangedAt?: TimeRangeFilter | null;
  @Field(() => ID, { nullable: true }) stackId?: string | null;
  @Field(() => Boolean, { nullable: true }) picksOnly?: boolean | null;
  @Field(() => ID, { nullable: true }) similarTo?: string | null;
  @Field(() => ID, { nullable: true }) nearDuplicatesOf?: string | null;
}

@ObjectType('SearchEdge')
export class SearchEdge {
  @Field(() => AssetObject) node: unknown;
  @Field(() => String) cursor: string;
  @Field(() => Float, { nullable: true }) score: number | null;
}

@ObjectType('FacetValue')
export class FacetValue {
  @Field(() => String) value: string;
  @Field(() => Int) count: number;
}

@ObjectType('Facet')
export class Facet {
  @Field(() => SearchFacet) field: SearchFacet;
  @Field(() => [FacetValue]) values: FacetValue[];
}

@ObjectType('SearchResult')
export class SearchResult {
  @Field(() => Int, { description: 'Exact when totalHitsExact; otherwise an estimate (large match sets, see totalHitsExact).' })
  totalHits: number;
  @Field(() => Boolean, {
    description: 'False when totalHits is an estimate: the postgres engine counts exactly up to SEARCH_EXACT_COUNT_CAP matches (and always when facets are requested); Meilisearch up to its maxTotalHits.',
  })
  totalHitsExact: boolean;
  @Field(() => [SearchEdge]) edges: SearchEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => [Facet]) facets: Facet[];
}

@InputType()
export class ReindexInput {
  @Field(() => SearchEngineKind, { nullable: true }) engine?: SearchEngineKind | null;
}
