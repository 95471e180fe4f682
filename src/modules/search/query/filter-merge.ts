import { AssetSearchFilterInput, TimeRangeFilterInput } from './asset-search-filter.input';
import { intersectRanges, isEmptyRange, resolveLast, TimeOptions } from './relative-time';
import {
  ASSET_KINDS,
  ASSET_STATUSES,
  emptyFilter,
  NormalizedFilter,
  ORIENTATIONS,
  Orientation,
  SetFilter,
  TimeRange,
} from './search-filter.model';
import { SearchQueryError } from './search-query.error';

/** Caps the size of the engine filter a single request can produce. */
export const MAX_FILTER_VALUES = 100;

/**
 * The filter searchAssets applies: the qualifiers parsed from `query` AND the explicit `filter`
 * argument (intersection — every constraint from both sides must hold). See intersectFilters.
 */
export function mergeSearchFilter(
  parsed: NormalizedFilter,
  input: AssetSearchFilterInput | null | undefined,
  opts: TimeOptions,
): NormalizedFilter {
  return intersectFilters(parsed, normalizeFilterInput(input, opts));
}

const fail = (field: string, why: string, value?: string): never => {
  throw new SearchQueryError(`Bad filter.${field}: ${why}`, { qualifier: field, value });
};

function cleanList(field: string, values: readonly string[] | null | undefined, lower = false): string[] {
  if (!values) return [];
  if (values.length > MAX_FILTER_VALUES) fail(field, `more than ${MAX_FILTER_VALUES} values`);
  const out: string[] = [];
  for (const raw of values) {
    const v = lower ? raw.trim().toLowerCase() : raw.trim();
    if (!v) fail(field, 'contains an empty value', raw);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

function enumList<T extends string>(field: string, values: readonly string[] | null | undefined, allowed: readonly T[]): T[] {
  return cleanList(field, values).map((v) => allowed.find((a) => a === v) ?? fail(field, `unknown value "${v}"`, v));
}

/** A one-value any-group is just an all-of value; keeps both inputs in one canonical shape. */
function addAnyGroup(set: SetFilter, group: string[]): void {
  if (group.length === 0) return;
  if (group.length === 1) addUnique(set.all, group);
  else if (!set.any.some((g) => sameList(g, group))) set.any.push(group);
}

function toInstant(field: string, v: Date | string): Date {
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? fail(field, `not a valid date-time`, String(v)) : d;
}

function timeRange(field: string, r: TimeRangeFilterInput | null | undefined, opts: TimeOptions): TimeRange | undefined {
  if (!r) return undefined;
  const explicit: TimeRange = {
    ...(r.from != null && { from: toInstant(`${field}.from`, r.from) }),
    ...(r.to != null && { to: toInstant(`${field}.to`, r.to) }),
  };
  // `last` and from/to together: both must hold.
  const range = r.last != null ? intersectRanges(explicit, resolveLast(r.last, opts, `${field}.last`)) : explicit;
  if (isEmptyRange(range)) fail(field, '"from" is after "to"');
  return range && (range.from || range.to) ? range : undefined;
}

function orientationOf(v: string | null | undefined): Orientation | undefined {
  if (v == null) return undefined;
  const o = v.trim().toLowerCase();
  return ORIENTATIONS.find((x) => x === o) ?? fail('orientation', `expected one of ${ORIENTATIONS.join(', ')}`, v);
}

/** The explicit GraphQL filter on its own, validated and normalised. */
export function normalizeFilterInput(input: AssetSearchFilterInput | null | undefined, opts: TimeOptions): NormalizedFilter {
  const f = emptyFilter();
  if (!input) return f;
  f.projectIds = cleanList('projectIds', input.projectIds);
  f.statuses = enumList('statuses', input.statuses, ASSET_STATUSES);
  f.kinds = enumList('kinds', input.kinds, ASSET_KINDS);
  f.models = cleanList('models', input.models);
  f.providers = cleanList('providers', input.providers);
  f.createdBy = cleanList('createdBy', input.createdBy);
  f.approvedBy = cleanList('approvedBy', input.approvedBy);
  addUnique(f.tags.all, cleanList('tags.all', input.tags?.all));
  addAnyGroup(f.tags, cleanList('tags.any', input.tags?.any));
  addUnique(f.tags.none, cleanList('tags.none', input.tags?.none));
  // `colors: [..]` is "any of these colours", like every other plain list in the input.
  addAnyGroup(f.colors, cleanList('colors', input.colors, true));
  const scalars: Partial<NormalizedFilter> = {
    orientation: orientationOf(input.orientation),
    aiGenerated: input.aiGenerated ?? undefined,
    createdAt: timeRange('createdAt', input.createdAt, opts),
    approvedAt: timeRange('approvedAt', input.approvedAt, opts),
    statusChangedAt: timeRange('statusChangedAt', input.statusChangedAt, opts),
    stackId: input.stackId?.trim() || undefined,
    picksOnly: input.picksOnly === true ? true : undefined, // false = no constraint
    similarTo: input.similarTo?.trim() || undefined,
    nearDuplicatesOf: input.nearDuplicatesOf?.trim() || undefined,
  };
  for (const [k, v] of Object.entries(scalars)) if (v !== undefined) Object.assign(f, { [k]: v });
  return f;
}

const POSITIVE = ['projectIds', 'projectRefs', 'statuses', 'kinds', 'models', 'providers', 'createdBy', 'approvedBy'] as const;
const NEGATIVE = [
  'notProjectIds',
  'notProjectRefs',
  'notStatuses',
  'notKinds',
  'notModels',
  'notProviders',
  'notCreatedBy',
  'notApprovedBy',
] as const;

/**
 * AND of two filters. Positive any-of lists intersect (empty = unconstrained); exclusions, all-of
 * sets and any-groups accumulate; time ranges narrow; differing scalars (orientation, aiGenerated,
 * stackId) or an empty intersection set `matchesNothing`. Two different similarTo /
 * nearDuplicatesOf ids cannot be combined and are a SearchQueryError.
 */
export function intersectFilters(a: NormalizedFilter, b: NormalizedFilter): NormalizedFilter {
  const out = emptyFilter();
  let nothing = a.matchesNothing || b.matchesNothing;
  for (const k of POSITIVE) {
    const [x, y] = [a[k] as string[], b[k] as string[]];
    const merged = x.length === 0 ? [...y] : y.length === 0 ? [...x] : x.filter((v) => y.includes(v));
    if (x.length > 0 && y.length > 0 && merged.length === 0) nothing = true;
    Object.assign(out, { [k]: merged });
  }
  for (const k of NEGATIVE) Object.assign(out, { [k]: union(a[k], b[k]) });
  out.tags = mergeSets(a.tags, b.tags);
  out.colors = mergeSets(a.colors, b.colors);
  for (const k of ['orientation', 'aiGenerated', 'stackId'] as const) {
    const [x, y] = [a[k], b[k]];
    if (x !== undefined && y !== undefined && x !== y) nothing = true;
    if ((x ?? y) !== undefined) Object.assign(out, { [k]: x ?? y });
  }
  for (const k of ['similarTo', 'nearDuplicatesOf'] as const) {
    const [x, y] = [a[k], b[k]];
    if (x !== undefined && y !== undefined && x !== y) {
      fail(k, `given twice with different asset ids ("${x}" in the query, "${y}" in the filter)`, y);
    }
    if ((x ?? y) !== undefined) out[k] = x ?? y;
  }
  if (a.picksOnly || b.picksOnly) out.picksOnly = true;
  for (const k of ['createdAt', 'approvedAt', 'statusChangedAt'] as const) {
    const range = intersectRanges(a[k], b[k]);
    if (range) out[k] = range;
    if (isEmptyRange(range)) nothing = true;
  }
  out.matchesNothing = nothing;
  return out;
}

function mergeSets(x: SetFilter, y: SetFilter): SetFilter {
  const any = [...x.any];
  for (const g of y.any) if (!any.some((h) => sameList(g, h))) any.push(g);
  return { all: union(x.all, y.all), any, none: union(x.none, y.none) };
}

function union<T>(x: readonly T[], y: readonly T[]): T[] {
  const out = [...x];
  addUnique(out, y);
  return out;
}

function addUnique<T>(target: T[], values: readonly T[]): void {
  for (const v of values) if (!target.includes(v)) target.push(v);
}

function sameList(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && [...x].sort().join('\u0000') === [...y].sort().join('\u0000');
}
