import { NormalizedFilter, SetFilter, TimeRange } from './search-filter.model';

/**
 * The only attribute names that may appear in a Meilisearch filter we build. Must match the
 * index's filterableAttributes; timestamps are stored as epoch-millisecond numbers, booleans as
 * booleans, enums as their GraphQL values (APPROVED, IMAGE), orientation lower-case.
 */
export const MEILI_FILTERABLE_ATTRIBUTES = [
  'workspaceId',
  'projectId',
  'status',
  'kind',
  'model',
  'provider',
  'tags',
  'createdBy',
  'approvedBy',
  'colors',
  'orientation',
  'aiGenerated',
  'createdAt',
  'approvedAt',
  'statusChangedAt',
  'stackId',
  'isPick',
] as const;
export type MeiliFilterAttribute = (typeof MEILI_FILTERABLE_ATTRIBUTES)[number];

const ALLOWED: ReadonlySet<string> = new Set(MEILI_FILTERABLE_ATTRIBUTES);

/** Escapes a value for use inside a double-quoted Meilisearch filter string: backslash first, then quotes. */
export function escapeMeiliValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

// Defence in depth: the type already restricts names, this also guards against casts.
function attr(name: MeiliFilterAttribute): string {
  if (!ALLOWED.has(name)) throw new Error(`Attribute "${String(name)}" is not filterable`);
  return name;
}

const quote = (v: string | boolean): string => `"${escapeMeiliValue(String(v))}"`;
const eq = (a: MeiliFilterAttribute, v: string | boolean): string => `${attr(a)} = ${quote(v)}`;
const anyOf = (a: MeiliFilterAttribute, vs: readonly string[]): string =>
  vs.length === 1 ? eq(a, vs[0]) : `${attr(a)} IN [${vs.map(quote).join(', ')}]`;
const noneOf = (a: MeiliFilterAttribute, vs: readonly string[]): string => `${attr(a)} NOT IN [${vs.map(quote).join(', ')}]`;

function epochMs(d: Date): string {
  const t = d.getTime();
  if (!Number.isSafeInteger(t)) throw new Error('Invalid date in search filter');
  return String(t);
}

/**
 * Meilisearch `filter` for a search: an array of expressions Meilisearch ANDs together. The
 * workspace clause is always first and always present, whatever the filter says. Project refs
 * must have been resolved (resolveProjectRefs) before; similarTo / nearDuplicatesOf are not
 * filter clauses and are handled by the engine adapter / service.
 */
export function buildMeiliFilter(workspaceId: string, f: NormalizedFilter): string[] {
  if (!workspaceId) throw new Error('buildMeiliFilter: workspaceId is required');
  if (f.projectRefs.length > 0 || f.notProjectRefs.length > 0) {
    throw new Error('buildMeiliFilter: project refs must be resolved to ids first (resolveProjectRefs)');
  }
  const out = [eq('workspaceId', workspaceId)];
  // A contradiction: an always-false clause on an allow-listed attribute keeps the result empty.
  if (f.matchesNothing) return [...out, `${attr('workspaceId')} != ${quote(workspaceId)}`];

  const list = (a: MeiliFilterAttribute, pos: readonly string[], neg: readonly string[]): void => {
    if (pos.length > 0) out.push(anyOf(a, pos));
    if (neg.length > 0) out.push(noneOf(a, neg));
  };
  const set = (a: MeiliFilterAttribute, s: SetFilter): void => {
    for (const v of s.all) out.push(eq(a, v));
    for (const g of s.any) if (g.length > 0) out.push(anyOf(a, g));
    if (s.none.length > 0) out.push(noneOf(a, s.none));
  };
  const range = (a: MeiliFilterAttribute, r: TimeRange | undefined): void => {
    if (r?.from) out.push(`${attr(a)} >= ${epochMs(r.from)}`);
    if (r?.to) out.push(`${attr(a)} <= ${epochMs(r.to)}`);
  };

  list('projectId', f.projectIds, f.notProjectIds);
  list('status', f.statuses, f.notStatuses);
  list('kind', f.kinds, f.notKinds);
  list('model', f.models, f.notModels);
  list('provider', f.providers, f.notProviders);
  set('tags', f.tags);
  list('createdBy', f.createdBy, f.notCreatedBy);
  list('approvedBy', f.approvedBy, f.notApprovedBy);
  set('colors', f.colors);
  if (f.orientation !== undefined) out.push(eq('orientation', f.orientation));
  if (f.aiGenerated !== undefined) out.push(eq('aiGenerated', f.aiGenerated));
  range('createdAt', f.createdAt);
  range('approvedAt', f.approvedAt);
  range('statusChangedAt', f.statusChangedAt);
  if (f.stackId !== undefined) out.push(eq('stackId', f.stackId));
  if (f.picksOnly) out.push(eq('isPick', true));
  return out;
}
