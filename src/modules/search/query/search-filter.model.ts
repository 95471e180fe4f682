/**
 * Engine-neutral, normalised search filter. Both the qualifier syntax in `query` and the explicit
 * GraphQL `AssetSearchFilter` end up here; engine adapters (Meilisearch, Postgres) only ever read
 * this shape. See docs/search-syntax.md for the semantics.
 *
 * Conventions:
 * - An empty positive list means "no constraint"; a non-empty one means "any of" (IN).
 * - `not*` lists exclude every listed value (NOT IN).
 * - Multi-valued attributes (tags, colours) use a `SetFilter`: all-of + AND-ed any-of groups + none-of.
 * - Time ranges are absolute instants with inclusive bounds, already resolved with the injected clock.
 * - `matchesNothing` is set when intersecting constraints contradict each other (e.g. status APPROVED
 *   from the query and DRAFT from the explicit filter): the caller can short-circuit to an empty page.
 */

/** GraphQL `AssetStatus` values (a TS enum with the same string values is assignable). */
export const ASSET_STATUSES = ['DRAFT', 'IN_REVIEW', 'APPROVED', 'CHANGES_REQUESTED', 'REJECTED', 'ARCHIVED'] as const;
export type AssetStatusValue = (typeof ASSET_STATUSES)[number];

/** GraphQL `AssetKind` values. */
export const ASSET_KINDS = ['IMAGE', 'VIDEO', 'OTHER'] as const;
export type AssetKindValue = (typeof ASSET_KINDS)[number];

export const ORIENTATIONS = ['landscape', 'portrait', 'square'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];

/** Inclusive instant bounds; a missing side is open. */
export interface TimeRange {
  from?: Date;
  to?: Date;
}

/** Constraint on a multi-valued attribute (an asset has many tags / colours). */
export interface SetFilter {
  /** The asset has every one of these. */
  all: string[];
  /** Each group: the asset has at least one value of the group. Groups are AND-ed. */
  any: string[][];
  /** The asset has none of these. */
  none: string[];
}

export interface NormalizedFilter {
  /** Resolved project ids (explicit filter, or `project:` refs after resolution). */
  projectIds: string[];
  notProjectIds: string[];
  /** Unresolved `project:` values (id or slug), resolved by the service within the workspace. */
  projectRefs: string[];
  notProjectRefs: string[];
  statuses: AssetStatusValue[];
  notStatuses: AssetStatusValue[];
  kinds: AssetKindValue[];
  notKinds: AssetKindValue[];
  models: string[];
  notModels: string[];
  providers: string[];
  notProviders: string[];
  tags: SetFilter;
  createdBy: string[];
  notCreatedBy: string[];
  approvedBy: string[];
  notApprovedBy: string[];
  /** Colour bucket names, lower-case. */
  colors: SetFilter;
  orientation?: Orientation;
  aiGenerated?: boolean;
  createdAt?: TimeRange;
  approvedAt?: TimeRange;
  statusChangedAt?: TimeRange;
  stackId?: string;
  picksOnly?: boolean;
  /** Asset id: rank by visual similarity to it (handled by the engine adapter, not a filter clause). */
  similarTo?: string;
  /** Asset id: restrict to its near duplicates (perceptual hash; handled by the service). */
  nearDuplicatesOf?: string;
  /** Set when merged constraints contradict each other: nothing can match. */
  matchesNothing: boolean;
}

export interface SearchCriteria {
  /** Free text left after removing qualifiers; quoted phrases keep their quotes. */
  text: string;
  filter: NormalizedFilter;
}

export function emptySetFilter(): SetFilter {
  return { all: [], any: [], none: [] };
}

/** A filter with no constraint at all. */
export function emptyFilter(): NormalizedFilter {
  return {
    projectIds: [],
    notProjectIds: [],
    projectRefs: [],
    notProjectRefs: [],
    statuses: [],
    notStatuses: [],
    kinds: [],
    notKinds: [],
    models: [],
    notModels: [],
    providers: [],
    notProviders: [],
    tags: emptySetFilter(),
    createdBy: [],
    notCreatedBy: [],
    approvedBy: [],
    notApprovedBy: [],
    colors: emptySetFilter(),
    matchesNothing: false,
  };
}
