import { parseTimeExpression, intersectRanges, TimeOptions } from './relative-time';
import {
  ASSET_KINDS,
  ASSET_STATUSES,
  NormalizedFilter,
  Orientation,
  ORIENTATIONS,
  SetFilter,
  TimeRange,
} from './search-filter.model';

/** What a qualifier handler receives; `fail` throws a SearchQueryError naming qualifier + value. */
export interface QualifierInput {
  /** Canonical qualifier name (e.g. `color` for `colour:`). */
  name: string;
  /** Comma-split, trimmed, validated values (a single element for non-list qualifiers). */
  values: string[];
  negated: boolean;
  filter: NormalizedFilter;
  time: TimeOptions;
  fail(why: string, value?: string): never;
}

export interface QualifierSpec {
  name: string;
  aliases?: string[];
  /** Accepts `a,b,c` (any of). */
  list: boolean;
  negatable: boolean;
  apply(q: QualifierInput): void;
}

type Key<T> = { [K in keyof NormalizedFilter]-?: NormalizedFilter[K] extends T ? K : never }[keyof NormalizedFilter];

const addAll = <T>(target: T[], values: T[]): void => {
  for (const v of values) if (!target.includes(v)) target.push(v);
};

/** Single-valued attribute lists: repeated qualifiers are OR-ed (an asset has one status). */
const listInto =
  (pos: Key<string[]>, neg: Key<string[]>, normalize: (v: string, q: QualifierInput) => string = (v) => v) =>
  (q: QualifierInput): void =>
    addAll(q.filter[q.negated ? neg : pos] as string[], q.values.map((v) => normalize(v, q)));

const sameMembers = (x: string[], y: string[]): boolean => x.length === y.length && x.every((v) => y.includes(v));

/** Multi-valued attributes: `tag:a tag:b` = all, `tag:a,b` = any, `-tag:a` = none. */
const setInto =
  (key: 'tags' | 'colors', normalize: (v: string) => string = (v) => v) =>
  (q: QualifierInput): void => {
    const set: SetFilter = q.filter[key];
    const values = [...new Set(q.values.map(normalize))];
    if (q.negated) addAll(set.none, values);
    else if (values.length === 1) addAll(set.all, values);
    else if (!set.any.some((g) => sameMembers(g, values))) set.any.push(values);
  };

/** Enum matching is case-insensitive and treats `-` / space like `_` (`in-review` = IN_REVIEW). */
const enumOf =
  (allowed: readonly string[]) =>
  (v: string, q: QualifierInput): string => {
    const e = v.toUpperCase().replace(/[-\s]+/g, '_');
    if (!allowed.includes(e)) q.fail(`expected one of ${allowed.map((a) => a.toLowerCase()).join(', ')}`, v);
    return e;
  };

/** Scalars: repeating with the same value is harmless, a different value is a contradiction. */
function setOnce<K extends 'orientation' | 'aiGenerated' | 'stackId' | 'similarTo' | 'nearDuplicatesOf'>(
  q: QualifierInput,
  key: K,
  value: NonNullable<NormalizedFilter[K]>,
): void {
  const current = q.filter[key];
  if (current !== undefined && current !== value) {
    q.fail(`given twice with different values ("${String(current)}" and "${String(value)}")`, q.values[0]);
  }
  q.filter[key] = value;
}

const boolOf = (v: string, q: QualifierInput): boolean => {
  const b = v.toLowerCase();
  if (b === 'true' || b === 'yes') return true;
  if (b === 'false' || b === 'no') return false;
  return q.fail('expected true or false', v);
};

const timeInto =
  (key: 'createdAt' | 'approvedAt' | 'statusChangedAt') =>
  (q: QualifierInput): void => {
    // Repeating a time qualifier narrows the range (AND).
    const range: TimeRange = parseTimeExpression(q.values[0], q.time, q.name);
    q.filter[key] = intersectRanges(q.filter[key], range);
  };

const picks = (q: QualifierInput): void => {
  if (!boolOf(q.values[0], q)) q.fail('only "true" is supported (omit it to include non-picks)', q.values[0]);
  q.filter.picksOnly = true;
};

/** `is:pick` is the GitHub-style spelling of `pick:true`. */
const isFlag = (q: QualifierInput): void => {
  if (q.values[0].toLowerCase() !== 'pick') q.fail('expected "pick"', q.values[0]);
  q.filter.picksOnly = true;
};

const orientationOf = (q: QualifierInput): Orientation => {
  const o = q.values[0].toLowerCase();
  const found = ORIENTATIONS.find((x) => x === o);
  return found ?? q.fail(`expected one of ${ORIENTATIONS.join(', ')}`, q.values[0]);
};

export const QUALIFIERS: readonly QualifierSpec[] = [
  { name: 'status', list: true, negatable: true, apply: listInto('statuses', 'notStatuses', enumOf(ASSET_STATUSES)) },
  { name: 'kind', list: true, negatable: true, apply: listInto('kinds', 'notKinds', enumOf(ASSET_KINDS)) },
  { name: 'model', list: true, negatable: true, apply: listInto('models', 'notModels') },
  { name: 'provider', list: true, negatable: true, apply: listInto('providers', 'notProviders') },
  { name: 'tag', list: true, negatable: true, apply: setInto('tags') },
  { name: 'project', list: true, negatable: true, apply: listInto('projectRefs', 'notProjectRefs') },
  { name: 'created', list: false, negatable: false, apply: timeInto('createdAt') },
  { name: 'approved', list: false, negatable: false, apply: timeInto('approvedAt') },
  { name: 'changed', list: false, negatable: false, apply: timeInto('statusChangedAt') },
  { name: 'color', aliases: ['colour'], list: true, negatable: true, apply: setInto('colors', (v) => v.toLowerCase()) },
  { name: 'orientation', list: false, negatable: false, apply: (q) => setOnce(q, 'orientation', orientationOf(q)) },
  { name: 'by', list: true, negatable: true, apply: listInto('createdBy', 'notCreatedBy') },
  { name: 'approver', list: true, negatable: true, apply: listInto('approvedBy', 'notApprovedBy') },
  { name: 'ai', list: false, negatable: false, apply: (q) => setOnce(q, 'aiGenerated', boolOf(q.values[0], q)) },
  { name: 'stack', list: false, negatable: false, apply: (q) => setOnce(q, 'stackId', q.values[0]) },
  { name: 'pick', list: false, negatable: false, apply: picks },
  { name: 'is', list: false, negatable: false, apply: isFlag },
  { name: 'similar', list: false, negatable: false, apply: (q) => setOnce(q, 'similarTo', q.values[0]) },
  { name: 'dup', list: false, negatable: false, apply: (q) => setOnce(q, 'nearDuplicatesOf', q.values[0]) },
];

const byName = new Map<string, QualifierSpec>();
for (const spec of QUALIFIERS) for (const n of [spec.name, ...(spec.aliases ?? [])]) byName.set(n, spec);

/** Lower-case lookup by name or alias. */
export function findQualifier(key: string): QualifierSpec | undefined {
  return byName.get(key.toLowerCase());
}

/** Every accepted name (aliases included), in declaration order. */
export const QUALIFIER_NAMES: readonly string[] = [...byName.keys()];
