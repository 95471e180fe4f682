import { buildMeiliFilter, escapeMeiliValue, MEILI_FILTERABLE_ATTRIBUTES } from './meili-filter.builder';
import { parseSearchQuery } from './qualifier.parser';
import { emptyFilter, NormalizedFilter } from './search-filter.model';

const f = (patch: Partial<NormalizedFilter>): NormalizedFilter => ({ ...emptyFilter(), ...patch });
const WS = 'ws_1';

/**
 * Reads one double-quoted value the way Meilisearch's filter-parser does (crates/filter-parser,
 * `quoted_by` + `unescape`): a backslash skips the next character, the first bare `"` ends the
 * value; then `\"` → `"` and `\\` → `\`. Any other escape would be reinterpreted by Meilisearch,
 * so it fails the test.
 */
function readMeiliQuoted(s: string, start: number): { value: string; next: number } {
  if (s[start] !== '"') throw new Error(`expected a quote at ${start} in ${s}`);
  let i = start + 1;
  while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
  if (i >= s.length) throw new Error(`unterminated value in ${s}`);
  const raw = s.slice(start + 1, i).replace(/\\"/g, '"');
  let value = '';
  for (let j = 0; j < raw.length; j++) {
    if (raw[j] !== '\\') value += raw[j];
    else if (raw[j + 1] === '\\') value += raw[++j];
    else throw new Error(`unexpected escape \\${raw[j + 1]} in ${s}`);
  }
  return { value, next: i + 1 };
}

/** Parses one clause we emit; throws unless it is exactly `<allowed attr> <op> <value(s)>`. */
function parseClause(clause: string): { attr: string; op: string; values: string[] } {
  const head = /^([A-Za-z]+) (=|!=|>=|<=|IN|NOT IN) /.exec(clause);
  if (!head || !(MEILI_FILTERABLE_ATTRIBUTES as readonly string[]).includes(head[1])) throw new Error(`bad clause head: ${clause}`);
  let i = head[0].length;
  const op = head[2];
  const values: string[] = [];
  if (op === '>=' || op === '<=') {
    const n = /^\d+$/.exec(clause.slice(i));
    if (!n) throw new Error(`bad number in ${clause}`);
    return { attr: head[1], op, values: [n[0]] };
  }
  if (op === 'IN' || op === 'NOT IN') {
    if (clause[i++] !== '[') throw new Error(`expected [ in ${clause}`);
    for (;;) {
      const v = readMeiliQuoted(clause, i);
      values.push(v.value);
      i = v.next;
      if (clause.startsWith(', ', i)) i += 2;
      else break;
    }
    if (clause[i++] !== ']') throw new Error(`expected ] in ${clause}`);
  } else {
    const v = readMeiliQuoted(clause, i);
    values.push(v.value);
    i = v.next;
  }
  if (i !== clause.length) throw new Error(`trailing input "${clause.slice(i)}" in ${clause}`);
  return { attr: head[1], op, values };
}

const HOSTILE = [
  'a" OR workspaceId = "other',
  '" OR 1 = 1 OR "',
  'x") OR (workspaceId EXISTS',
  '\\',
  '\\\\',
  'a\\',
  '\\"',
  '\\\\"',
  '"',
  '""',
  '\\n (backslash-n, not a newline)',
  '\\u{41} \\x41',
  'line1\nline2\r\n\tend',
  "it's 'single' quoted",
  'NOT IN [ "x" ] AND ( ) TO EXISTS NULL',
  '日本語 スニーカー',
  '👟 sneakers',
  '\u202eevil\u202c',
  '\u0000nul',
];

describe('escapeMeiliValue', () => {
  it('escapes backslashes first, then double quotes', () => {
    expect(escapeMeiliValue('plain')).toBe('plain');
    expect(escapeMeiliValue('a"b')).toBe('a\\"b');
    expect(escapeMeiliValue('a\\b')).toBe('a\\\\b');
    // backslash + quote → 2 + 1 backslashes then the quote (quote-first would give 4 backslashes).
    expect(escapeMeiliValue('\\"')).toBe('\\\\\\"');
  });

  it.each(HOSTILE)('round-trips %p through the Meilisearch reading rules', (v) => {
    expect(readMeiliQuoted(`"${escapeMeiliValue(v)}"`, 0)).toEqual({ value: v, next: escapeMeiliValue(v).length + 2 });
  });
});

describe('buildMeiliFilter', () => {
  it('always starts with the workspace clause', () => {
    expect(buildMeiliFilter(WS, emptyFilter())).toEqual(['workspaceId = "ws_1"']);
  });

  it('builds every clause from allow-listed attributes, quoted values and epoch-ms numbers', () => {
    const filter = f({
      projectIds: ['p1', 'p2'],
      notProjectIds: ['p9'],
      statuses: ['APPROVED'],
      notStatuses: ['DRAFT', 'ARCHIVED'],
      kinds: ['IMAGE', 'VIDEO'],
      notKinds: ['OTHER'],
      models: ['banana pro'],
      notModels: ['sdxl'],
      providers: ['openai'],
      notProviders: ['x'],
      tags: { all: ['footwear', 'red'], any: [['a', 'b']], none: ['draft'] },
      createdBy: ['u1'],
      notCreatedBy: ['u2'],
      approvedBy: ['u3', 'u4'],
      notApprovedBy: ['u5'],
      colors: { all: ['red'], any: [['blue', 'teal']], none: ['black'] },
      orientation: 'landscape',
      aiGenerated: false,
      createdAt: { from: new Date('2026-11-30T00:00:00.000Z'), to: new Date('2026-11-30T23:59:59.999Z') },
      approvedAt: { from: new Date('2026-11-30T11:00:00.000Z') },
      statusChangedAt: { to: new Date('2026-11-29T00:00:00.000Z') },
      stackId: 'stk',
      picksOnly: true,
      similarTo: 'ignored-here',
      nearDuplicatesOf: 'ignored-here-too',
    });
    expect(buildMeiliFilter(WS, filter)).toEqual([
      'workspaceId = "ws_1"',
      'projectId IN ["p1", "p2"]',
      'projectId NOT IN ["p9"]',
      'status = "APPROVED"',
      'status NOT IN ["DRAFT", "ARCHIVED"]',
      'kind IN ["IMAGE", "VIDEO"]',
      'kind NOT IN ["OTHER"]',
      'model = "banana pro"',
      'model NOT IN ["sdxl"]',
      'provider = "openai"',
      'provider NOT IN ["x"]',
      'tags = "footwear"',
      'tags = "red"',
      'tags IN ["a", "b"]',
      'tags NOT IN ["draft"]',
      'createdBy = "u1"',
      'createdBy NOT IN ["u2"]',
      'approvedBy IN ["u3", "u4"]',
      'approvedBy NOT IN ["u5"]',
      'colors = "red"',
      'colors IN ["blue", "teal"]',
      'colors NOT IN ["black"]',
      'orientation = "landscape"',
      'aiGenerated = "false"',
      `createdAt >= ${Date.parse('2026-11-30T00:00:00.000Z')}`, // 1795996800000
      'createdAt <= 1796083199999',
      'approvedAt >= 1796036400000',
      'statusChangedAt <= 1795910400000',
      'stackId = "stk"',
      'isPick = "true"',
    ]);
  });

  it('a contradictory filter yields an always-false clause', () => {
    expect(buildMeiliFilter(WS, f({ statuses: ['APPROVED'], matchesNothing: true }))).toEqual([
      'workspaceId = "ws_1"',
      'workspaceId != "ws_1"',
    ]);
  });

  it('refuses unresolved project refs and a missing workspace', () => {
    expect(() => buildMeiliFilter(WS, f({ projectRefs: ['summer'] }))).toThrow(/resolveProjectRefs/);
    expect(() => buildMeiliFilter(WS, f({ notProjectRefs: ['summer'] }))).toThrow(/resolveProjectRefs/);
    expect(() => buildMeiliFilter('', emptyFilter())).toThrow(/workspaceId is required/);
  });

  it('refuses an invalid date rather than emitting NaN', () => {
    expect(() => buildMeiliFilter(WS, f({ createdAt: { from: new Date('nope') } }))).toThrow(/Invalid date/);
  });

  describe.each(HOSTILE)('hostile value %p', (v) => {
    const filter = f({
      projectIds: [v],
      notStatuses: [v as never],
      models: [v, 'ok'],
      notModels: [v],
      providers: [v],
      tags: { all: [v], any: [[v, 'x']], none: [v] },
      createdBy: [v],
      approvedBy: [v],
      colors: { all: [v], any: [], none: [v] },
      stackId: v,
    });

    it('stays inside its quotes in every clause', () => {
      const clauses = buildMeiliFilter(WS, filter).map(parseClause);
      expect(clauses[0]).toEqual({ attr: 'workspaceId', op: '=', values: [WS] });
      expect(clauses.filter((c) => c.attr === 'workspaceId')).toHaveLength(1);
      for (const c of clauses.slice(1)) expect(c.values).toContain(v);
      expect(clauses).toHaveLength(14);
    });

    it('as the workspace id it is still a single quoted value', () => {
      const clauses = buildMeiliFilter(v, f({ models: ['m'] })).map(parseClause);
      expect(clauses).toEqual([
        { attr: 'workspaceId', op: '=', values: [v] },
        { attr: 'model', op: '=', values: ['m'] },
      ]);
    });
  });

  it('an injection attempt typed in the query stays a model value', () => {
    const q = 'model:"a\\" OR workspaceId = \\"other" tag:"x\\\\" -tag:"\\\\\\"y"';
    const { filter } = parseSearchQuery(q, { clock: { now: () => new Date() } });
    expect(filter.models).toEqual(['a" OR workspaceId = "other']);
    const built = buildMeiliFilter(WS, filter);
    expect(built).toEqual([
      'workspaceId = "ws_1"',
      'model = "a\\" OR workspaceId = \\"other"',
      'tags = "x\\\\"',
      'tags NOT IN ["\\\\\\"y"]',
    ]);
    expect(built.map(parseClause)).toEqual([
      { attr: 'workspaceId', op: '=', values: ['ws_1'] },
      { attr: 'model', op: '=', values: ['a" OR workspaceId = "other'] },
      { attr: 'tags', op: '=', values: ['x\\'] },
      { attr: 'tags', op: 'NOT IN', values: ['\\"y'] },
    ]);
  });
});
