import { SearchQueryError } from './search-query.error';

/** Bounds keep parsing (and the engine query built from it) cheap whatever the client sends. */
export const MAX_QUERY_LENGTH = 1000;
export const MAX_QUERY_TOKENS = 64;

/** A run of characters inside one token; quoted parts came from `"…"`. */
export interface TokenPart {
  text: string;
  quoted: boolean;
}

/** One whitespace-separated token, shell-style: `model:"banana pro"` is one token of two parts. */
export interface RawToken {
  /** 0-based offset of the token's first character (the `-` when negated). */
  position: number;
  negated: boolean;
  parts: TokenPart[];
}

const isSpace = (c: string): boolean => /\s/.test(c);

/**
 * Splits a query into tokens. Quotes group whitespace; inside or outside quotes `\"` is a literal
 * quote and `\\` a literal backslash (any other backslash is kept as typed, so `C:\dir` survives).
 * A leading `-` followed by a non-space character negates the token. Throws SearchQueryError for an
 * over-long query, too many tokens, or an unbalanced quote (with its position).
 */
export function tokenizeQuery(input: string): RawToken[] {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new SearchQueryError(
      `Search query is too long: ${input.length} characters (maximum ${MAX_QUERY_LENGTH})`,
      { position: MAX_QUERY_LENGTH },
    );
  }
  const tokens: RawToken[] = [];
  let i = 0;
  while (i < input.length) {
    if (isSpace(input[i])) {
      i++;
      continue;
    }
    const token: RawToken = { position: i, negated: false, parts: [] };
    if (input[i] === '-' && i + 1 < input.length && !isSpace(input[i + 1])) {
      token.negated = true;
      i++;
    }
    while (i < input.length && !isSpace(input[i])) {
      if (input[i] === '"') {
        const read = readQuoted(input, i);
        token.parts.push({ text: read.text, quoted: true });
        i = read.next;
      } else {
        const read = readBare(input, i);
        token.parts.push({ text: read.text, quoted: false });
        i = read.next;
      }
    }
    tokens.push(token);
    if (tokens.length > MAX_QUERY_TOKENS) {
      throw new SearchQueryError(`Search query has too many terms (maximum ${MAX_QUERY_TOKENS})`, {
        position: token.position,
      });
    }
  }
  return tokens;
}

/** Reads `"…"` starting at the opening quote; returns the unescaped content. */
function readQuoted(input: string, open: number): { text: string; next: number } {
  let text = '';
  let i = open + 1;
  while (i < input.length) {
    const c = input[i];
    if (c === '\\' && (input[i + 1] === '"' || input[i + 1] === '\\')) {
      text += input[i + 1];
      i += 2;
    } else if (c === '"') {
      return { text, next: i + 1 };
    } else {
      text += c;
      i++;
    }
  }
  throw new SearchQueryError(`Unbalanced quote: the quote at position ${open} is never closed`, { position: open });
}

/** Reads unquoted characters up to whitespace or an opening quote. */
function readBare(input: string, start: number): { text: string; next: number } {
  let text = '';
  let i = start;
  while (i < input.length && !isSpace(input[i]) && input[i] !== '"') {
    if (input[i] === '\\' && (input[i + 1] === '"' || input[i + 1] === '\\')) {
      text += input[i + 1];
      i += 2;
    } else {
      text += input[i];
      i++;
    }
  }
  return { text, next: i };
}
