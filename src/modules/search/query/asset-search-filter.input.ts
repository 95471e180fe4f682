import { AssetKindValue, AssetStatusValue } from './search-filter.model';

/**
 * Plain TS mirror of the GraphQL inputs `AssetSearchFilter`, `TimeRangeFilter` and `TagFilter`
 * (API.graphql). Nullable GraphQL fields may arrive as null, hence `| null`. The resolver's
 * @InputType classes are structurally assignable to these.
 */
export interface TimeRangeFilterInput {
  from?: Date | string | null;
  to?: Date | string | null;
  /** "90m", "3h", "7d", "2w", "today", "yesterday" */
  last?: string | null;
}

export interface TagFilterInput {
  all?: string[] | null;
  any?: string[] | null;
  none?: string[] | null;
}

export interface AssetSearchFilterInput {
  projectIds?: string[] | null;
  statuses?: AssetStatusValue[] | null;
  kinds?: AssetKindValue[] | null;
  models?: string[] | null;
  providers?: string[] | null;
  tags?: TagFilterInput | null;
  createdBy?: string[] | null;
  approvedBy?: string[] | null;
  colors?: string[] | null;
  /** GraphQL String: validated here against landscape | portrait | square. */
  orientation?: string | null;
  aiGenerated?: boolean | null;
  createdAt?: TimeRangeFilterInput | null;
  approvedAt?: TimeRangeFilterInput | null;
  statusChangedAt?: TimeRangeFilterInput | null;
  stackId?: string | null;
  picksOnly?: boolean | null;
  similarTo?: string | null;
  nearDuplicatesOf?: string | null;
}
