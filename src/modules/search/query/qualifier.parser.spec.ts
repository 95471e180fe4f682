import { parseSearchQuery } from './qualifier.parser';
import { QUALIFIER_NAMES } from './qualifier.registry';
import { Clock } from './relative-time';
import { emptyFilter, NormalizedFilter } from './search-filter.model';
import { SearchQueryError } from './search-query.error';

const clock: Clock = { now: () => new Date('2026-11-30T14:00:00.000Z') };
const opts = { clock };
const d = (iso: string): Date => new Date(iso);
const parse = (q: string, timeZone?: string) => parseSearchQuery(q, { clock, timeZone });
const filterOf = (q: string): NormalizedFilter => parse(q).filter;
const expected = (patch: Partial<NormalizedFilter>): NormalizedFilter => ({ ...emptyFilter(), ...patch });

const caught = (q: string): SearchQueryError => {
  try {
    parseSearchQuery(q, opts);
  } catch (e) {
    if (e instanceof SearchQueryError) return e;
    throw e;
  }
  throw new Error(`expected "${q}" to fail`);
};

describe('parseSearchQuery — the issue example', () => {
  it('parses into the exact expected structure', () => {
    const q =
      'red sneakers status:approved approved:<3h model:"banana pro" tag:footwear -tag:draft ' +
      'project:summer-campaign created:2026-11-30 color:red kind:video';
    expect(parseSearchQuery(q, opts)).toStrictEqual({
      text: 'red sneakers',
      filter: {
        projectIds: [],
        notProjectIds: [],
        projectRefs: ['summer-campaign'],
        notProjectRefs: [],
        statuses: ['APPROVED'],
        notStatuses: [],
        kinds: ['VIDEO'],
        notKinds: [],
        models: ['banana pro'],
        notModels: [],
        providers: [],
        notProviders: [],
        tags: { all: ['footwear'], any: [], none: ['draft'] },
        createdBy: [],
        notCreatedBy: [],
        approvedBy: [],
        notApprovedBy: [],
        colors: { all: ['red'], any: [], none: [] },
        approvedAt: { from: d('2026-11-30T11:00:00.000Z'), to: d('2026-11-30T14:00:00.000Z') },
        createdAt: { from: d('2026-11-30T00:00:00.000Z'), to: d('2026-11-30T23:59:59.999Z') },
        matchesNothing: false,
      },
    });
  });

  it('an empty query is no text and no constraint', () => {
    expect(parse('')).toStrictEqual({ text: '', filter: emptyFilter() });
    expect(parse('   ')).toStrictEqual({ text: '', filter: emptyFilter() });
  });
});

describe('parseSearchQuery — qualifiers', () => {
  it.each([
    ['status:approved', { statuses: ['APPROVED'] }],
    ['status:in_review status:IN-REVIEW status:"in review"', { statuses: ['IN_REVIEW'] }],
    ['status:draft,changes-requested', { statuses: ['DRAFT', 'CHANGES_REQUESTED'] }],
    ['-status:rejected -status:archived', { notStatuses: ['REJECTED', 'ARCHIVED'] }],
    ['kind:image,Video', { kinds: ['IMAGE', 'VIDEO'] }],
    ['-kind:other', { notKinds: ['OTHER'] }],
    ['model:sdxl model:"banana pro"', { models: ['sdxl', 'banana pro'] }],
    ['-model:"flux dev"', { notModels: ['flux dev'] }],
    ['model:"a, b",c', { models: ['a, b', 'c'] }],
    ['provider:openai,replicate', { providers: ['openai', 'replicate'] }],
    ['-provider:midjourney', { notProviders: ['midjourney'] }],
    ['project:summer-campaign project:prj_123', { projectRefs: ['summer-campaign', 'prj_123'] }],
    ['-project:old', { notProjectRefs: ['old'] }],
    ['by:usr_1,usr_2', { createdBy: ['usr_1', 'usr_2'] }],
    ['-by:usr_bot', { notCreatedBy: ['usr_bot'] }],
    ['approver:usr_9', { approvedBy: ['usr_9'] }],
    ['-approver:usr_9', { notApprovedBy: ['usr_9'] }],
    ['orientation:Landscape', { orientation: 'landscape' }],
    ['orientation:square orientation:square', { orientation: 'square' }],
    ['ai:true', { aiGenerated: true }],
    ['ai:no', { aiGenerated: false }],
    ['stack:stk_1', { stackId: 'stk_1' }],
    ['pick:true', { picksOnly: true }],
    ['is:pick', { picksOnly: true }],
    ['similar:ast_1', { similarTo: 'ast_1' }],
    ['dup:ast_2', { nearDuplicatesOf: 'ast_2' }],
  ] as Array<[string, Partial<NormalizedFilter>]>)('%s', (q, patch) => {
    expect(parse(q)).toStrictEqual({ text: '', filter: expected(patch) });
  });

  it('tags: repeated = all, comma list = any group, negated = none', () => {
    expect(filterOf('tag:a tag:b tag:c,d tag:e,f -tag:x,y -tag:z tag:a').tags).toEqual({
      all: ['a', 'b'],
      any: [
        ['c', 'd'],
        ['e', 'f'],
      ],
      none: ['x', 'y', 'z'],
    });
    expect(filterOf('tag:"street wear"').tags.all).toEqual(['street wear']);
  });

  it('colours: color and colour alias, lower-cased, same set semantics', () => {
    expect(filterOf('color:Red colour:blue color:green,teal -colour:BLACK').colors).toEqual({
      all: ['red', 'blue'],
      any: [['green', 'teal']],
      none: ['black'],
    });
  });

  it('time qualifiers resolve with the clock and narrow when repeated', () => {
    expect(filterOf('created:2026-11-01..2026-11-15').createdAt).toEqual({
      from: d('2026-11-01T00:00:00Z'),
      to: d('2026-11-15T23:59:59.999Z'),
    });
    expect(filterOf('approved:>2026-11-29').approvedAt).toEqual({ from: d('2026-11-30T00:00:00Z') });
    expect(filterOf('approved:>3h').approvedAt).toEqual({ to: d('2026-11-30T11:00:00Z') });
    expect(filterOf('changed:today').statusChangedAt).toEqual({ from: d('2026-11-30T00:00:00Z'), to: d('2026-11-30T23:59:59.999Z') });
    expect(filterOf('created:>=2026-11-01 created:<2026-11-10').createdAt).toEqual({
      from: d('2026-11-01T00:00:00Z'),
      to: d('2026-11-09T23:59:59.999Z'),
    });
    expect(filterOf('created:"2026-11-30 10:00"').createdAt?.from).toEqual(d('2026-11-30T10:00:00Z'));
  });

  it('uses the time zone option for day boundaries', () => {
    expect(parse('created:today', 'Europe/Paris').filter.createdAt).toEqual({
      from: d('2026-11-29T23:00:00Z'),
      to: d('2026-11-30T22:59:59.999Z'),
    });
    expect(() => parse('red', 'Not/AZone')).toThrow(/Unknown time zone "Not\/AZone"/);
  });

  it('qualifier names are case-insensitive', () => {
    expect(filterOf('Status:approved KIND:image').statuses).toEqual(['APPROVED']);
  });

  it('every documented qualifier name is known', () => {
    expect([...QUALIFIER_NAMES].sort()).toEqual(
      ['ai', 'approved', 'approver', 'by', 'changed', 'color', 'colour', 'created', 'dup', 'is', 'kind', 'model', 'orientation', 'pick', 'project', 'provider', 'similar', 'stack', 'status', 'tag'].sort(),
    );
  });
});

describe('parseSearchQuery — free text', () => {
  it('keeps words and quoted phrases in order', () => {
    expect(parse('red "running shoes" status:approved on grass').text).toBe('red "running shoes" on grass');
  });

  it('does not read URLs, times, or trailing colons as qualifiers', () => {
    expect(parse('see http://x.test/a 12:30 note: a_b:c 2026:01').text).toBe('see http://x.test/a 12:30 note: a_b:c 2026:01');
  });

  it('a quoted qualifier-looking phrase is text', () => {
    expect(parse('"status:approved"')).toStrictEqual({ text: '"status:approved"', filter: emptyFilter() });
  });

  it('neutralises stray quotes that would open a phrase in the engine', () => {
    expect(parse('a\\"b "say \\"hi\\""').text).toBe('a b "say  hi"');
  });

  it('a lone dash is text', () => {
    expect(parse('red - blue').text).toBe('red - blue');
  });
});

describe('parseSearchQuery — errors', () => {
  it('unknown qualifier names it, suggests, and lists the known ones', () => {
    const err = caught('red colr:red');
    expect(err).toBeInstanceOf(SearchQueryError);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.qualifier).toBe('colr');
    expect(err.position).toBe(4);
    expect(err.message).toMatch(/^Unknown qualifier "colr:"\. Did you mean "color:"\? Known qualifiers: status:, kind:, .*dup:\./);
    expect(err.extensions).toEqual({ code: 'BAD_USER_INPUT', qualifier: 'colr', position: 4 });
    expect(caught('zzzz:1').message).not.toContain('Did you mean');
    expect(caught('qq:1').message).not.toContain('Did you mean'); // short keys: distance 1 only
  });

  it.each([
    ['status:maybe', 'status', 'maybe', /Bad value "maybe" for status: — expected one of draft, in_review, approved/],
    ['status:approved,maybe', 'status', 'maybe', /Bad value "maybe" for status:/],
    ['kind:gif', 'kind', 'gif', /expected one of image, video, other/],
    ['approved:<3x', 'approved', '<3x', /Bad value "<3x" for approved:/],
    ['created:2026-02-30', 'created', '2026-02-30', /for created:/],
    ['changed:soon', 'changed', 'soon', /for changed:/],
    ['orientation:diagonal', 'orientation', 'diagonal', /expected one of landscape, portrait, square/],
    ['ai:maybe', 'ai', 'maybe', /expected true or false/],
    ['pick:false', 'pick', 'false', /only "true" is supported/],
    ['is:approved', 'is', 'approved', /expected "pick"/],
    ['stack:a,b', 'stack', 'a,b', /single value/],
    ['created:2026-11-01,2026-11-02', 'created', '2026-11-01,2026-11-02', /single value/],
    ['status:approved,', 'status', 'approved,', /empty value/],
    ['model:""', 'model', '', /empty value/],
    ['model:"a\nb"', 'model', 'a\nb', /control character/],
    ['stack:a stack:b', 'stack', 'b', /given twice with different values/],
    ['ai:true ai:false', 'ai', 'false', /given twice/],
    ['orientation:square orientation:portrait', 'orientation', 'portrait', /given twice/],
    ['similar:a similar:b', 'similar', 'b', /given twice/],
  ])('%p → names %s and %p', (q, qualifier, value, message) => {
    const err = caught(q);
    expect(err.qualifier).toBe(qualifier);
    expect(err.value).toBe(value);
    expect(err.message).toMatch(message);
    expect(typeof err.position).toBe('number');
  });

  it('too-long values are refused without echoing them whole', () => {
    const err = caught(`model:${'m'.repeat(201)}`);
    expect(err.message).toMatch(/longer than 200 characters/);
    expect(err.value).toHaveLength(41);
  });

  it('a known qualifier without a value', () => {
    const err = caught('red status: approved');
    expect(err.message).toBe('Qualifier "status:" needs a value (no space after the colon), e.g. status:value');
    expect(err.position).toBe(4);
  });

  it.each(['-created:today', '-ai:true', '-stack:s', '-is:pick', '-pick:true', '-orientation:square', '-similar:a', '-dup:a'])(
    '%s cannot be negated',
    (q) => {
      expect(caught(q).message).toMatch(/cannot be negated/);
    },
  );

  it('negated free text is an error that suggests alternatives', () => {
    const err = caught('red -draft');
    expect(err.message).toBe(
      'Excluding free text is not supported ("-draft" at position 4). Use a qualifier such as -tag:draft, or quote it ("-draft") to search for the text itself',
    );
    expect(err.position).toBe(4);
    expect(parse('red "-draft"').text).toBe('red "-draft"');
  });

  it('unbalanced quotes report their position', () => {
    const err = caught('a tag:"foo');
    expect(err.message).toMatch(/Unbalanced quote: the quote at position 6/);
  });

  it('huge input is refused', () => {
    expect(caught('red '.repeat(300)).message).toMatch(/too long: 1200 characters \(maximum 1000\)/);
    expect(caught('a '.repeat(100)).message).toMatch(/too many terms/);
  });
});
