import { MAX_QUERY_LENGTH, MAX_QUERY_TOKENS, tokenizeQuery } from './query.tokenizer';
import { SearchQueryError } from './search-query.error';

const caught = (fn: () => unknown): SearchQueryError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SearchQueryError) return e;
    throw e;
  }
  throw new Error('expected a SearchQueryError');
};

describe('tokenizeQuery', () => {
  it('splits on any whitespace and records positions', () => {
    expect(tokenizeQuery('  red\tsneakers\n x ')).toEqual([
      { position: 2, negated: false, parts: [{ text: 'red', quoted: false }] },
      { position: 6, negated: false, parts: [{ text: 'sneakers', quoted: false }] },
      { position: 16, negated: false, parts: [{ text: 'x', quoted: false }] },
    ]);
    expect(tokenizeQuery('')).toEqual([]);
    expect(tokenizeQuery('   ')).toEqual([]);
  });

  it('keeps a quoted value with its qualifier in one token', () => {
    expect(tokenizeQuery('model:"banana pro" x')).toEqual([
      {
        position: 0,
        negated: false,
        parts: [
          { text: 'model:', quoted: false },
          { text: 'banana pro', quoted: true },
        ],
      },
      { position: 19, negated: false, parts: [{ text: 'x', quoted: false }] },
    ]);
  });

  it('unescapes \\" and \\\\ inside and outside quotes, keeps other backslashes', () => {
    expect(tokenizeQuery('"say \\"hi\\" \\\\ C:\\dir"')[0].parts).toEqual([{ text: 'say "hi" \\ C:\\dir', quoted: true }]);
    expect(tokenizeQuery('tag:a\\"b')[0].parts).toEqual([{ text: 'tag:a"b', quoted: false }]);
  });

  it('negates with a leading dash followed by a non-space', () => {
    expect(tokenizeQuery('-tag:draft')[0]).toMatchObject({ position: 0, negated: true, parts: [{ text: 'tag:draft' }] });
    expect(tokenizeQuery('-"a b"')[0]).toMatchObject({ negated: true, parts: [{ text: 'a b', quoted: true }] });
    expect(tokenizeQuery('a - b')[1]).toEqual({ position: 2, negated: false, parts: [{ text: '-', quoted: false }] });
    expect(tokenizeQuery('t-shirt')[0].negated).toBe(false);
  });

  it('reports an unbalanced quote with its position', () => {
    const err = caught(() => tokenizeQuery('red model:"banana pro'));
    expect(err.message).toBe('Unbalanced quote: the quote at position 10 is never closed');
    expect(err.position).toBe(10);
    expect(err.code).toBe('BAD_USER_INPUT');
    // An escaped quote does not close the phrase.
    expect(caught(() => tokenizeQuery('"abc\\"')).position).toBe(0);
  });

  it('caps the input length', () => {
    expect(tokenizeQuery('a'.repeat(MAX_QUERY_LENGTH))).toHaveLength(1);
    const err = caught(() => tokenizeQuery('a'.repeat(MAX_QUERY_LENGTH + 1)));
    expect(err.message).toBe(`Search query is too long: ${MAX_QUERY_LENGTH + 1} characters (maximum ${MAX_QUERY_LENGTH})`);
  });

  it('caps the number of tokens', () => {
    expect(tokenizeQuery('a '.repeat(MAX_QUERY_TOKENS))).toHaveLength(MAX_QUERY_TOKENS);
    const err = caught(() => tokenizeQuery('a '.repeat(MAX_QUERY_TOKENS + 1)));
    expect(err.message).toBe(`Search query has too many terms (maximum ${MAX_QUERY_TOKENS})`);
    expect(err.position).toBe(MAX_QUERY_TOKENS * 2);
  });
});
